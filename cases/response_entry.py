"""Forms a coordinator fills in instead of JSON, one per criteria most used (iRECIST, Lugano 2014 PET, PCWG3).

Each form checks what a person can get wrong (a scan with sizes and no date, a
row half filled, Deauville 4-5 without the uptake compared with baseline) with
a message on the field itself, then turns its answers into the criteria's own
input (the JSON the README documents), which cases.responses.response_save
assesses. `initial_from` reads a stored input back, so an assessment entered
either way can be edited here. Every other criteria is entered as JSON.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.clinical import codes
from cases.clinical.response.lugano import MARROW, TIMEPOINTS, UPTAKE
from cases.clinical.response.pcwg3 import SOFT_TISSUE
from cases.clinical.response.recist_input import lesion_mm
from cases.labels import reported_choices

MAX_LESIONS = 5  # RECIST 1.1 allows at most 5 target lesions
MAX_SCANS = 4
MAX_PSA = 8
MAX_BONE_SCANS = 4
NONTARGET = [
    ("present", _("Still there, not growing")),
    ("absent", _("Gone")),
    ("unequivocal_progression", _("Clearly growing")),
    ("not_evaluated", _("Not checked")),
]
NON_NODAL_MIN, NODAL_MIN = Decimal(10), Decimal(15)  # RECIST 1.1 measurable target lesions (Eisenhauer 2009)

ERR_NO_LESION = _("Give at least one target lesion with its baseline size.")
ERR_NO_BASELINE = _("Give this lesion's baseline size first (or clear its measurements).")
ERR_NO_DATE = _("Give the date of this scan: it has measurements.")
ERR_NO_SCAN = _("Give at least one scan after baseline, with its date and sizes.")
ERR_ORDER = _("The scans must be in date order.")
ERR_SMALL_NON_NODAL = _("A target lesion must be at least 10 mm at baseline (RECIST 1.1).")
ERR_SMALL_NODAL = _("A target lymph node must be at least 15 mm in short axis at baseline (RECIST 1.1).")
ERR_COUNT_WITHOUT_NEW = _("Tick “new lesions” for this scan, or leave the count and size empty.")
ERR_UPTAKE = _("At Deauville 4 or 5, say how the uptake compares with baseline.")
ERR_HALF_ROW = _("Give both the date and the value, or neither.")
ERR_PSA_COUNT = _("Give at least the baseline PSA and one value after treatment started.")
ERR_BASELINE_AFTER_START = _("The first PSA value is the baseline: it must be on or before the treatment start.")


def _choose(form: forms.Form, name: str, choices: list) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _number(label, *, decimals=1, digits=6) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=digits, decimal_places=decimals, required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )  # fmt: skip


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else ""


def _float(value):
    return None if value is None else float(value)


class EntryForm(forms.Form):
    """What every structured form shares: what the patient was told, and the criteria it follows."""

    criteria = ""
    reported_category = forms.ChoiceField(
        label=_("What the patient was told"),
        required=False,
        choices=[("", "—")] + [(k, _(v)) for k, v in codes.RESPONSE_CATEGORIES.items()],
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("reported_category") or ""  # a value saved earlier stays offered
        self.fields["reported_category"].choices = reported_choices(case, current)  # type: ignore[attr-defined]

    def assessed_on(self):
        return None

    def to_data(self) -> dict:
        raise NotImplementedError

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        raise NotImplementedError

    # The input's keys this form gives back (any other key would be dropped by a save from the form).
    keys: frozenset[str] = frozenset()

    @classmethod
    def holds(cls, data: dict) -> bool:
        """Whether the form can show all of `data` and give it back: an assessment entered as JSON with more rows
        or other keys than the form has is edited as JSON, so a save never drops what the form could not show."""
        return isinstance(data, dict) and set(data) <= cls.keys


class IrecistForm(EntryForm):
    """iRECIST (Seymour, Lancet Oncol 2017): RECIST 1.1 target lesions at baseline and each scan, with what iRECIST
    reads beyond RECIST at each scan (new lesions counted and measured, non-target growth)."""

    criteria = "irecist"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MAX_LESIONS):
            self.fields[f"site_{i}"] = forms.CharField(
                label=_("Lesion %(n)d: where") % {"n": i + 1}, max_length=60, required=False
            )
            self.fields[f"nodal_{i}"] = forms.BooleanField(label=_("lymph node"), required=False)
            self.fields[f"base_{i}"] = _number(_("baseline mm"))
            for j in range(MAX_SCANS):
                self.fields[f"mm_{i}_{j}"] = _number(_("mm"))
        for j in range(MAX_SCANS):
            n = {"n": j + 1}
            self.fields[f"date_{j}"] = _date_field(_("Scan %(n)d date") % n)
            self.fields[f"nontarget_{j}"] = forms.ChoiceField(
                label=_("Scan %(n)d: non-target disease") % n, choices=NONTARGET, initial="present"
            )
            self.fields[f"new_{j}"] = forms.BooleanField(label=_("Scan %(n)d: new lesions") % n, required=False)
            self.fields[f"new_count_{j}"] = forms.IntegerField(
                label=_("Scan %(n)d: how many new lesions") % n, min_value=0, required=False
            )
            self.fields[f"new_sum_{j}"] = _number(_("Scan %(n)d: sum of new lesions (mm)") % n)
            self.fields[f"nt_increase_{j}"] = forms.BooleanField(
                label=_("Scan %(n)d: non-target disease grew further") % n, required=False
            )

    def lesion_rows(self):
        return [
            {
                "n": i + 1,
                "site": self[f"site_{i}"],
                "nodal": self[f"nodal_{i}"],
                "base": self[f"base_{i}"],
                "mms": [self[f"mm_{i}_{j}"] for j in range(MAX_SCANS)],
            }
            for i in range(MAX_LESIONS)
        ]

    def scan_columns(self):
        return [
            {
                "n": j + 1,
                "date": self[f"date_{j}"],
                "nontarget": self[f"nontarget_{j}"],
                "new": self[f"new_{j}"],
                "new_count": self[f"new_count_{j}"],
                "new_sum": self[f"new_sum_{j}"],
                "nt_increase": self[f"nt_increase_{j}"],
            }
            for j in range(MAX_SCANS)
        ]

    def _lesions(self, d) -> list[int]:
        return [i for i in range(MAX_LESIONS) if d.get(f"base_{i}") is not None]

    def _scans(self, d, lesions) -> list[int]:
        return [j for j in range(MAX_SCANS) if any(d.get(f"mm_{i}_{j}") is not None for i in lesions)]

    def clean(self):
        super().clean()
        d: dict = self.cleaned_data
        lesions = self._lesions(d)
        for i in range(MAX_LESIONS):
            base = d.get(f"base_{i}")
            if base is None:
                if any(d.get(f"mm_{i}_{j}") is not None for j in range(MAX_SCANS)):
                    self.add_error(f"base_{i}", ERR_NO_BASELINE)
                continue
            if d.get(f"nodal_{i}") and base < NODAL_MIN:
                self.add_error(f"base_{i}", ERR_SMALL_NODAL)
            elif not d.get(f"nodal_{i}") and base < NON_NODAL_MIN:
                self.add_error(f"base_{i}", ERR_SMALL_NON_NODAL)
        if not lesions:
            self.add_error(None, ERR_NO_LESION)
            return d
        scans = self._scans(d, lesions)
        if not scans:
            self.add_error(None, ERR_NO_SCAN)
        for j in scans:
            if d.get(f"date_{j}") is None:
                self.add_error(f"date_{j}", ERR_NO_DATE)
        dates = [d[f"date_{j}"] for j in scans if d.get(f"date_{j}")]
        if dates != sorted(dates):
            self.add_error(None, ERR_ORDER)
        for j in range(MAX_SCANS):
            if not d.get(f"new_{j}") and (d.get(f"new_count_{j}") or d.get(f"new_sum_{j}")):
                self.add_error(f"new_count_{j}", ERR_COUNT_WITHOUT_NEW)
        return d

    def assessed_on(self):
        d = self.cleaned_data
        dates = [d[f"date_{j}"] for j in self._scans(d, self._lesions(d)) if d.get(f"date_{j}")]
        return max(dates, default=None)

    def to_data(self) -> dict:
        d = self.cleaned_data
        lesions = self._lesions(d)
        scans = self._scans(d, lesions)

        def per_scan(key, convert=lambda v: v):
            return [convert(d.get(f"{key}_{j}")) for j in scans]

        data = {
            "baseline": [
                {"site": d[f"site_{i}"] or f"#{i + 1}", "nodal": d[f"nodal_{i}"], "mm": float(d[f"base_{i}"])}
                for i in lesions
            ],
            "assessments": [[_float(d.get(f"mm_{i}_{j}")) for i in lesions] for j in scans],
            "dates": per_scan("date", _iso),
            "nontarget": per_scan("nontarget"),
            "new_lesions": per_scan("new", bool),
            "nontarget_increase": per_scan("nt_increase", bool),
        }
        if any(d.get(f"new_count_{j}") is not None for j in scans):
            data["new_lesion_count"] = per_scan("new_count", lambda v: v or 0)
        if any(d.get(f"new_sum_{j}") is not None for j in scans):
            data["new_lesion_sum_mm"] = per_scan("new_sum", lambda v: float(v or 0))
        return data

    keys = frozenset(
        {
            "baseline",
            "assessments",
            "dates",
            "nontarget",
            "new_lesions",
            "new_lesion_count",
            "new_lesion_sum_mm",
            "nontarget_increase",
        }
    )

    @classmethod
    def holds(cls, data: dict) -> bool:
        if not super().holds(data):
            return False
        baseline, points = data.get("baseline") or [], data.get("assessments") or []
        return (
            len(baseline) <= MAX_LESIONS
            and len(points) <= MAX_SCANS
            and all(isinstance(lesion, dict) for lesion in baseline)
            # a lesion given as an object at a time point comes back as a bare number: keep it as entered
            and all(isinstance(point, list) and not any(isinstance(mm, dict) for mm in point) for point in points)
        )

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        initial: dict = {}
        points = data.get("assessments") or []
        for i, lesion in enumerate((data.get("baseline") or [])[:MAX_LESIONS]):
            if not isinstance(lesion, dict):
                continue
            initial |= {
                f"site_{i}": lesion.get("site"),
                f"nodal_{i}": lesion.get("nodal"),
                f"base_{i}": lesion.get("mm"),
            }
            for j, point in enumerate(points[:MAX_SCANS]):
                if isinstance(point, list) and i < len(point):
                    initial[f"mm_{i}_{j}"] = lesion_mm(point[i])

        def at(key, j, default=None):
            value = data.get(key)
            if isinstance(value, list):
                return value[j] if j < len(value) else default
            return default if value is None else value

        for j in range(min(len(points), MAX_SCANS)):
            initial |= {
                f"date_{j}": at("dates", j) or None,
                f"nontarget_{j}": at("nontarget", j, "present"),
                f"new_{j}": at("new_lesions", j, False),
                f"new_count_{j}": at("new_lesion_count", j),
                f"new_sum_{j}": at("new_lesion_sum_mm", j),
                f"nt_increase_{j}": at("nontarget_increase", j, False),
            }
        return initial


UPTAKE_LABELS = {
    "reduced": _("Reduced"),
    "no_significant_change": _("No significant change"),
    "increased": _("Increased"),
}
MARROW_LABELS = {
    "no_fdg_avid_disease": _("No FDG-avid disease in the marrow"),
    "residual_uptake_reduced": _("Residual uptake, lower than normal marrow"),
    "no_change": _("No change from baseline"),
    "new_or_recurrent_fdg_avid_foci": _("New or recurrent FDG-avid foci"),
}
TIMEPOINT_LABELS = {"interim": _("Interim (during treatment)"), "end_of_treatment": _("End of treatment")}


class LuganoPetForm(EntryForm):
    """Lugano 2014 PET-CT (Cheson, J Clin Oncol 2014): the five-point Deauville score and what goes with it."""

    criteria = "lugano2014"
    assessed = _date_field(_("Date of the PET-CT"))
    timepoint = forms.ChoiceField(label=_("When in treatment"))
    deauville = forms.TypedChoiceField(
        label=_("Deauville score (highest residual uptake)"),
        coerce=int,
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)],
    )
    uptake_vs_baseline = forms.ChoiceField(label=_("Uptake compared with baseline"), required=False)
    bone_marrow = forms.ChoiceField(label=_("Bone marrow"))
    new_fdg_avid_lesions = forms.BooleanField(label=_("New FDG-avid lesions consistent with lymphoma"), required=False)
    residual_mass = forms.BooleanField(label=_("A residual mass is still seen on CT"), required=False)
    deauville_x = forms.BooleanField(label=_("New uptake scored Deauville X (unlikely to be lymphoma)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choose(self, "timepoint", [(t, TIMEPOINT_LABELS[t]) for t in TIMEPOINTS])
        _choose(self, "uptake_vs_baseline", [("", "—")] + [(u, UPTAKE_LABELS[u]) for u in UPTAKE])
        _choose(self, "bone_marrow", [(m, MARROW_LABELS[m]) for m in MARROW])

    def clean(self):
        super().clean()
        d: dict = self.cleaned_data
        if (d.get("deauville") or 0) >= 4 and not d.get("uptake_vs_baseline"):
            self.add_error("uptake_vs_baseline", ERR_UPTAKE)
        return d

    def assessed_on(self):
        return self.cleaned_data.get("assessed")

    def to_data(self) -> dict:
        d = self.cleaned_data
        data = {
            "deauville": d["deauville"],
            "timepoint": d["timepoint"],
            "bone_marrow": d["bone_marrow"],
            "new_fdg_avid_lesions": d["new_fdg_avid_lesions"],
            "residual_mass": d["residual_mass"],
            "deauville_x": d["deauville_x"],
        }
        if d.get("uptake_vs_baseline"):
            data["uptake_vs_baseline"] = d["uptake_vs_baseline"]
        return data

    keys = frozenset(
        {
            "deauville",
            "timepoint",
            "uptake_vs_baseline",
            "bone_marrow",
            "new_fdg_avid_lesions",
            "residual_mass",
            "deauville_x",
        }
    )

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        keys = ("deauville", "timepoint", "uptake_vs_baseline", "bone_marrow", "new_fdg_avid_lesions")
        return {k: data.get(k) for k in (*keys, "residual_mass", "deauville_x") if data.get(k) is not None}


SOFT_TISSUE_LABELS = {
    "none": _("No soft-tissue disease measured"),
    "CR": _("Complete response (CR)"),
    "PR": _("Partial response (PR)"),
    "SD": _("Stable disease (SD)"),
    "PD": _("Progressive disease (PD)"),
    "NonCR/NonPD": _("Non-CR/non-PD (non-target disease only)"),
    "NE": _("Not evaluable (NE)"),
}


class Pcwg3Form(EntryForm):
    """PCWG3 (Scher, J Clin Oncol 2016): dated PSA values from baseline, bone scans with their new lesions, and the
    soft-tissue RECIST category."""

    criteria = "pcwg3"
    treatment_start = forms.DateField(label=_("Treatment start"), widget=forms.DateInput(attrs={"type": "date"}))
    soft_tissue_recist = forms.ChoiceField(label=_("Soft tissue (RECIST 1.1) at the last scan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choose(self, "soft_tissue_recist", [(s, SOFT_TISSUE_LABELS[s]) for s in ("none", *SOFT_TISSUE[:-1])])
        for i in range(MAX_PSA):
            n = {"n": i + 1}
            label = _("PSA %(n)d date (the first is the baseline)") % n if i == 0 else _("PSA %(n)d date") % n
            self.fields[f"psa_date_{i}"] = _date_field(label)
            self.fields[f"psa_{i}"] = _number(_("PSA %(n)d (ng/mL)") % n, decimals=3, digits=9)
        for i in range(MAX_BONE_SCANS):
            n = {"n": i + 1}
            self.fields[f"bone_date_{i}"] = _date_field(_("Bone scan %(n)d date") % n)
            self.fields[f"bone_new_{i}"] = forms.IntegerField(
                label=_("Bone scan %(n)d: new lesions") % n, min_value=0, required=False
            )

    def psa_rows(self):
        return [(self[f"psa_date_{i}"], self[f"psa_{i}"]) for i in range(MAX_PSA)]

    def bone_rows(self):
        return [(self[f"bone_date_{i}"], self[f"bone_new_{i}"]) for i in range(MAX_BONE_SCANS)]

    def _rows(self, d, date_key, value_key, count) -> list[tuple]:
        rows = []
        for i in range(count):
            when, value = d.get(f"{date_key}_{i}"), d.get(f"{value_key}_{i}")
            if (when is None) != (value is None):
                self.add_error(f"{value_key}_{i}" if value is None else f"{date_key}_{i}", ERR_HALF_ROW)
            elif when is not None:
                rows.append((when, value))
        return rows

    def clean(self):
        super().clean()
        d: dict = self.cleaned_data
        psa = self._rows(d, "psa_date", "psa", MAX_PSA)
        bone = self._rows(d, "bone_date", "bone_new", MAX_BONE_SCANS)
        if len(psa) < 2 and not self.errors:
            self.add_error(None, ERR_PSA_COUNT)
        for rows in (psa, bone):
            dates = [when for when, _value in rows]
            if dates != sorted(dates):
                self.add_error(None, ERR_ORDER)
        start = d.get("treatment_start")
        if psa and start and psa[0][0] > start:
            self.add_error("treatment_start", ERR_BASELINE_AFTER_START)
        d["psa_rows"], d["bone_rows"] = psa, bone
        return d

    def assessed_on(self):
        d = self.cleaned_data
        return max([when for when, _value in d["psa_rows"] + d["bone_rows"]], default=None)

    def to_data(self) -> dict:
        d = self.cleaned_data
        return {
            "treatment_start": _iso(d["treatment_start"]),
            "psa": [{"date": _iso(when), "ng_ml": float(value)} for when, value in d["psa_rows"]],
            "bone_scans": [{"date": _iso(when), "new_lesions": value} for when, value in d["bone_rows"]],
            "soft_tissue_recist": d["soft_tissue_recist"],
        }

    keys = frozenset({"treatment_start", "psa", "bone_scans", "soft_tissue_recist"})

    @classmethod
    def holds(cls, data: dict) -> bool:
        psa, scans = data.get("psa") or [], data.get("bone_scans") or []
        return (
            super().holds(data)
            and len(psa) <= MAX_PSA
            and len(scans) <= MAX_BONE_SCANS
            and all(isinstance(row, dict) and set(row) <= {"date", "ng_ml"} for row in psa)
            and all(isinstance(row, dict) and set(row) <= {"date", "new_lesions"} for row in scans)
        )

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        initial: dict = {"treatment_start": data.get("treatment_start")}
        initial["soft_tissue_recist"] = data.get("soft_tissue_recist") or "none"
        for i, row in enumerate((data.get("psa") or [])[:MAX_PSA]):
            if isinstance(row, dict):
                initial |= {f"psa_date_{i}": row.get("date"), f"psa_{i}": row.get("ng_ml")}
        for i, row in enumerate((data.get("bone_scans") or [])[:MAX_BONE_SCANS]):
            if isinstance(row, dict):
                initial |= {f"bone_date_{i}": row.get("date"), f"bone_new_{i}": row.get("new_lesions")}
        return initial


ENTRY_FORMS: dict[str, type[EntryForm]] = {"irecist": IrecistForm, "lugano2014": LuganoPetForm, "pcwg3": Pcwg3Form}
