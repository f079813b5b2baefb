"""The biomarker results: one form row per result on record, simple for a patient, complete for a coordinator.

A patient answers each marker of the panel with one choice ("tested, positive",
"not tested", "I don't know" …) and may open "more detail" for what the report
says. A coordinator sees every field and can add a re-test of a marker. Either
way a row carries the id of the record it edits, so several results of one
marker stay apart; the save (intake.services.biomarkers_save) writes only the
fields the form showed, so a patient's save never clears what a coordinator
completed.
"""

import datetime
import functools
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cases.clinical.biomarkers import codes as bcodes
from cases.clinical.biomarkers.alterations import ALTERATIONS
from cases.clinical.data.markers import MARKERS
from cases.partial_dates import DAY, latest
from intake import biomarker_detail
from intake.choices import choices
from intake.partial_date_field import PartialDateField

YES_NO_UNKNOWN = [("", _("Not sure")), ("true", _("Yes")), ("false", _("No"))]

ERR_NAME = _("Name the marker this result is for.")
ERR_FUTURE = _("This date is in the future.")
ERR_COLLECTED_AFTER_REPORT = _("The specimen cannot have been taken after the date of its report.")
ERR_PERCENT = _("Give a percentage from 0 to 100.")
ERR_SCORE_WITHOUT_SYSTEM = _("Say which score this is (TPS, CPS, IC or TC).")

# HER2 is scored on two scales kept apart (ASCO/CAP 2023): the IHC score and the ISH result.
HER2_IHC_CODES = ("ihc_0", "ihc_ultralow", "ihc_1plus", "ihc_2plus", "ihc_3plus")
HER2_ISH_CODES = {"ish_amplified": "positive", "ish_not_amplified": "negative"}
# Markers whose result may be inherited: the patient is asked where the variant comes from.
PATIENT_ORIGIN_MARKERS = ("BRCA", "HRR", "PALB2", "ATM", "CHEK2", "MMR", "MSI")

# The record fields each kind of form shows; the save writes only these.
PATIENT_FIELDS = (
    "result",
    "alterations",
    "value",
    "her2_ihc",
    "her2_ish",
    "pdl1_score",
    "pdl1_system",
    "origin",
    "assay",
    "covers_gene",
    "specimen",
    "collected_on",
    "tested_on",
    "document",
    "source_report",
)
COORDINATOR_FIELDS = (
    *PATIENT_FIELDS,
    "fusion_partner",
    "pdl1_clone",
    "vaf",
    "detects",
    "exons_tested",
    "specimen_site",
)
_NOT_DETAIL = ("record", "marker", "marker_name", "result")
# What counts as an answer: a row with none of these filled is no record (and clears one).
ANSWER_FIELDS = tuple(f for f in COORDINATOR_FIELDS if f not in ("covers_gene",))


def canonical_marker(name: str) -> str:
    """A typed name that is a known marker code (any case) becomes that code; any other name is kept as typed."""
    name = " ".join(name.split())
    upper = name.upper().replace("-", "").replace(" ", "")
    for code in MARKERS:
        if code.upper() == upper:
            return code
    return name


def alteration_choices(marker: str) -> list[tuple[str, str]]:
    """The coded alteration classes of a marker, HER2's IHC and ISH scores left to their own fields.

    Kept per marker (the labels are lazy, so in the reader's language when shown); a marker off the code lists
    has none and is not kept. Callers do not change the list.
    """
    if marker not in ALTERATIONS:
        return []
    return _alteration_choices(marker)


@functools.cache
def _alteration_choices(marker: str) -> list[tuple[str, str]]:
    classes = ALTERATIONS.get(marker, {})
    skip = (*HER2_IHC_CODES, *HER2_ISH_CODES) if marker == "HER2" else ()
    return choices({code: label for code, (label, _scope) in classes.items() if code not in skip}, blank=False)


def _her2_ihc_choices():
    labels = {c: label for c, (label, _s) in ALTERATIONS.get("HER2", {}).items() if c in HER2_IHC_CODES}
    return choices(labels)


def has_fusions(marker: str) -> bool:
    return any(scope == "fusions" for _label, scope in ALTERATIONS.get(marker, {}).values())


class BiomarkerResultForm(forms.Form):
    """One result of one marker, as a patient gives it. Panel rows have a fixed marker; extra rows name their own."""

    record_fields: tuple[str, ...] = PATIENT_FIELDS

    record = forms.IntegerField(required=False, widget=forms.HiddenInput)
    marker = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    marker_name = forms.CharField(label=_("Other marker"), max_length=100, required=False)
    result = forms.ChoiceField(label=_("Result"), required=False, choices=lambda: choices(bcodes.RESULTS))
    alterations = forms.MultipleChoiceField(
        label=_("What was found"), required=False, widget=forms.CheckboxSelectMultiple
    )
    value = forms.CharField(
        label=_("Result as written in the report"),
        max_length=200,
        required=False,
        help_text=_("For example the variant, such as “exon 19 deletion” or “p.L858R”."),
    )
    her2_ihc = forms.ChoiceField(label=_("HER2 IHC score"), required=False, choices=_her2_ihc_choices)
    her2_ish = forms.ChoiceField(
        label=_("HER2 ISH (FISH) result"), required=False, choices=lambda: choices(bcodes.ISH_RESULTS)
    )
    pdl1_score = forms.DecimalField(
        label=_("PD-L1 score"), required=False, min_value=0, max_value=100, decimal_places=1, max_digits=5
    )
    pdl1_system = forms.ChoiceField(
        label=_("Scoring system"), required=False, choices=lambda: choices(bcodes.PDL1_SCORING)
    )
    origin = forms.ChoiceField(
        label=_("Inherited or in the tumour only?"), required=False, choices=lambda: choices(bcodes.ORIGINS)
    )
    assay = forms.ChoiceField(label=_("How it was tested"), required=False, choices=lambda: choices(bcodes.ASSAYS))
    covers_gene = forms.TypedChoiceField(
        label=_("Did the test cover this gene?"),
        required=False,
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
    )
    specimen = forms.ChoiceField(label=_("Tested on"), required=False, choices=lambda: choices(bcodes.SPECIMENS))
    collected_on = PartialDateField(label=_("Date the sample was taken"))
    tested_on = PartialDateField(label=_("Date of the report"))
    document: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Uploaded report it comes from"), required=False, queryset=None, empty_label=_("— choose —")
    )
    source_report = forms.CharField(label=_("Or name the report"), max_length=200, required=False)

    def __init__(
        self,
        *args,
        documents=None,
        document_choices=None,
        marker_code: str = "",
        page_details=None,
        only: tuple[str, ...] = (),
        **kwargs,
    ):
        code = marker_code or (kwargs.get("initial") or {}).get("marker", "")
        # Only the fields this marker shows are copied for the form (Django deep-copies every declared field
        # for each form, and the biomarker step has one form per result row: issue 16); `only` some of them.
        shown = _shown_fields(type(self), code)
        # BaseForm.__init__ copies self.base_fields: this form's own, in place of the class's.
        self.base_fields = {name: shown[name] for name in only} if only else shown  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        self.marker_code = code
        self.page_details = page_details  # what the page's blank details share (intake.biomarker_detail)
        fields: dict[str, Any] = self.fields  # typed loosely: the stubs know only the base Field
        if "document" in fields:
            fields["document"].queryset = documents
            fields["document"].label_from_instance = _document_label
        if "document" in fields and document_choices is not None:
            # The case's documents read once for every row (document_choices_for), not one query per row's select.
            fields["document"].choices = [("", fields["document"].empty_label), *document_choices]
        if "alterations" in fields:
            # A callable, read when the choices are: a list would be deep-copied with each form.
            fields["alterations"].choices = functools.partial(alteration_choices, code)

    @property
    def row_label(self) -> str:
        """The marker this row is about, in words, so a message about one of its fields says which marker."""
        from cases.biomarker_view import marker_names

        return marker_names(self.marker_code)[0] if self.marker_code else ""

    @classmethod
    def hidden_for(cls, code: str) -> list[str]:
        """Fields that do not apply to this marker (an extra row, whose marker is typed, keeps them all)."""
        if not code:
            return []
        declared = cls.base_fields
        hidden = []
        if not alteration_choices(code):
            hidden.append("alterations")
        if code != "HER2":
            hidden += ["her2_ihc", "her2_ish"]
        if code != "PDL1":
            hidden += [n for n in ("pdl1_score", "pdl1_system", "pdl1_clone") if n in declared]
        if "fusion_partner" in declared and not has_fusions(code):
            hidden.append("fusion_partner")
        if cls.record_fields is PATIENT_FIELDS and code not in PATIENT_ORIGIN_MARKERS:
            hidden.append("origin")
        return hidden

    def detail_names(self) -> list[str]:
        """The fields behind "more detail": every shown field but the marker and the result."""
        return [name for name in self.fields if name not in _NOT_DETAIL]

    def detail_fields(self):
        return [self[name] for name in self.detail_names()]

    @property
    def detail_html(self):
        return biomarker_detail.detail_html(self, self.page_details)

    @property
    def result_html(self):
        return biomarker_detail.result_html(self)

    @property
    def when(self) -> datetime.date | None:
        """The date of the result on record this row edits: its sample's, else its report's."""
        return self.initial.get("collected_on") or self.initial.get("tested_on")

    @property
    def answered_before(self) -> bool:
        return bool(self.initial.get("result"))

    def has_detail(self) -> bool:
        """Whether "more detail" should start open: something is filled in there, or wrong."""
        names = self.detail_names()
        if self.is_bound:
            return any(name in self.errors for name in names) or any(
                self.data.get(self.add_prefix(name)) for name in names
            )
        return any(self.initial.get(name) not in (None, "", [], ()) for name in names)

    def clean_collected_on(self):
        return _not_future(self.cleaned_data.get("collected_on"))

    def clean_tested_on(self):
        return _not_future(self.cleaned_data.get("tested_on"))

    def clean(self):
        data = super().clean() or {}
        typed = (data.get("marker_name") or "").strip()
        data["code"] = data.get("marker") or (canonical_marker(typed) if typed else "")
        if not data["code"] and self.answered(data):
            self.add_error("marker_name", ERR_NAME)
        collected, reported = data.get("collected_on"), data.get("tested_on")
        if collected and reported and collected > latest(reported):
            self.add_error("collected_on", ERR_COLLECTED_AFTER_REPORT)
        if data.get("pdl1_score") is not None and not data.get("pdl1_system"):
            self.add_error("pdl1_system", ERR_SCORE_WITHOUT_SYSTEM)
        return data

    def answered(self, data: dict | None = None) -> bool:
        data = self.cleaned_data if data is None else data
        return any(data.get(name) not in (None, "", [], ()) for name in ANSWER_FIELDS if name in self.fields)

    def record_values(self) -> dict:
        """The record's fields this form showed, as the model stores them."""
        data = self.cleaned_data
        values = {}
        for name in self.record_fields:
            if name not in self.fields:
                continue
            value = data.get(name)
            if (
                value is None
                and name not in ("covers_gene", "document", "pdl1_score", "vaf")
                and not name.endswith("_on")
            ):
                value = [] if name in ("alterations", "detects") else ""
            values[name] = value
            if name.endswith("_on"):  # a partial date keeps how much of it was given (cases.partial_dates)
                values[f"{name}_precision"] = getattr(value, "precision", DAY)
        return values


class CoordinatorBiomarkerResultForm(BiomarkerResultForm):
    """Every field of a result, for the coordinator who completes the record from the reports."""

    record_fields = COORDINATOR_FIELDS

    fusion_partner = forms.CharField(label=_("Fusion partner"), max_length=60, required=False)
    pdl1_clone = forms.ChoiceField(
        label=_("Antibody clone"), required=False, choices=lambda: choices(bcodes.PDL1_CLONES)
    )
    vaf = forms.DecimalField(
        label=_("Variant allele frequency (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        error_messages={"min_value": ERR_PERCENT, "max_value": ERR_PERCENT},
    )
    detects = forms.MultipleChoiceField(
        label=_("What the assay could detect"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: choices(bcodes.SCOPES, blank=False),
        help_text=_("Leave empty if the report does not say; the assay's usual scope is then assumed."),
    )
    exons_tested = forms.CharField(
        label=_("Only these exons tested"),
        max_length=50,
        required=False,
        help_text=_("For example “2” for a KRAS exon 2 kit; leave empty if the whole gene was covered."),
    )
    specimen_site = forms.CharField(label=_("Which site"), max_length=200, required=False)

    def clean_exons_tested(self):
        raw = (self.cleaned_data.get("exons_tested") or "").replace(" ", "")
        if not raw:
            return ""
        parts = raw.replace(";", ",").split(",")
        if not all(p.isdigit() and 0 < int(p) < 100 for p in parts):
            raise forms.ValidationError(_("List exon numbers separated by commas, for example “2, 3, 4”."))
        return ", ".join(str(int(p)) for p in parts)


def _not_future(value: datetime.date | None) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(ERR_FUTURE)
    return value


def document_choices_for(documents) -> list[tuple[int, str]]:
    """The document select's options, from one read of `documents`, for every result row of a page."""
    return [(document.pk, _document_label(document)) for document in documents]


def _document_label(document) -> str:
    date = formats.date_format(document.document_date, "DATE_FORMAT") if document.document_date else ""
    name = document.description or document.original_name
    return f"{name} · {document.get_kind_display()}" + (f" · {date}" if date else "")


# A marker off the code lists (one a patient typed) is shown as any other such marker: keyed as one.
_OFF_LIST = "\x00off-list"


def _shown_fields(form_class, code: str) -> dict:
    """The declared fields `form_class` shows for marker `code`, in order: copied for each form of that marker."""
    known = code in MARKERS or code in ALTERATIONS or code in PATIENT_ORIGIN_MARKERS or code in ("HER2", "PDL1")
    return _shown_fields_for(form_class, code if known or not code else _OFF_LIST)


@functools.cache
def _shown_fields_for(form_class, code: str) -> dict:
    hidden = set(form_class.hidden_for(code))
    return {name: field for name, field in form_class.base_fields.items() if name not in hidden}
