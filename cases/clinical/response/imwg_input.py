"""Reading and checking IMWG 2016 input (Kumar, Lancet Oncol 2016).

Measurable disease (Kumar 2016, Panel 3 and its notes): serum M-protein
>= 1 g/dL, urine M-protein >= 200 mg/24 h, or, without either, an involved
serum free light chain >= 10 mg/dL (100 mg/L) with an abnormal ratio; without
any of these, marrow plasma cells >= 30% at baseline.
"""

from decimal import Decimal

from ..i18n import Message, gettext_noop
from .base import Reader

IFE = ("negative", "positive")
IHC = ("absent", "present", "not_done")
PLASMACYTOMA = ("none", "present")
MRD = ("negative", "positive", "not_done")
MRD_METHODS = ("NGF", "NGS")

SERUM_MEASURABLE = Decimal(1)  # g/dL
URINE_MEASURABLE = Decimal(200)  # mg/24 h
FLC_MEASURABLE = Decimal(100)  # involved FLC mg/L (10 mg/dL)
MARROW_MEASURABLE = Decimal(30)  # % plasma cells, only when nothing else is measurable

E_NOT_MEASURABLE = gettext_noop(
    "no measurable disease at baseline: IMWG needs serum M >= 1 g/dL, urine M >= 200 mg/24 h, an involved "
    "free light chain >= 100 mg/L (baseline_involved_flc_mg_l with baseline_dflc_mg_l and dflc_mg_l), "
    "or marrow plasma cells >= 30% (baseline_bm_plasma_cells_pct)"
)
E_FLC_VALUES = gettext_noop(
    "light-chain-only disease is followed by the difference between involved and uninvolved light chains: "
    "give baseline_dflc_mg_l, nadir_dflc_mg_l and dflc_mg_l"
)
E_PLASMACYTOMA_SIZE = gettext_noop(
    "a plasmacytoma present at baseline must be measured: give baseline_plasmacytoma_spd_mm2 and "
    "plasmacytoma_spd_mm2 (sum of the products of diameters), so PR's 50%% reduction can be judged"
)
E_IFE_CONFLICT = gettext_noop("%(which)s IFE is negative but electrophoresis still shows M-protein")
E_NADIR = gettext_noop("%(key)s is above the baseline value: the nadir includes baseline")
E_PERCENT = gettext_noop("%(key)s must be at most 100")

_NUMBERS = (
    "baseline_serum_m_g_dl",
    "baseline_urine_m_mg_24h",
    "nadir_serum_m_g_dl",
    "nadir_urine_m_mg_24h",
    "serum_m_g_dl",
    "urine_m_mg_24h",
)
_OPTIONAL_NUMBERS = (
    "bm_plasma_cells_pct",
    "baseline_bm_plasma_cells_pct",
    "nadir_bm_plasma_cells_pct",
    "baseline_involved_flc_mg_l",
    "baseline_dflc_mg_l",
    "nadir_dflc_mg_l",
    "dflc_mg_l",
    "baseline_plasmacytoma_spd_mm2",
    "nadir_plasmacytoma_spd_mm2",
    "plasmacytoma_spd_mm2",
    "mrd_sensitivity",
)


def _read(reader: Reader) -> dict:
    v: dict = {key: reader.number(key) for key in _NUMBERS}
    v |= {key: reader.number(key, nullable=True) for key in _OPTIONAL_NUMBERS}
    v["serum_ife"] = reader.choice("serum_ife", IFE)
    v["urine_ife"] = reader.choice("urine_ife", IFE)
    v["flc_ratio_normal"] = reader.boolean("flc_ratio_normal", nullable=True)
    v["bm_clonal_cells_ihc"] = reader.choice("bm_clonal_cells_ihc", IHC)
    v["plasmacytoma"] = reader.choice("plasmacytoma", PLASMACYTOMA)
    v["new_lesions"] = reader.boolean("new_lesions")
    v["mrd"] = reader.choice("mrd", MRD)
    v["mrd_method"] = reader.choice("mrd_method", MRD_METHODS, nullable=True)
    v["on_daratumumab"] = reader.boolean("on_daratumumab", nullable=True)
    return v


def disease_type(v: dict) -> str | None:
    """What the response is measured by: "m_protein", "flc" (light chain only), "marrow", or None."""
    if v["baseline_serum_m_g_dl"] >= SERUM_MEASURABLE or v["baseline_urine_m_mg_24h"] >= URINE_MEASURABLE:
        return "m_protein"
    if v["baseline_involved_flc_mg_l"] is not None and v["baseline_involved_flc_mg_l"] >= FLC_MEASURABLE:
        return "flc"
    baseline_marrow = v["baseline_bm_plasma_cells_pct"]
    if baseline_marrow is not None and baseline_marrow >= MARROW_MEASURABLE and v["bm_plasma_cells_pct"] is not None:
        return "marrow"
    return None


def _consistency(v: dict) -> list[str]:
    errors: list[str] = []
    kind = disease_type(v)
    if kind is None:
        errors.append(E_NOT_MEASURABLE)
    if kind == "flc" and None in (v["baseline_dflc_mg_l"], v["nadir_dflc_mg_l"], v["dflc_mg_l"]):
        errors.append(E_FLC_VALUES)
    if v["plasmacytoma"] == "present" or v["baseline_plasmacytoma_spd_mm2"]:
        if v["baseline_plasmacytoma_spd_mm2"] is None or v["plasmacytoma_spd_mm2"] is None:
            errors.append(E_PLASMACYTOMA_SIZE)
    for which, ife, value in (("serum", "serum_ife", "serum_m_g_dl"), ("urine", "urine_ife", "urine_m_mg_24h")):
        if v[ife] == "negative" and v[value] > 0:
            errors.append(Message(E_IFE_CONFLICT, which=which))
    for nadir, baseline in (
        ("nadir_serum_m_g_dl", "baseline_serum_m_g_dl"),
        ("nadir_urine_m_mg_24h", "baseline_urine_m_mg_24h"),
        ("nadir_dflc_mg_l", "baseline_dflc_mg_l"),
        ("nadir_bm_plasma_cells_pct", "baseline_bm_plasma_cells_pct"),
        ("nadir_plasmacytoma_spd_mm2", "baseline_plasmacytoma_spd_mm2"),
    ):
        if v[nadir] is not None and v[baseline] is not None and v[nadir] > v[baseline]:
            errors.append(Message(E_NADIR, key=nadir))
    for key in ("bm_plasma_cells_pct", "baseline_bm_plasma_cells_pct", "nadir_bm_plasma_cells_pct"):
        if v[key] is not None and v[key] > 100:
            errors.append(Message(E_PERCENT, key=key))
    return errors


def read_imwg(data: object) -> tuple[dict, list[str]]:
    """The typed values and the list of problems (empty when the input is usable)."""
    reader = Reader(data)
    values = _read(reader)
    if reader.errors:
        return values, reader.errors
    return values, _consistency(values)
