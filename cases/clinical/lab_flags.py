"""Lab values that make a case urgent, each with its threshold and source.

Grades are those of the NCI Common Terminology Criteria for Adverse Events
(CTCAE) v5.0, 2017; values are compared in SI units after conversion
(cases.clinical.lab_values). Only values from the last 30 days (or undated
ones, which we cannot rule out) are read: an old value says little about now.

| test | medium (high priority) | high (urgent) | source |
|---|---|---|---|
| corrected calcium | > 2.9 mmol/L (grade 2) | > 3.1 mmol/L (grade 3-4) | CTCAE v5.0 hypercalcaemia |
| sodium | < 130 mmol/L (grade 2) | < 125 mmol/L (profound) | CTCAE v5.0; Spasovski G et al., Eur J Endocrinol 2014 |
| neutrophils | < 1.0 × 10⁹/L (grade 3) | < 0.5 × 10⁹/L (grade 4) | CTCAE v5.0 neutrophil count decreased |
| platelets | < 50 × 10⁹/L (grade 3) | < 25 × 10⁹/L (grade 4) | CTCAE v5.0 platelet count decreased |
| white cells, acute leukaemia | | > 100 × 10⁹/L (hyperleukocytosis) | Röllig C, Ehninger G, Blood 2015 |
| creatinine rising | > 1.5 × baseline (grade 2) | > 3 × baseline (grade 3) | CTCAE v5.0 creatinine increased |
| bilirubin | rising > 1.5 × an earlier value and above ULN | > 3 × ULN (grade 3) | CTCAE v5.0 blood bilirubin increased |

The baseline of a rising value is the lowest earlier value; the ULN is the
typical adult one in cases.clinical.lab_tests (21 µmol/L for bilirubin).
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from .histology import is_acute_leukaemia
from .i18n import gettext_noop
from .lab_tests import LAB_TESTS
from .lab_values import CALCIUM_MG_DL_PER_MMOL_L, LabValue, calcium_entered_in_mg_dl, corrected_calcium, series
from .numbers import fmt_number
from .shared import HIGH, MEDIUM, Flag
from .snapshot import CaseSnapshot

RECENT_DAYS = 30

# CTCAE v5.0 gives the calcium grades in both units; they are not exact conversions of each other
# (12.5 mg/dL is 3.12 mmol/L), so a value is graded in the unit it was reported in.
CALCIUM_LIMITS = {"mmol/L": (Decimal("2.9"), Decimal("3.1")), "mg/dL": (Decimal("11.5"), Decimal("12.5"))}
SODIUM_GRADE_2 = Decimal(130)
SODIUM_PROFOUND = Decimal(125)
ANC_GRADE_3 = Decimal("1.0")
ANC_GRADE_4 = Decimal("0.5")
PLATELETS_GRADE_3 = Decimal(50)
PLATELETS_GRADE_4 = Decimal(25)
WBC_HYPERLEUKOCYTOSIS = Decimal(100)
RISE_GRADE_2 = Decimal("1.5")
CREATININE_RISE_GRADE_3 = Decimal(3)
BILIRUBIN_GRADE_3_X_ULN = Decimal(3)

R_CALCIUM = gettext_noop(
    "hypercalcaemia: corrected calcium %(value)s %(unit)s on %(date)s (above %(limit)s %(unit)s, "
    "CTCAE v5.0 grade %(grade)s)"
)
R_SODIUM = gettext_noop("hyponatraemia: sodium %(value)s mmol/L on %(date)s (below %(limit)s mmol/L, %(source)s)")
R_ANC = gettext_noop(
    "neutropenia: neutrophils %(value)s × 10⁹/L on %(date)s (below %(limit)s, CTCAE v5.0 grade %(grade)s)"
)
R_PLATELETS = gettext_noop(
    "thrombocytopenia: platelets %(value)s × 10⁹/L on %(date)s (below %(limit)s, CTCAE v5.0 grade %(grade)s)"
)
R_WBC = gettext_noop(
    "white cells %(value)s × 10⁹/L on %(date)s in acute leukaemia: hyperleukocytosis, risk of leukostasis "
    "(above %(limit)s, Röllig and Ehninger, Blood 2015)"
)
R_CREATININE = gettext_noop(
    "creatinine rising: %(before)s to %(value)s µmol/L (%(ratio)s× the earlier value; above %(limit)s×, "
    "CTCAE v5.0 grade %(grade)s)"
)
R_BILIRUBIN_RISING = gettext_noop(
    "bilirubin rising: %(before)s to %(value)s µmol/L (%(ratio)s× the earlier value and above the upper limit of "
    "normal, CTCAE v5.0 blood bilirubin increased)"
)
R_BILIRUBIN_HIGH = gettext_noop(
    "bilirubin %(value)s µmol/L on %(date)s (above 3× the upper limit of normal, CTCAE v5.0 grade 3)"
)
SOURCE_CTCAE_SODIUM = gettext_noop("CTCAE v5.0 grade 2")
SOURCE_PROFOUND_SODIUM = gettext_noop("profound hyponatraemia, European guideline, Spasovski 2014")
UNDATED = gettext_noop("an unknown date")


def _recent(when: date | None, today: date) -> bool:
    return when is None or (today - when).days <= RECENT_DAYS


def _when(when: date | None) -> str:
    return when.isoformat() if when else UNDATED


def _latest_recent(labs: tuple[LabValue, ...], test: str, today: date) -> tuple[date | None, Decimal] | None:
    values = series(labs, test)
    if values and _recent(values[-1][0], today):
        return values[-1]
    return None


def _calcium(case: CaseSnapshot, today: date) -> Iterator[Flag]:
    found = corrected_calcium(case.labs)
    if found is None or not _recent(found[0], today):
        return
    when, value = found
    unit = "mg/dL" if calcium_entered_in_mg_dl(case.labs) else "mmol/L"
    if unit == "mg/dL":
        value = value * CALCIUM_MG_DL_PER_MMOL_L
    value = value.quantize(Decimal("0.01") if unit == "mmol/L" else Decimal("0.1"))
    grade_2, grade_3 = CALCIUM_LIMITS[unit]
    params = {"value": fmt_number(value), "date": _when(when), "unit": unit}
    if value > grade_3:
        yield Flag("hypercalcaemia", R_CALCIUM, {**params, "limit": fmt_number(grade_3), "grade": "3-4"}, HIGH)
    elif value > grade_2:
        yield Flag("hypercalcaemia", R_CALCIUM, {**params, "limit": fmt_number(grade_2), "grade": "2"}, MEDIUM)


def _sodium(case: CaseSnapshot, today: date) -> Iterator[Flag]:
    found = _latest_recent(case.labs, "sodium", today)
    if found is None:
        return
    when, value = found
    if value < SODIUM_PROFOUND:
        params = {"limit": fmt_number(SODIUM_PROFOUND), "source": SOURCE_PROFOUND_SODIUM}
        yield Flag("hyponatraemia", R_SODIUM, {"value": fmt_number(value), "date": _when(when), **params}, HIGH)
    elif value < SODIUM_GRADE_2:
        params = {"limit": fmt_number(SODIUM_GRADE_2), "source": SOURCE_CTCAE_SODIUM}
        yield Flag("hyponatraemia", R_SODIUM, {"value": fmt_number(value), "date": _when(when), **params}, MEDIUM)


def _low_count(case, today, test, code, reason, grade_3, grade_4) -> Iterator[Flag]:
    found = _latest_recent(case.labs, test, today)
    if found is None:
        return
    when, value = found
    if value < grade_4:
        yield Flag(
            code, reason, {"value": fmt_number(value), "date": _when(when), "limit": fmt_number(grade_4), "grade": "4"}
        )
    elif value < grade_3:
        params = {"value": fmt_number(value), "date": _when(when), "limit": fmt_number(grade_3), "grade": "3"}
        yield Flag(code, reason, params, MEDIUM)


def _counts(case: CaseSnapshot, today: date) -> Iterator[Flag]:
    yield from _low_count(case, today, "neutrophils", "neutropenia", R_ANC, ANC_GRADE_3, ANC_GRADE_4)
    yield from _low_count(
        case, today, "platelets", "thrombocytopenia", R_PLATELETS, PLATELETS_GRADE_3, PLATELETS_GRADE_4
    )
    found = _latest_recent(case.labs, "wbc", today)
    if found is not None and found[1] > WBC_HYPERLEUKOCYTOSIS and is_acute_leukaemia(case):
        params = {"value": fmt_number(found[1]), "date": _when(found[0]), "limit": fmt_number(WBC_HYPERLEUKOCYTOSIS)}
        yield Flag("hyperleukocytosis", R_WBC, params)


def _rise(labs: tuple[LabValue, ...], test: str, today: date) -> tuple[Decimal, Decimal, Decimal] | None:
    """(lowest earlier value, latest value, ratio) when the latest is recent and an earlier value exists."""
    values = series(labs, test)
    if len(values) < 2 or not _recent(values[-1][0], today):
        return None
    before = min(v for _d, v in values[:-1])
    latest = values[-1][1]
    if before <= 0:
        return None
    return before, latest, latest / before


def _ratio(value: Decimal) -> str:
    return fmt_number(value.quantize(Decimal("0.1")))


def _creatinine(case: CaseSnapshot, today: date) -> Iterator[Flag]:
    rise = _rise(case.labs, "creatinine", today)
    if rise is None:
        return
    before, latest, ratio = rise
    params = {"before": fmt_number(before), "value": fmt_number(latest), "ratio": _ratio(ratio)}
    if ratio > CREATININE_RISE_GRADE_3:
        yield Flag("creatinine_rising", R_CREATININE, {**params, "limit": "3", "grade": "3"}, HIGH)
    elif ratio > RISE_GRADE_2:
        yield Flag("creatinine_rising", R_CREATININE, {**params, "limit": "1.5", "grade": "2"}, MEDIUM)


def _bilirubin(case: CaseSnapshot, today: date) -> Iterator[Flag]:
    uln = LAB_TESTS["bilirubin"].high
    assert uln is not None
    found = _latest_recent(case.labs, "bilirubin", today)
    if found is None:
        return
    when, value = found
    if value > BILIRUBIN_GRADE_3_X_ULN * uln:
        yield Flag("bilirubin_high", R_BILIRUBIN_HIGH, {"value": fmt_number(value), "date": _when(when)}, HIGH)
        return
    rise = _rise(case.labs, "bilirubin", today)
    if rise is not None and rise[2] > RISE_GRADE_2 and value > uln:
        params = {"before": fmt_number(rise[0]), "value": fmt_number(rise[1]), "ratio": _ratio(rise[2])}
        yield Flag("bilirubin_rising", R_BILIRUBIN_RISING, params, MEDIUM)


def lab_flags(case: CaseSnapshot, *, today: date) -> list[Flag]:
    rules = (_calcium, _sodium, _counts, _creatinine, _bilirubin)
    return [flag for rule in rules for flag in rule(case, today)]
