"""ELN 2022 response criteria for acute myeloid leukaemia.

Döhner H et al., Diagnosis and management of AML in adults: 2022
recommendations from an international expert panel on behalf of the ELN.
Blood 2022;140:1345-1377, Table 7 (response criteria): CR without MRD, CR,
CR with partial haematologic recovery (CRh), CR with incomplete
haematologic recovery (CRi), morphologic leukaemia-free state (MLFS),
partial remission (PR), no response.
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
MRD_STATES = ("negative", "positive", "not_done")

E_PRETREATMENT = gettext_noop("pretreatment_bm_blasts_pct is needed to judge a partial remission")
E_PERCENT = gettext_noop("%(key)s must be a percentage from 0 to 100, got %(value)s")
T_RESULT = gettext_noop(
    "marrow blasts %(blasts)s%%, circulating blasts %(circulating)s, extramedullary disease "
    "%(emd)s, ANC %(anc)s, platelets %(platelets)s x10^9/L, MRD %(mrd)s: %(category)s"
)


def _marrow_clear(v: dict) -> bool:
    return v["blasts"] < BLASTS_CR and not v["circulating"] and not v["emd"]


def _recovered(v: dict) -> tuple[bool, bool]:
    """Whether neutrophils and platelets reach the CR thresholds."""
    return v["anc"] >= ANC_CR, v["platelets"] >= PLATELETS_CR


def _clear_marrow_category(v: dict) -> str:
    """CR, CRh, CRi or MLFS once the marrow, blood and extramedullary sites are clear."""
    anc_ok, plt_ok = _recovered(v)
    if anc_ok and plt_ok:
        return "CR_MRD_neg" if v["mrd"] == "negative" else "CR"
    if v["anc"] >= ANC_CRH and v["platelets"] >= PLATELETS_CRH:
        return "CRh"
    return "CRi" if anc_ok or plt_ok else "MLFS"


def _category(v: dict) -> str | None:
    """The best category met, in ELN order; None when PR cannot be judged."""
    if _marrow_clear(v):
        return _clear_marrow_category(v)
    in_pr_range = BLASTS_CR <= v["blasts"] <= PR_BLASTS_MAX
    if in_pr_range and all(_recovered(v)):
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
    }
    for key, name in (("blasts", "bm_blasts_pct"), ("pretreatment", "pretreatment_bm_blasts_pct")):
        if values[key] is not None and values[key] > 100:
            reader.errors.append(Message(E_PERCENT, key=name, value=values[key]))
    return reader, values


def assess_eln(data: object) -> Assessment:
    """ELN 2022 AML response (Döhner, Blood 2022, Table 7); the best category met is reported.

    CRi is read as "all CR criteria except residual neutropenia or
    thrombocytopenia": one of the two counts still reaches its CR threshold.
    With both counts below CR (and not CRh) the marrow-only category MLFS is
    reported, which keeps every row of the table reachable. PR needs the CR
    blood counts, marrow blasts of 5-25% and at least a halving of the
    pretreatment blasts.
    """
    reader, v = _read(data)
    if reader.errors:
        return invalid(reader.errors)
    category = _category(v)
    if category is None:
        return invalid([E_PRETREATMENT])
    params = {
        "blasts": fmt_number(v["blasts"]),
        "circulating": _yes(v["circulating"]),
        "emd": _yes(v["emd"]),
        "anc": fmt_number(v["anc"]),
        "platelets": fmt_number(v["platelets"]),
        "mrd": v["mrd"].replace("_", " "),
    }
    return result(category, T_RESULT, category=category, **params)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
