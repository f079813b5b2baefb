"""Lab values as the rules read them: in one unit per test, whatever unit the report used.

The intake stores a value with the unit typed from the report. The rules
compare with thresholds in SI units (the units of cases.clinical.lab_tests),
so a value in a conventional unit is converted first:

- calcium: 1 mg/dL = 0.2495 mmol/L (molar mass 40.08 g/mol); 1 mEq/L = 0.5 mmol/L;
- creatinine: 1 mg/dL = 88.4 µmol/L (molar mass 113.1 g/mol);
- bilirubin: 1 mg/dL = 17.1 µmol/L (molar mass 584.7 g/mol);
- albumin: 1 g/dL = 10 g/L;
- sodium: 1 mEq/L = 1 mmol/L;
- haemoglobin: 1 g/dL = 10 g/L;
- blood counts (white cells, neutrophils, lymphocytes, platelets): 10⁹/L = 10³/µL = 10³/mm³ (K/µL, G/L);
  a count per µL is divided by 1000 (1500 cells/µL = 1.5 × 10⁹/L).

A blank unit is read as the test's own unit. A unit we do not know is not
converted, and the value is left out of the rules rather than guessed.
Corrected calcium follows Payne RB et al., BMJ 1973: measured calcium +
0.02 × (40 − albumin in g/L), in mmol/L.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .lab_tests import LAB_TESTS


@dataclass(frozen=True)
class LabValue:
    test: str  # a cases.clinical.lab_tests code
    value: Decimal
    unit: str  # as entered
    measured_on: date | None


_COUNT = {"10^9/l": "1", "10*9/l": "1", "g/l": "1", "10^3/ul": "1", "k/ul": "1", "10^3/mm3": "1", "/ul": "0.001"}
_COUNT |= {"cells/ul": "0.001", "/mm3": "0.001", "cells/mm3": "0.001"}

# test -> {normalised unit: factor to the test's own unit}
FACTORS: dict[str, dict[str, str]] = {
    "calcium": {"mmol/l": "1", "mg/dl": "0.2495", "meq/l": "0.5"},
    "calcium_total": {"mmol/l": "1", "mg/dl": "0.2495", "meq/l": "0.5"},
    "sodium": {"mmol/l": "1", "meq/l": "1"},
    "creatinine": {"umol/l": "1", "mg/dl": "88.4", "mmol/l": "1000"},
    "bilirubin": {"umol/l": "1", "mg/dl": "17.1"},
    "albumin": {"g/l": "1", "g/dl": "10"},
    "haemoglobin": {"g/dl": "1", "g/l": "0.1"},
    "wbc": _COUNT,
    "neutrophils": _COUNT,
    "lymphocytes": _COUNT,
    "platelets": _COUNT,
}


def normalise_unit(unit: str) -> str:
    text = unit.strip().casefold().replace(" ", "").replace("µ", "u").replace("μ", "u").replace("×", "x")
    text = text.replace("x10", "10").replace("10⁹", "10^9").replace("10³", "10^3").replace("mm³", "mm3")
    return text.replace("10e9", "10^9").replace("10e3", "10^3")


def in_own_unit(lab: LabValue) -> Decimal | None:
    """The value in the test's own unit (lab_tests), or None when the unit is not one we can convert."""
    test = LAB_TESTS.get(lab.test)
    own = normalise_unit(test.unit) if test else ""
    unit = normalise_unit(lab.unit)
    if not unit or unit == own:
        return lab.value
    factor = FACTORS.get(lab.test, {}).get(unit)
    return lab.value * Decimal(factor) if factor else None


def series(labs: tuple[LabValue, ...], test: str) -> list[tuple[date | None, Decimal]]:
    """Every convertible value of one test, oldest first (undated ones first: we cannot place them)."""
    rows = [(lab.measured_on, in_own_unit(lab)) for lab in labs if lab.test == test]
    known = [(d, v) for d, v in rows if v is not None]
    return sorted(known, key=lambda row: (row[0] is not None, row[0] or date.min))


def latest(labs: tuple[LabValue, ...], test: str) -> tuple[date | None, Decimal] | None:
    values = series(labs, test)
    return values[-1] if values else None


ALBUMIN_REFERENCE_G_L = Decimal(40)
PAYNE_FACTOR = Decimal("0.02")
# Albumin taken within this many days of the calcium is used to correct it.
ALBUMIN_PAIRING_DAYS = 2


CALCIUM_MG_DL_PER_MMOL_L = Decimal(1) / Decimal(FACTORS["calcium"]["mg/dl"])


def calcium_entered_in_mg_dl(labs: tuple[LabValue, ...]) -> bool:
    """Whether the latest calcium was reported in mg/dL (CTCAE grades it in that unit's own thresholds)."""
    values = [lab for lab in labs if lab.test in ("calcium", "calcium_total") and in_own_unit(lab) is not None]
    if not values:
        return False
    newest = max(values, key=lambda lab: (lab.measured_on is not None, lab.measured_on or date.min))
    return normalise_unit(newest.unit) == "mg/dl"


def corrected_calcium(labs: tuple[LabValue, ...]) -> tuple[date | None, Decimal] | None:
    """The latest albumin-corrected calcium in mmol/L: as entered, or computed from a total calcium (Payne 1973).

    A total calcium is corrected with an albumin from within two days; without
    one it is used as it is (which understates calcium when albumin is low).
    """
    corrected = latest(labs, "calcium")
    total = latest(labs, "calcium_total")
    if total is not None:
        when, value = total
        albumin = _albumin_near(labs, when)
        if albumin is not None:
            value = value + PAYNE_FACTOR * (ALBUMIN_REFERENCE_G_L - albumin)
        total = (when, value)
    candidates = [c for c in (corrected, total) if c is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda row: (row[0] is not None, row[0] or date.min))


def _albumin_near(labs: tuple[LabValue, ...], when: date | None) -> Decimal | None:
    for measured_on, value in reversed(series(labs, "albumin")):
        if when is None or measured_on is None:
            if when is None and measured_on is None:
                return value
            continue
        if abs((measured_on - when).days) <= ALBUMIN_PAIRING_DAYS:
            return value
    return None
