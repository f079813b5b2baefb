"""ATA 2015 response to therapy for differentiated thyroid cancer.

Haugen BR et al., 2015 American Thyroid Association Management Guidelines
for Adult Patients with Thyroid Nodules and Differentiated Thyroid Cancer.
Thyroid 2016;26:1-133, Table 13: response to therapy after total
thyroidectomy and radioiodine remnant ablation (excellent, biochemical
incomplete, structural incomplete, indeterminate), and the thresholds the
guideline gives (section on response to therapy, after Momesso DP, Tuttle RM,
J Clin Oncol 2016) for patients treated without radioiodine: total
thyroidectomy without RAI, and lobectomy.
"""

from decimal import Decimal

from ..i18n import gettext_noop
from ..numbers import fmt_number
from .base import Assessment, Reader, invalid, result

IMAGING = ("negative", "nonspecific", "structural_or_functional_disease")
RAI_UPTAKE = ("none", "faint", "not_done")
TGAB = ("negative", "stable_or_declining", "rising")
SURGERY = ("total_thyroidectomy_rai", "total_thyroidectomy_no_rai", "lobectomy")
ORDER = ("excellent", "indeterminate", "biochemical_incomplete")  # best to worst

# (below this: excellent, at or above this: biochemical incomplete), ng/mL, per treatment.
# After RAI (Table 13): suppressed Tg < 0.2 excellent, >= 1 incomplete; stimulated < 1 and >= 10.
# Without RAI: suppressed < 0.2 excellent, > 5 incomplete; stimulated < 2 and > 10 (strictly above).
# Lobectomy: suppressed (non-stimulated) Tg < 30 excellent, > 30 incomplete; no stimulated rows.
THRESHOLDS: dict[str, dict[str, tuple[Decimal, Decimal, bool]]] = {
    # (excellent_below, incomplete_from, incomplete_is_strictly_above)
    "total_thyroidectomy_rai": {
        "suppressed": (Decimal("0.2"), Decimal(1), False),
        "stimulated": (Decimal(1), Decimal(10), False),
    },
    "total_thyroidectomy_no_rai": {
        "suppressed": (Decimal("0.2"), Decimal(5), True),
        "stimulated": (Decimal(2), Decimal(10), True),
    },
    "lobectomy": {
        "suppressed": (Decimal(30), Decimal(30), True),
    },
}

E_NO_TG = gettext_noop("a suppressed or a stimulated thyroglobulin value is needed")
E_LOBECTOMY_STIMULATED = gettext_noop(
    "after lobectomy the ATA table uses the non-stimulated (suppressed) Tg only; give suppressed_tg_ng_ml"
)
T_STRUCTURAL = gettext_noop("structural or functional evidence of disease (any Tg): structural_incomplete")
T_TGAB_RISING = gettext_noop("negative imaging, rising anti-Tg antibodies: biochemical_incomplete")
T_TG_RISING = gettext_noop("rising Tg at a similar TSH: biochemical_incomplete")
T_RESULT = gettext_noop(
    "%(table)s: imaging %(imaging)s, thyroid bed uptake %(uptake)s, suppressed Tg %(suppressed)s ng/mL "
    "(%(suppressed_class)s), stimulated Tg %(stimulated)s ng/mL (%(stimulated_class)s), "
    "anti-Tg antibodies %(tgab)s: %(category)s"
)
TABLE_NAMES = {
    "total_thyroidectomy_rai": gettext_noop("ATA 2015 table after total thyroidectomy and radioiodine"),
    "total_thyroidectomy_no_rai": gettext_noop("ATA 2015 thresholds after total thyroidectomy without radioiodine"),
    "lobectomy": gettext_noop("ATA 2015 thresholds after lobectomy"),
}
NOT_MEASURED = gettext_noop("not measured")


def tg_class(value: Decimal | None, limits: tuple[Decimal, Decimal, bool] | None) -> str | None:
    """Which row of the table one Tg value falls in; None when it was not measured."""
    if value is None or limits is None:
        return None
    excellent_below, incomplete_from, strictly = limits
    if value > incomplete_from if strictly else value >= incomplete_from:
        return "biochemical_incomplete"
    return "excellent" if value < excellent_below else "indeterminate"


def _category(v: dict, classes: list[str]) -> str:
    """The worst row any measured Tg falls in; imaging, uptake and antibodies can only lower 'excellent'."""
    worst = max(classes, key=ORDER.index)
    if worst != "excellent":
        return worst
    clean = v["imaging"] == "negative" and v["uptake"] != "faint" and v["tgab"] == "negative"
    return "excellent" if clean else "indeterminate"


def _show(value: Decimal | None) -> str:
    return "-" if value is None else fmt_number(value)


def _read(data: object) -> tuple[Reader, dict]:
    reader = Reader(data)
    surgery = reader.data.get("surgery", "total_thyroidectomy_rai") if isinstance(data, dict) else None
    v: dict = {
        "imaging": reader.choice("imaging", IMAGING),
        "uptake": reader.choice("rai_thyroid_bed_uptake", RAI_UPTAKE, nullable=surgery != "total_thyroidectomy_rai"),
        "suppressed": reader.number("suppressed_tg_ng_ml", nullable=True),
        "stimulated": reader.number("stimulated_tg_ng_ml", nullable=True),
        "tgab": reader.choice("tgab", TGAB),
        "surgery": reader.choice("surgery", SURGERY) if "surgery" in reader.data else "total_thyroidectomy_rai",
        "tg_rising": reader.boolean("tg_rising", nullable=True),
    }
    return reader, v


def assess_ata(data: object) -> Assessment:
    """ATA 2015 (Haugen, Thyroid 2016) response to therapy, Table 13 and the tables without radioiodine.

    Structural or functional disease wins at any Tg level; rising anti-Tg
    antibodies or a rising Tg at similar TSH is biochemical incomplete. Every
    measured Tg is placed in its own row (suppressed and stimulated values
    have their own thresholds), and the worst row wins: a detectable
    stimulated Tg below 10 with a suppressed Tg below 0.2 is indeterminate,
    not excellent. Excellent also needs negative imaging, no thyroid bed
    uptake and negative antibodies; otherwise indeterminate.
    """
    reader, v = _read(data)
    if reader.errors:
        return invalid(reader.errors)
    if v["imaging"] == "structural_or_functional_disease":
        return result("structural_incomplete", T_STRUCTURAL)
    if v["tgab"] == "rising":
        return result("biochemical_incomplete", T_TGAB_RISING)
    if v["tg_rising"]:
        return result("biochemical_incomplete", T_TG_RISING)
    table = THRESHOLDS[v["surgery"]]
    if v["surgery"] == "lobectomy" and v["suppressed"] is None:
        return invalid([E_LOBECTOMY_STIMULATED])
    classes = {key: tg_class(v[key], table.get(key)) for key in ("suppressed", "stimulated")}
    measured = [c for c in classes.values() if c is not None]
    if not measured:
        return invalid([E_NO_TG])
    category = _category(v, measured)
    params = {
        "table": TABLE_NAMES[v["surgery"]],
        "imaging": v["imaging"],
        "uptake": (v["uptake"] or "not_done").replace("_", " "),
        "suppressed": _show(v["suppressed"]),
        "stimulated": _show(v["stimulated"]),
        "suppressed_class": classes["suppressed"] or NOT_MEASURED,
        "stimulated_class": classes["stimulated"] or NOT_MEASURED,
        "tgab": v["tgab"].replace("_", " "),
    }
    return result(category, T_RESULT, category=category, **params)
