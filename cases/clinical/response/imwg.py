"""IMWG 2016 response criteria for multiple myeloma.

Kumar S et al., International Myeloma Working Group consensus criteria for
response and minimal residual disease assessment in multiple myeloma.
Lancet Oncol 2016;17:e328-e346, Panel 3: MRD-negative (flow by NGF or
sequencing by NGS, sensitivity 1 in 10^5 or better), sCR, CR, VGPR, PR, MR,
SD and PD. Values are taken as confirmed (two consecutive assessments).
"""

from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, invalid, result
from .imwg_input import read_imwg

SERUM_MEASURABLE = Decimal(1)  # g/dL
URINE_MEASURABLE = Decimal(200)  # mg/24 h
MRD_SENSITIVITY = Decimal("1e-5")

T_RESULT = gettext_noop(
    "serum M %(serum)s g/dL (%(serum_change)s), urine M %(urine)s mg/24 h (%(urine_change)s), "
    "IFE serum %(serum_ife)s / urine %(urine_ife)s: %(category)s"
)
T_PD = gettext_noop("%(reason)s: PD")
R_NEW = gettext_noop("new bone lesion or plasmacytoma")
R_SERUM = gettext_noop("serum M %(value)s g/dL, up %(delta)s g/dL from nadir %(nadir)s g/dL")
R_URINE = gettext_noop("urine M %(value)s mg/24 h, up %(delta)s mg/24 h from nadir %(nadir)s mg/24 h")


def reduction(baseline: Decimal, now: Decimal) -> Decimal:
    """Fractional reduction from baseline (0.9 = 90% lower)."""
    return (baseline - now) / baseline


def _serum_pd(v: dict) -> bool:
    """+25% from nadir with at least +0.5 g/dL, or +1 g/dL when the nadir was >= 5 g/dL."""
    nadir, now = v["nadir_serum_m_g_dl"], v["serum_m_g_dl"]
    rise = now - nadir
    if nadir >= 5 and rise >= 1:
        return True
    return rise >= nadir * Decimal("0.25") and rise >= Decimal("0.5")


def _urine_pd(v: dict) -> bool:
    """+25% from nadir with at least +200 mg/24 h."""
    nadir, now = v["nadir_urine_m_mg_24h"], v["urine_m_mg_24h"]
    rise = now - nadir
    return rise >= nadir * Decimal("0.25") and rise >= URINE_MEASURABLE


def progression(v: dict) -> str | None:
    """The reason for progressive disease, or None."""
    if v["new_lesions"]:
        return R_NEW
    if _serum_pd(v):
        nadir, now = v["nadir_serum_m_g_dl"], v["serum_m_g_dl"]
        return Message(R_SERUM, value=fmt_number(now), delta=fmt_number(now - nadir), nadir=fmt_number(nadir))
    if _urine_pd(v):
        nadir, now = v["nadir_urine_m_mg_24h"], v["urine_m_mg_24h"]
        return Message(R_URINE, value=fmt_number(now), delta=fmt_number(now - nadir), nadir=fmt_number(nadir))
    return None


def _serum_reduced(v: dict, fraction: str) -> bool:
    """Serum reduction of at least fraction; met trivially when serum was not measurable."""
    baseline = v["baseline_serum_m_g_dl"]
    if baseline < SERUM_MEASURABLE:
        return True
    return reduction(baseline, v["serum_m_g_dl"]) >= Decimal(fraction)


def _urine_reduced(v: dict, fraction: str) -> bool:
    baseline = v["baseline_urine_m_mg_24h"]
    if baseline < URINE_MEASURABLE:
        return v["urine_m_mg_24h"] < URINE_MEASURABLE
    return reduction(baseline, v["urine_m_mg_24h"]) >= Decimal(fraction)


def is_cr(v: dict) -> bool:
    """Negative serum and urine IFE, no soft-tissue plasmacytoma, < 5% marrow plasma cells."""
    ife = v["serum_ife"] == "negative" and v["urine_ife"] == "negative"
    marrow = v["bm_plasma_cells_pct"] is not None and v["bm_plasma_cells_pct"] < 5
    return ife and marrow and v["plasmacytoma"] == "none"


def is_mrd_negative(v: dict) -> bool:
    """MRD-negative by NGF or NGS with a sensitivity of 1 in 10^5 or better."""
    sensitivity = v["mrd_sensitivity"]
    method_ok = v["mrd_method"] in ("NGF", "NGS")
    return v["mrd"] == "negative" and method_ok and sensitivity is not None and sensitivity <= MRD_SENSITIVITY


def _complete(v: dict) -> str | None:
    if not is_cr(v):
        return None
    if is_mrd_negative(v):
        return "MRD_negative"
    if v["flc_ratio_normal"] is True and v["bm_clonal_cells_ihc"] == "absent":
        return "sCR"
    return "CR"


def _partial(v: dict) -> str:
    electrophoresis_clear = v["serum_m_g_dl"] == 0 and v["urine_m_mg_24h"] == 0
    if electrophoresis_clear or (_serum_reduced(v, "0.9") and v["urine_m_mg_24h"] < 100):
        return "VGPR"
    urine_pr = _urine_reduced(v, "0.9") or v["urine_m_mg_24h"] < URINE_MEASURABLE
    if _serum_reduced(v, "0.5") and urine_pr:
        return "PR"
    if _serum_reduced(v, "0.25") and _urine_reduced(v, "0.5"):
        return "MR"
    return "SD"


def _change(baseline: Decimal, now: Decimal) -> str:
    if baseline == 0:
        return gettext_noop("not measurable at baseline")
    return fmt_percent(percent_change(now, baseline))


def assess_imwg(data: object) -> Assessment:
    """IMWG 2016 (Kumar, Lancet Oncol 2016) response: MRD-negative, sCR, CR, VGPR, PR, MR, SD, PD.

    Progression is checked first (from the nadir), then the deepest response
    met. Reductions use the serum or urine M-protein that was measurable at
    baseline (serum >= 1 g/dL, urine >= 200 mg/24 h).
    """
    v, errors = read_imwg(data)
    if errors:
        return invalid(errors)
    reason = progression(v)
    if reason:
        return result("PD", T_PD, reason=reason)
    category = _complete(v) or _partial(v)
    params = {
        "serum": fmt_number(v["serum_m_g_dl"]),
        "urine": fmt_number(v["urine_m_mg_24h"]),
        "serum_change": _change(v["baseline_serum_m_g_dl"], v["serum_m_g_dl"]),
        "urine_change": _change(v["baseline_urine_m_mg_24h"], v["urine_m_mg_24h"]),
        "serum_ife": v["serum_ife"],
        "urine_ife": v["urine_ife"],
    }
    return result(category, T_RESULT, category=category, **params)
