"""IMWG 2016 response criteria for multiple myeloma.

Kumar S et al., International Myeloma Working Group consensus criteria for
response and minimal residual disease assessment in multiple myeloma.
Lancet Oncol 2016;17:e328-e346, Panel 3: MRD-negative (flow by NGF or
sequencing by NGS, sensitivity 1 in 10^5 or better), sCR, CR, VGPR, PR, MR,
SD and PD, with the rules for light-chain-only disease (the difference
between involved and uninvolved free light chains, dFLC), for disease
measurable only in the marrow, and for soft-tissue plasmacytomas. Values are
taken as confirmed (two consecutive assessments).
"""

from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, invalid, result
from .imwg_input import E_NOT_MEASURABLE, SERUM_MEASURABLE, URINE_MEASURABLE, disease_type, read_imwg

MRD_SENSITIVITY = Decimal("1e-5")
PD_RISE = Decimal("0.25")  # 25% above the lowest confirmed value
FLC_PD_ABSOLUTE = Decimal(100)  # dFLC up by more than 10 mg/dL (100 mg/L)
MARROW_PD_POINTS = Decimal(10)  # marrow plasma cells up by at least 10 percentage points
PLASMACYTOMA_PD = Decimal("0.5")  # SPD up 50% from nadir
SMALL_M_DARATUMUMAB = Decimal("0.2")  # g/dL: daratumumab (IgG-kappa) can be this small band on IFE

T_RESULT = gettext_noop(
    "serum M %(serum)s g/dL (%(serum_change)s), urine M %(urine)s mg/24 h (%(urine_change)s), "
    "IFE serum %(serum_ife)s / urine %(urine_ife)s: %(category)s"
)
T_FLC = gettext_noop(
    "light-chain-only disease: dFLC %(dflc)s mg/L (%(change)s from baseline %(baseline)s mg/L), "
    "FLC ratio %(ratio)s, IFE serum %(serum_ife)s / urine %(urine_ife)s: %(category)s"
)
T_MARROW = gettext_noop(
    "disease measurable only in the marrow: plasma cells %(now)s%% (%(change)s from baseline %(baseline)s%%): "
    "%(category)s"
)
T_NOTES = gettext_noop("%(text)s. Note: %(notes)s")
T_PD = gettext_noop("%(reason)s: PD (IMWG 2016, Kumar et al., Lancet Oncol 2016)")
T_PD_MARROW_ONLY = gettext_noop(
    "%(reason)s: PD (IMWG 2016, Kumar et al., Lancet Oncol 2016: without measurable M-protein or light chains a "
    "marrow rise is progression whatever the baseline marrow; other responses cannot be judged from this input)"
)
R_NEW = gettext_noop("new bone lesion or plasmacytoma")
R_SERUM = gettext_noop("serum M %(value)s g/dL, up %(delta)s g/dL from nadir %(nadir)s g/dL")
R_URINE = gettext_noop("urine M %(value)s mg/24 h, up %(delta)s mg/24 h from nadir %(nadir)s mg/24 h")
R_FLC = gettext_noop("dFLC %(value)s mg/L, up %(delta)s mg/L (more than 100) from nadir %(nadir)s mg/L")
R_MARROW = gettext_noop(
    "marrow plasma cells %(value)s%%, up %(delta)s percentage points (at least 10) from nadir %(nadir)s%%"
)
R_PLASMACYTOMA = gettext_noop("plasmacytoma %(value)s mm², at least 50%% larger than its nadir %(nadir)s mm²")
N_PLASMACYTOMA = gettext_noop(
    "the plasmacytoma shrank less than 50%% (%(value)s of %(baseline)s mm²), which PR, VGPR and MR also require"
)
N_MARROW = gettext_noop(
    "marrow plasma cells rose %(delta)s points from nadir %(nadir)s%%: IMWG 2016 counts a marrow rise as PD only "
    "without measurable M-protein or light chains; review for light-chain or non-secretory escape"
)
N_DARATUMUMAB = gettext_noop(
    "daratumumab is an IgG-kappa antibody and can show as a small band on serum IFE; a daratumumab-specific "
    "IFE (DIRA) is needed before CR is ruled out"
)
N_FLC_RATIO = gettext_noop("in light-chain-only disease CR also needs a normal FLC ratio")


def reduction(baseline: Decimal, now: Decimal) -> Decimal:
    """Fractional reduction from baseline (0.9 = 90% lower)."""
    return (baseline - now) / baseline


def _rise_pd(nadir: Decimal | None, now: Decimal | None, absolute: Decimal, *, strictly: bool = False) -> bool:
    """Up 25% from the lowest confirmed value, with the criterion's own absolute floor."""
    if nadir is None or now is None:
        return False
    rise = now - nadir
    floor_met = rise > absolute if strictly else rise >= absolute
    return floor_met and rise >= nadir * PD_RISE


def _serum_pd(v: dict) -> bool:
    """+25% from nadir with at least +0.5 g/dL, or +1 g/dL when the nadir was >= 5 g/dL."""
    nadir, now = v["nadir_serum_m_g_dl"], v["serum_m_g_dl"]
    if nadir >= 5 and now - nadir >= 1:
        return True
    return _rise_pd(nadir, now, Decimal("0.5"))


def _m(template: str, now: Decimal, nadir: Decimal) -> Message:
    return Message(template, value=fmt_number(now), delta=fmt_number(now - nadir), nadir=fmt_number(nadir))


def marrow_progression(v: dict) -> str | None:
    """Marrow plasma cells up 25% from the lowest value and by at least 10 points (Kumar 2016, Panel 3: "bone
    marrow plasma-cell percentage irrespective of baseline status"), when nothing else is measurable."""
    nadir = v["nadir_bm_plasma_cells_pct"]
    if nadir is None:
        nadir = v["baseline_bm_plasma_cells_pct"]
    if _rise_pd(nadir, v["bm_plasma_cells_pct"], MARROW_PD_POINTS):
        return _m(R_MARROW, v["bm_plasma_cells_pct"], nadir)
    return None


def progression(v: dict) -> str | None:
    """The reason for progressive disease, or None (Kumar 2016, Panel 3, PD)."""
    kind = disease_type(v)
    if v["new_lesions"]:
        return R_NEW
    if _serum_pd(v):
        return _m(R_SERUM, v["serum_m_g_dl"], v["nadir_serum_m_g_dl"])
    if _rise_pd(v["nadir_urine_m_mg_24h"], v["urine_m_mg_24h"], URINE_MEASURABLE):
        return _m(R_URINE, v["urine_m_mg_24h"], v["nadir_urine_m_mg_24h"])
    if kind == "flc" and _rise_pd(v["nadir_dflc_mg_l"], v["dflc_mg_l"], FLC_PD_ABSOLUTE, strictly=True):
        return _m(R_FLC, v["dflc_mg_l"], v["nadir_dflc_mg_l"])
    if kind in ("marrow", None) and (reason := marrow_progression(v)):
        return reason
    nadir_spd, spd = v["nadir_plasmacytoma_spd_mm2"], v["plasmacytoma_spd_mm2"]
    if nadir_spd and spd is not None and spd - nadir_spd >= nadir_spd * PLASMACYTOMA_PD:
        return Message(R_PLASMACYTOMA, value=fmt_number(spd), nadir=fmt_number(nadir_spd))
    return None


def _serum_reduced(v: dict, fraction: str, *, strict: bool = False) -> bool:
    """Serum reduction of at least fraction.

    A serum M that was not measurable (< 1 g/dL) does not count for PR or MR;
    for VGPR (``strict``) any serum M seen at baseline must itself fall by 90%.
    """
    baseline = v["baseline_serum_m_g_dl"]
    if baseline == 0 or (baseline < SERUM_MEASURABLE and not strict):
        return True
    return reduction(baseline, v["serum_m_g_dl"]) >= Decimal(fraction)


def _urine_reduced(v: dict, fraction: str) -> bool:
    baseline = v["baseline_urine_m_mg_24h"]
    if baseline < URINE_MEASURABLE:
        return v["urine_m_mg_24h"] < URINE_MEASURABLE
    return reduction(baseline, v["urine_m_mg_24h"]) >= Decimal(fraction)


def plasmacytoma_halved(v: dict) -> bool:
    """If a soft-tissue plasmacytoma was present at baseline, its SPD must be down by at least 50%."""
    baseline = v["baseline_plasmacytoma_spd_mm2"]
    if not baseline:
        return True
    return reduction(baseline, v["plasmacytoma_spd_mm2"]) >= Decimal("0.5")


def is_cr(v: dict) -> bool:
    """Negative serum and urine IFE, no soft-tissue plasmacytoma, < 5% marrow plasma cells.

    In light-chain-only disease a normal FLC ratio is also needed.
    """
    ife = v["serum_ife"] == "negative" and v["urine_ife"] == "negative"
    marrow = v["bm_plasma_cells_pct"] is not None and v["bm_plasma_cells_pct"] < 5
    flc = disease_type(v) != "flc" or v["flc_ratio_normal"] is True
    return ife and marrow and flc and v["plasmacytoma"] == "none"


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


def _m_protein(v: dict) -> str:
    electrophoresis_clear = v["serum_m_g_dl"] == 0 and v["urine_m_mg_24h"] == 0
    if electrophoresis_clear or (_serum_reduced(v, "0.9", strict=True) and v["urine_m_mg_24h"] < 100):
        return "VGPR"
    urine_pr = _urine_reduced(v, "0.9") or v["urine_m_mg_24h"] < URINE_MEASURABLE
    if _serum_reduced(v, "0.5") and urine_pr:
        return "PR"
    if _serum_reduced(v, "0.25") and _urine_reduced(v, "0.5"):
        return "MR"
    return "SD"


def _flc(v: dict) -> str:
    """Light-chain-only disease: dFLC down 90% is VGPR, 50% is PR; MR is not defined."""
    fall = reduction(v["baseline_dflc_mg_l"], v["dflc_mg_l"]) if v["baseline_dflc_mg_l"] else Decimal(0)
    if fall >= Decimal("0.9"):
        return "VGPR"
    return "PR" if fall >= Decimal("0.5") else "SD"


def _marrow(v: dict) -> str:
    """Disease measurable only in the marrow (baseline >= 30%): PR at a 50% fall in plasma cells."""
    fall = reduction(v["baseline_bm_plasma_cells_pct"], v["bm_plasma_cells_pct"])
    return "PR" if fall >= Decimal("0.5") else "SD"


_PARTIAL = {"m_protein": _m_protein, "flc": _flc, "marrow": _marrow}


def _partial(v: dict) -> str:
    category = _PARTIAL[disease_type(v) or "m_protein"](v)
    if category in ("VGPR", "PR", "MR") and not plasmacytoma_halved(v):
        return "SD"
    return category


def _change(baseline: Decimal | None, now: Decimal | None) -> str:
    if not baseline or now is None:
        return gettext_noop("not measurable at baseline")
    return fmt_percent(percent_change(now, baseline))


def _notes(v: dict, category: str) -> list[str]:
    notes: list[str] = []
    if v["baseline_plasmacytoma_spd_mm2"] and not plasmacytoma_halved(v):
        params = {
            "value": fmt_number(v["plasmacytoma_spd_mm2"]),
            "baseline": fmt_number(v["baseline_plasmacytoma_spd_mm2"]),
        }
        notes.append(Message(N_PLASMACYTOMA, **params))
    nadir, now = v["nadir_bm_plasma_cells_pct"], v["bm_plasma_cells_pct"]
    if disease_type(v) != "marrow" and nadir is not None and now is not None and now - nadir >= MARROW_PD_POINTS:
        notes.append(Message(N_MARROW, delta=fmt_number(now - nadir), nadir=fmt_number(nadir)))
    small_band = v["serum_ife"] == "positive" and v["serum_m_g_dl"] <= SMALL_M_DARATUMUMAB
    if v["on_daratumumab"] and small_band and category not in ("PD",):
        notes.append(N_DARATUMUMAB)
    if disease_type(v) == "flc" and v["flc_ratio_normal"] is not True and category in ("VGPR", "PR"):
        if v["serum_ife"] == "negative" and v["urine_ife"] == "negative":
            notes.append(N_FLC_RATIO)
    return notes


def _explained(v: dict, category: str) -> Assessment:
    kind = disease_type(v)
    if kind == "flc":
        ratio = {True: gettext_noop("normal"), False: gettext_noop("abnormal"), None: gettext_noop("not measured")}
        params = {
            "dflc": fmt_number(v["dflc_mg_l"]),
            "change": _change(v["baseline_dflc_mg_l"], v["dflc_mg_l"]),
            "baseline": fmt_number(v["baseline_dflc_mg_l"]),
            "ratio": ratio[v["flc_ratio_normal"]],
            "serum_ife": v["serum_ife"],
            "urine_ife": v["urine_ife"],
        }
        base = result(category, T_FLC, category=category, **params)
    elif kind == "marrow":
        params = {
            "now": fmt_number(v["bm_plasma_cells_pct"]),
            "change": _change(v["baseline_bm_plasma_cells_pct"], v["bm_plasma_cells_pct"]),
            "baseline": fmt_number(v["baseline_bm_plasma_cells_pct"]),
        }
        base = result(category, T_MARROW, category=category, **params)
    else:
        params = {
            "serum": fmt_number(v["serum_m_g_dl"]),
            "urine": fmt_number(v["urine_m_mg_24h"]),
            "serum_change": _change(v["baseline_serum_m_g_dl"], v["serum_m_g_dl"]),
            "urine_change": _change(v["baseline_urine_m_mg_24h"], v["urine_m_mg_24h"]),
            "serum_ife": v["serum_ife"],
            "urine_ife": v["urine_ife"],
        }
        base = result(category, T_RESULT, category=category, **params)
    notes = _notes(v, category)
    if not notes:
        return base
    return result(category, T_NOTES, text=Message(base.template, **base.params), notes=notes)


def assess_imwg(data: object) -> Assessment:
    """IMWG 2016 (Kumar, Lancet Oncol 2016) response: MRD-negative, sCR, CR, VGPR, PR, MR, SD, PD.

    Progression is checked first (from the nadir), then the deepest response
    met. Reductions use what was measurable at baseline: serum (>= 1 g/dL)
    and urine (>= 200 mg/24 h) M-protein; without either, the dFLC when the
    involved light chain was >= 100 mg/L (VGPR at a 90% fall, PR at 50%, PD
    up 25% and more than 100 mg/L); without any of these, marrow plasma cells
    from >= 30% (PR at a 50% fall, PD up 10 points). A plasmacytoma present
    at baseline must shrink by 50% for MR, PR or VGPR. A non-measurable serum
    M still seen at baseline must itself fall 90% for VGPR.
    """
    v, errors = read_imwg(data)
    if errors == [E_NOT_MEASURABLE] and not v["new_lesions"] and (reason := marrow_progression(v)):
        return result("PD", T_PD_MARROW_ONLY, reason=reason)
    if errors:
        return invalid(errors)
    reason = progression(v)
    if reason:
        return result("PD", T_PD, reason=reason)
    category = _complete(v) or _partial(v)
    return _explained(v, category)
