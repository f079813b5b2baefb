"""ATA 2015 response to therapy for differentiated thyroid cancer.

Haugen BR et al., 2015 American Thyroid Association Management Guidelines
for Adult Patients with Thyroid Nodules and Differentiated Thyroid Cancer.
Thyroid 2016;26:1-133, Table 13: response to therapy after total
thyroidectomy and radioiodine remnant ablation (excellent, biochemical
incomplete, structural incomplete, indeterminate).
"""

from decimal import Decimal

from ..i18n import gettext_noop
from ..numbers import fmt_number
from .base import Assessment, Reader, invalid, result

IMAGING = ("negative", "nonspecific", "structural_or_functional_disease")
RAI_UPTAKE = ("none", "faint", "not_done")
TGAB = ("negative", "stable_or_declining", "rising")

EXCELLENT_SUPPRESSED = Decimal("0.2")  # suppressed Tg < 0.2 ng/mL
EXCELLENT_STIMULATED = Decimal(1)  # stimulated Tg < 1 ng/mL
INCOMPLETE_SUPPRESSED = Decimal(1)  # suppressed Tg >= 1 ng/mL
INCOMPLETE_STIMULATED = Decimal(10)  # stimulated Tg >= 10 ng/mL

E_NO_TG = gettext_noop("a suppressed or a stimulated thyroglobulin value is needed")
T_STRUCTURAL = gettext_noop("structural or functional evidence of disease (any Tg): structural_incomplete")
T_TGAB_RISING = gettext_noop("negative imaging, rising anti-Tg antibodies: biochemical_incomplete")
T_RESULT = gettext_noop(
    "imaging %(imaging)s, thyroid bed uptake %(uptake)s, suppressed Tg %(suppressed)s ng/mL, "
    "stimulated Tg %(stimulated)s ng/mL, anti-Tg antibodies %(tgab)s: %(category)s"
)


def _biochemical_incomplete(suppressed: Decimal | None, stimulated: Decimal | None) -> bool:
    high_suppressed = suppressed is not None and suppressed >= INCOMPLETE_SUPPRESSED
    return high_suppressed or (stimulated is not None and stimulated >= INCOMPLETE_STIMULATED)


def _excellent_tg(suppressed: Decimal | None, stimulated: Decimal | None) -> bool:
    low_suppressed = suppressed is not None and suppressed < EXCELLENT_SUPPRESSED
    return low_suppressed or (stimulated is not None and stimulated < EXCELLENT_STIMULATED)


def _category(v: dict) -> str:
    if _biochemical_incomplete(v["suppressed"], v["stimulated"]):
        return "biochemical_incomplete"
    clean = v["imaging"] == "negative" and v["uptake"] != "faint" and v["tgab"] == "negative"
    if clean and _excellent_tg(v["suppressed"], v["stimulated"]):
        return "excellent"
    return "indeterminate"


def _show(value: Decimal | None) -> str:
    return "-" if value is None else fmt_number(value)


def assess_ata(data: object) -> Assessment:
    """ATA 2015 (Haugen, Thyroid 2016) response to therapy after total thyroidectomy and RAI, Table 13.

    Structural or functional disease wins at any Tg level; then suppressed
    Tg >= 1 or stimulated Tg >= 10 ng/mL, or rising anti-Tg antibodies, is a
    biochemical incomplete response; excellent needs negative imaging, no
    thyroid bed uptake, negative antibodies and suppressed Tg < 0.2 or
    stimulated Tg < 1 ng/mL; everything in between is indeterminate.
    """
    reader = Reader(data)
    v: dict = {
        "imaging": reader.choice("imaging", IMAGING),
        "uptake": reader.choice("rai_thyroid_bed_uptake", RAI_UPTAKE),
        "suppressed": reader.number("suppressed_tg_ng_ml", nullable=True),
        "stimulated": reader.number("stimulated_tg_ng_ml", nullable=True),
        "tgab": reader.choice("tgab", TGAB),
    }
    if reader.errors:
        return invalid(reader.errors)
    if v["imaging"] == "structural_or_functional_disease":
        return result("structural_incomplete", T_STRUCTURAL)
    if v["tgab"] == "rising":
        return result("biochemical_incomplete", T_TGAB_RISING)
    if v["suppressed"] is None and v["stimulated"] is None:
        return invalid([E_NO_TG])
    category = _category(v)
    params = {
        "imaging": v["imaging"],
        "uptake": v["uptake"].replace("_", " "),
        "suppressed": _show(v["suppressed"]),
        "stimulated": _show(v["stimulated"]),
        "tgab": v["tgab"].replace("_", " "),
    }
    return result(category, T_RESULT, category=category, **params)
