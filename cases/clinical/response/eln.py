"""ELN 2022 response criteria for acute myeloid leukaemia.

Döhner H et al., Diagnosis and management of AML in adults: 2022
recommendations from an international expert panel on behalf of the ELN.
Blood 2022;140:1345-1377, Table 7 (response criteria): CR, CRh or CRi
without measurable residual disease (MRD), CR, CR with partial haematologic
recovery (CRh), CR with incomplete haematologic recovery (CRi), morphologic
leukaemia-free state (MLFS), partial remission (PR), no response, progressive
disease, and relapse after a CR, CRh or CRi (haematologic, or MRD relapse
after an MRD-negative remission).
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
T_PD = gettext_noop(
    "marrow blasts %(blasts)s%%, up from %(pretreatment)s%% before treatment "
    "(more than 50%% higher%(points)s): progressive disease"
)
POINTS = gettext_noop(", at least 15 percentage points")
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


def _progressive(v: dict) -> bool:
    before = v["pretreatment"]
    if before is None or v["blasts"] <= before * PD_RISE:
        return False
    return before >= PD_LOW_BASELINE or v["blasts"] - before >= PD_MIN_POINTS


def _category(v: dict) -> str | None:
    """The best category met, in ELN order; None when PR cannot be judged."""
    if _marrow_clear(v):
        return _clear_marrow_category(v)
    if _progressive(v):
        return "PD"
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
    }
    for key, name in (("blasts", "bm_blasts_pct"), ("pretreatment", "pretreatment_bm_blasts_pct")):
        if values[key] is not None and values[key] > 100:
            reader.errors.append(Message(E_PERCENT, key=name, value=values[key]))
    return reader, values


def _relapse(v: dict) -> Assessment | None:
    """ELN 2022 relapse after a CR, CRh or CRi: haematologic first, then MRD relapse."""
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
        points = POINTS if v["pretreatment"] < PD_LOW_BASELINE else ""
        return result(
            "PD", T_PD, blasts=fmt_number(v["blasts"]), pretreatment=fmt_number(v["pretreatment"]), points=points
        )
    params = {
        "blasts": fmt_number(v["blasts"]),
        "circulating": _yes(v["circulating"]),
        "emd": _yes(v["emd"]),
        "anc": fmt_number(v["anc"]),
        "platelets": fmt_number(v["platelets"]),
        "mrd": v["mrd"].replace("_", " "),
    }
    if _marrow_clear(v):
        return result(category, T_CLEAR, category=category, reading=READING[v["reading"]], **params)
    return result(category, T_RESULT, category=category, **params)


def _yes(flag: bool) -> str:
    return gettext_noop("yes") if flag else gettext_noop("no")
