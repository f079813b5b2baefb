"""ELN 2022 response criteria for acute myeloid leukaemia.

Döhner H et al., Diagnosis and management of AML in adults: 2022
recommendations from an international expert panel on behalf of the ELN.
Blood 2022;140:1345-1377, Table 7 (response criteria): CR, CRh or CRi
without measurable residual disease (MRD), CR, CR with partial haematologic
recovery (CRh), CR with incomplete haematologic recovery (CRi), morphologic
leukaemia-free state (MLFS), partial remission (PR), no response, progressive
disease, and relapse after a CR, CRh or CRi (haematologic, or MRD relapse
after an MRD-negative remission).

Progressive disease (Table 7, unchanged from ELN 2017, Table 6), any of:
- marrow blasts up by more than 50% over baseline (at least 15 percentage
  points when baseline was under 30%), or marrow blasts over 70% for at least
  3 months; either only without at least a 100% improvement of ANC to more
  than 0.5 x 10^9/L and/or of platelets to more than 50 x 10^9/L
  (non-transfused);
- blood blasts (WBC x % blasts) up by more than 50% to more than 25 x 10^9/L,
  not during differentiation syndrome;
- new extramedullary disease.
The count-recovery exception, persistent blasts, blood blasts and new
extramedullary disease are read from optional inputs; without them PD is
judged on the marrow rise alone, and the explanation says so.

Checked against the stored copy of Table 7 (ashpublications.com/view-large/
10723166, "Response criteria in AML", November 2026): CR (marrow blasts < 5%,
no circulating blasts, no extramedullary disease, ANC >= 1.0 and platelets
>= 100 x 10^9/L), CRh (ANC >= 0.5 and platelets >= 50, all other CR criteria
met; "if CRh used, CRi should only include patients not meeting the
definition of CRh", hence CRh is tried before CRi), CRi (all CR criteria
except residual neutropenia < 1.0 or thrombocytopenia < 100), MLFS (marrow
blasts < 5%, no circulating blasts, no extramedullary disease, no count
recovery required), PR (all haematologic CR criteria, marrow blasts 5-25% and
down by at least 50%), no response, and CR, CRh or CRi without MRD. The stored
copy ends there: the relapse rows (haematologic relapse and MRD relapse) and
the progressive-disease row could not be read, so ``_relapse`` and
``progression_reasons`` are left as first written.
"""

from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number
from .base import Assessment, Reader, invalid, result

BLASTS_CR = Decimal(5)  # bone marrow blasts < 5%
ANC_CR, PLATELETS_CR = Decimal("1.0"), Decimal(100)  # >= 1.0 and >= 100 x 10^9/L
ANC_CRH, PLATELETS_CRH = Decimal("0.5"), Decimal(50)  # >= 0.5 and >= 50 x 10^9/L
PR_BLASTS_MAX = Decimal(25)
PR_REDUCTION = Decimal("0.5")  # pretreatment blasts down by at least 50%
# PD: marrow blasts up by more than 50% over baseline, at least 15 points when baseline was under 30%.
PD_RISE = Decimal("1.5")
PD_MIN_POINTS, PD_LOW_BASELINE = Decimal(15), Decimal(30)
PD_PERSISTENT_BLASTS = Decimal(70)  # marrow blasts over 70% for at least 3 months
PD_BLOOD_BLASTS = Decimal(25)  # blood blasts up > 50% to more than 25 x 10^9/L
RECOVERY_ANC, RECOVERY_PLATELETS = Decimal("0.5"), Decimal(50)  # a 100% improvement to above these is not PD
MRD_STATES = ("negative", "positive", "not_done")
CRI_READINGS = ("one_count_recovered", "any_residual_cytopenia")

E_PRETREATMENT = gettext_noop("pretreatment_bm_blasts_pct is needed to judge a partial remission")
E_PERCENT = gettext_noop("%(key)s must be a percentage from 0 to 100, got %(value)s")
T_RESULT = gettext_noop(
    "marrow blasts %(blasts)s%%, circulating blasts %(circulating)s, extramedullary disease "
    "%(emd)s, ANC %(anc)s, platelets %(platelets)s x10^9/L, MRD %(mrd)s: %(category)s"
)
T_CLEAR = gettext_noop(
    "marrow blasts %(blasts)s%%, circulating blasts %(circulating)s, extramedullary disease "
    "%(emd)s, ANC %(anc)s, platelets %(platelets)s x10^9/L, MRD %(mrd)s: %(category)s (%(reading)s)"
)
T_RELAPSE = gettext_noop("after a prior CR, CRh or CRi: %(reasons)s: haematologic relapse")
T_MRD_RELAPSE = gettext_noop(
    "after a prior MRD-negative remission, MRD is now positive (confirm on a second sample): MRD relapse"
)
T_PD = gettext_noop("%(reasons)s: progressive disease (ELN 2022, Döhner et al., Blood 2022, Table 7)")
R_PD_MARROW = gettext_noop(
    "marrow blasts %(blasts)s%%, up from %(pretreatment)s%% before treatment (more than 50%% higher%(points)s)"
)
POINTS = gettext_noop(", at least 15 percentage points")
R_PD_PERSISTENT = gettext_noop("marrow blasts over %(level)s%% for at least 3 months")
R_PD_BLOOD = gettext_noop(
    "blood blasts %(now)s x10^9/L, up from %(before)s (more than 50%% higher and over 25 x10^9/L)"
)
R_PD_EMD = gettext_noop("new extramedullary disease")
T_WITH_NOTE = gettext_noop("%(text)s%(note)s")
T_AND_NOTE = gettext_noop("%(text)s; %(note)s")
N_COUNTS_RECOVERED = gettext_noop(
    "the marrow blasts rose, but %(counts)s at least doubled to above the ELN level (ANC 0.5, platelets 50 "
    "x10^9/L): not progressive disease by ELN 2022"
)
N_NO_COUNT_BASELINE = gettext_noop(
    " (pretreatment ANC and platelets not given: the ELN exception for recovering counts was not checked)"
)
R_BLASTS = gettext_noop("marrow blasts %(blasts)s%% (5%% or more)")
R_CIRCULATING = gettext_noop("blasts back in the blood (ELN: in 2 samples at least a week apart)")
R_EMD = gettext_noop("extramedullary disease")
READING = {
    "one_count_recovered": gettext_noop(
        "CRi read as one count at its CR level and the other below; both below CR and CRh levels is MLFS"
    ),
    "any_residual_cytopenia": gettext_noop(
        "CRi read as the ELN text, residual neutropenia or thrombocytopenia of any depth; MLFS is not "
        "reached from blood counts"
    ),
}
_MRD_NEGATIVE = {"CR": "CR_MRD_neg", "CRh": "CRh_MRD_neg", "CRi": "CRi_MRD_neg"}


def _marrow_clear(v: dict) -> bool:
    """Marrow blasts < 5%, no circulating blasts, no extramedullary disease: every remission category needs this."""
    return v["blasts"] < BLASTS_CR and not v["circulating"] and not v["emd"]


def _recovered(v: dict) -> tuple[bool, bool]:
    """Whether neutrophils and platelets reach the CR thresholds."""
    return v["anc"] >= ANC_CR, v["platelets"] >= PLATELETS_CR


def _clear_marrow_category(v: dict) -> str:
    """CR, CRh, CRi or MLFS (with MRD negativity for the first three) once marrow, blood and sites are clear."""
    anc_ok, plt_ok = _recovered(v)
    if anc_ok and plt_ok:
        category = "CR"
    elif v["anc"] >= ANC_CRH and v["platelets"] >= PLATELETS_CRH:
        category = "CRh"
    elif v["reading"] == "any_residual_cytopenia" or anc_ok or plt_ok:
        category = "CRi"
    else:
        category = "MLFS"
    return _MRD_NEGATIVE[category] if v["mrd"] == "negative" and category in _MRD_NEGATIVE else category


def _marrow_rise(v: dict) -> bool:
    before = v["pretreatment"]
    if before is None or v["blasts"] <= before * PD_RISE:
        return False
    return before >= PD_LOW_BASELINE or v["blasts"] - before >= PD_MIN_POINTS


def counts_recovered(v: dict) -> list[str]:
    """The counts that improved by at least 100% to above the ELN level ("ANC", "platelets"), from pretreatment."""
    out = []
    for key, before_key, level, name in (
        ("anc", "pretreatment_anc", RECOVERY_ANC, "ANC"),
        ("platelets", "pretreatment_platelets", RECOVERY_PLATELETS, "platelets"),
    ):
        before = v[before_key]
        if before is not None and v[key] > level and v[key] >= 2 * before:
            out.append(name)
    return out


def progression_reasons(v: dict) -> list[str]:
    """Every ELN 2022 progressive-disease finding (Table 7); empty when there is none."""
    reasons: list[str] = []
    marrow = _marrow_rise(v) or bool(v["persistent_over_70"])
    if marrow and not counts_recovered(v):
        if _marrow_rise(v):
            points = POINTS if v["pretreatment"] < PD_LOW_BASELINE else ""
            reasons.append(
                Message(
                    R_PD_MARROW,
                    blasts=fmt_number(v["blasts"]),
                    pretreatment=fmt_number(v["pretreatment"]),
                    points=points,
                )
            )
        if v["persistent_over_70"]:
            reasons.append(Message(R_PD_PERSISTENT, level=fmt_number(PD_PERSISTENT_BLASTS)))
    now, before = v["blood_blasts"], v["pretreatment_blood_blasts"]
    rising = now is not None and before is not None and now > before * PD_RISE and now > PD_BLOOD_BLASTS
    if rising and not v["differentiation_syndrome"]:
        reasons.append(Message(R_PD_BLOOD, now=fmt_number(now), before=fmt_number(before)))
    if v["new_emd"]:
        reasons.append(R_PD_EMD)
    return reasons


def _category(v: dict) -> str | None:
    """The best category met, in ELN order; None when PR cannot be judged."""
    if progression_reasons(v):
        return "PD"
    if _marrow_clear(v):
        return _clear_marrow_category(v)
    in_pr_range = BLASTS_CR <= v["blasts"] <= PR_BLASTS_MAX
    if in_pr_range and all(_recovered(v)) and not v["circulating"]:
        if v["pretreatment"] is None:
            return None
        if v["blasts"] <= v["pretreatment"] * PR_REDUCTION:
            return "PR"
    return "NR"


def _read(data: object) -> tuple[Reader, dict]:
    reader = Reader(data)
    values: dict = {
        "blasts": reader.number("bm_blasts_pct"),
        "pretreatment": reader.number("pretreatment_bm_blasts_pct", nullable=True),
        "circulating": reader.boolean("circulating_blasts"),
        "emd": reader.boolean("extramedullary_disease"),
        "anc": reader.number("anc_1e9_per_l"),
        "platelets": reader.number("platelets_1e9_per_l"),
        "mrd": reader.choice("mrd", MRD_STATES),
        "prior_cr": reader.boolean("prior_cr"),
        "prior_mrd_negative": reader.boolean("prior_mrd_negative", nullable=True),
        "reading": reader.choice("cri_reading", CRI_READINGS, nullable=True) or "one_count_recovered",
        # Optional, for the other limbs of progressive disease (see the module docstring).
        "pretreatment_anc": reader.number("pretreatment_anc_1e9_per_l", nullable=True),
        "pretreatment_platelets": reader.number("pretreatment_platelets_1e9_per_l", nullable=True),
        "persistent_over_70": reader.boolean("bm_blasts_over_70_for_3_months", nullable=True),
        "blood_blasts": reader.number("blood_blasts_1e9_per_l", nullable=True),
        "pretreatment_blood_blasts": reader.number("pretreatment_blood_blasts_1e9_per_l", nullable=True),
        "differentiation_syndrome": reader.boolean("differentiation_syndrome", nullable=True),
        "new_emd": reader.boolean("new_extramedullary_disease", nullable=True),
    }
    for key, name in (("blasts", "bm_blasts_pct"), ("pretreatment", "pretreatment_bm_blasts_pct")):
        if values[key] is not None and values[key] > 100:
            reader.errors.append(Message(E_PERCENT, key=name, value=values[key]))
    return reader, values


def _relapse(v: dict) -> Assessment | None:
    """ELN 2022 relapse after a CR, CRh or CRi: haematologic first, then MRD relapse.

    Not verified against a stored copy of Table 7 (its relapse rows were not readable, see the module docstring):
    the haematologic limbs (blasts >= 5%, blasts back in the blood, extramedullary disease) and MRD relapse as a
    conversion from MRD-negative to MRD-positive. An MRD rise of 1 log10 or more between two positive samples is
    not read: the input has no MRD level.
    """
    reasons: list[str] = []
    if v["blasts"] >= BLASTS_CR:
        reasons.append(Message(R_BLASTS, blasts=fmt_number(v["blasts"])))
    if v["circulating"]:
        reasons.append(R_CIRCULATING)
    if v["emd"]:
        reasons.append(R_EMD)
    if reasons:
        return result("relapse", T_RELAPSE, reasons=reasons)
    if v["prior_mrd_negative"] and v["mrd"] == "positive":
        return result("MRD_relapse", T_MRD_RELAPSE)
    return None


def assess_eln(data: object) -> Assessment:
    """ELN 2022 AML response (Döhner, Blood 2022, Table 7); the best category met is reported.

    Each remission category (CR, CRh, CRi, MLFS) needs marrow blasts < 5%, no
    circulating blasts and no extramedullary disease; MRD negativity is
    reported for CR, CRh and CRi alike. After a prior CR, CRh or CRi
    (``prior_cr``), blasts of 5% or more, blasts back in the blood or
    extramedullary disease is a haematologic relapse. PR needs the CR blood
    criteria (counts and no circulating blasts), marrow blasts of 5-25% and at
    least a halving of the pretreatment blasts. The CRi/MLFS boundary is read
    as ``cri_reading`` says (default: one count at CR level), and the
    explanation names the reading.
    """
    reader, v = _read(data)
    if reader.errors:
        return invalid(reader.errors)
    if v["prior_cr"]:
        relapse = _relapse(v)
        if relapse:
            return relapse
    category = _category(v)
    if category is None:
        return invalid([E_PRETREATMENT])
    if category == "PD":
        reasons = progression_reasons(v)
        if v["pretreatment_anc"] is None and v["pretreatment_platelets"] is None and _marrow_rise(v):
            reasons[0] = Message(T_WITH_NOTE, text=reasons[0], note=N_NO_COUNT_BASELINE)
        return result("PD", T_PD, reasons=reasons)
    recovered = counts_recovered(v)
    if _marrow_rise(v) and recovered:
        note = Message(N_COUNTS_RECOVERED, counts=", ".join(recovered))
        return result(category, T_AND_NOTE, text=_plain(v, category), note=note)
    return _plain_result(v, category)


def _params(v: dict) -> dict:
    return {
        "blasts": fmt_number(v["blasts"]),
        "circulating": _yes(v["circulating"]),
        "emd": _yes(v["emd"]),
        "anc": fmt_number(v["anc"]),
        "platelets": fmt_number(v["platelets"]),
        "mrd": v["mrd"].replace("_", " "),
    }


# The categories the CRi/MLFS reading decides between: only their explanation names it (a full CR or CRh does not
# depend on it; review 2026-11-30, A6L).
_READING_DECIDES = ("CRi", "CRi_MRD_neg", "MLFS")


def _plain_result(v: dict, category: str) -> Assessment:
    if _marrow_clear(v) and category in _READING_DECIDES:
        return result(category, T_CLEAR, category=category, reading=READING[v["reading"]], **_params(v))
    return result(category, T_RESULT, category=category, **_params(v))


def _plain(v: dict, category: str) -> Message:
    plain = _plain_result(v, category)
    return Message(plain.template, **plain.params)


def _yes(flag: bool) -> str:
    return gettext_noop("yes") if flag else gettext_noop("no")
