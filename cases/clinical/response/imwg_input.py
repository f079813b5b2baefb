"""Reading and checking IMWG 2016 input (Kumar, Lancet Oncol 2016)."""

from ..i18n import Message, gettext_noop
from .base import Reader

IFE = ("negative", "positive")
IHC = ("absent", "present", "not_done")
PLASMACYTOMA = ("none", "present")
MRD = ("negative", "positive", "not_done")
MRD_METHODS = ("NGF", "NGS")

E_NOT_MEASURABLE = gettext_noop(
    "no measurable M-protein at baseline (serum >= 1 g/dL or urine >= 200 mg/24 h): "
    "response by free light chains or marrow alone is not covered"
)
E_IFE_CONFLICT = gettext_noop("%(which)s IFE is negative but electrophoresis still shows M-protein")
E_NADIR = gettext_noop("%(key)s is above the baseline value: the nadir includes baseline")
E_PERCENT = gettext_noop("bm_plasma_cells_pct must be at most 100")

_NUMBERS = (
    "baseline_serum_m_g_dl",
    "baseline_urine_m_mg_24h",
    "nadir_serum_m_g_dl",
    "nadir_urine_m_mg_24h",
    "serum_m_g_dl",
    "urine_m_mg_24h",
)


def _read(reader: Reader) -> dict:
    v: dict = {key: reader.number(key) for key in _NUMBERS}
    v["serum_ife"] = reader.choice("serum_ife", IFE)
    v["urine_ife"] = reader.choice("urine_ife", IFE)
    v["bm_plasma_cells_pct"] = reader.number("bm_plasma_cells_pct", nullable=True)
    v["flc_ratio_normal"] = reader.boolean("flc_ratio_normal", nullable=True)
    v["bm_clonal_cells_ihc"] = reader.choice("bm_clonal_cells_ihc", IHC)
    v["plasmacytoma"] = reader.choice("plasmacytoma", PLASMACYTOMA)
    v["new_lesions"] = reader.boolean("new_lesions")
    v["mrd"] = reader.choice("mrd", MRD)
    v["mrd_method"] = reader.choice("mrd_method", MRD_METHODS, nullable=True)
    v["mrd_sensitivity"] = reader.number("mrd_sensitivity", nullable=True)
    return v


def _consistency(v: dict) -> list[str]:
    errors = []
    if v["baseline_serum_m_g_dl"] < 1 and v["baseline_urine_m_mg_24h"] < 200:
        errors.append(E_NOT_MEASURABLE)
    for which, ife, value in (("serum", "serum_ife", "serum_m_g_dl"), ("urine", "urine_ife", "urine_m_mg_24h")):
        if v[ife] == "negative" and v[value] > 0:
            errors.append(Message(E_IFE_CONFLICT, which=which))
    for nadir, baseline in (
        ("nadir_serum_m_g_dl", "baseline_serum_m_g_dl"),
        ("nadir_urine_m_mg_24h", "baseline_urine_m_mg_24h"),
    ):
        if v[nadir] > v[baseline]:
            errors.append(Message(E_NADIR, key=nadir))
    if v["bm_plasma_cells_pct"] is not None and v["bm_plasma_cells_pct"] > 100:
        errors.append(E_PERCENT)
    return errors


def read_imwg(data: object) -> tuple[dict, list[str]]:
    """The typed values and the list of problems (empty when the input is usable)."""
    reader = Reader(data)
    values = _read(reader)
    if reader.errors:
        return values, reader.errors
    return values, _consistency(values)
