"""Organ function computed from the intake: creatinine clearance by Cockcroft-Gault.

Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum
creatinine. Nephron 1976;16:31-41:

    CrCl (mL/min) = (140 − age in years) × weight in kg / (72 × serum creatinine in mg/dL), × 0.85 for women

with creatinine in µmol/L divided by 88.4 to give mg/dL. The MDT uses it to
dose carboplatin (Calvert), cisplatin, pemetrexed and other renally cleared
drugs. It needs the actual weight and the sex; without either it is not
computed rather than guessed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .lab_values import LabValue, latest

CG_AGE_CONSTANT = Decimal(140)
CG_DIVISOR = Decimal(72)
CG_FEMALE_FACTOR = Decimal("0.85")
CREATININE_UMOL_PER_MG_DL = Decimal("88.4")


@dataclass(frozen=True)
class CreatinineClearance:
    ml_min: Decimal  # rounded to a whole number
    creatinine_umol_l: Decimal
    measured_on: date | None
    age: int
    weight_kg: Decimal
    sex: str


def age_on(birth: date, when: date) -> int:
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


def cockcroft_gault(*, creatinine_umol_l: Decimal, age: int, weight_kg: Decimal, sex: str) -> Decimal | None:
    """CrCl in mL/min (Cockcroft-Gault 1976), or None when sex is not female or male or a value is unusable."""
    if sex not in ("female", "male") or creatinine_umol_l <= 0 or weight_kg <= 0 or age < 18:
        return None
    mg_dl = creatinine_umol_l / CREATININE_UMOL_PER_MG_DL
    clearance = (CG_AGE_CONSTANT - age) * weight_kg / (CG_DIVISOR * mg_dl)
    if sex == "female":
        clearance *= CG_FEMALE_FACTOR
    return clearance.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def creatinine_clearance(
    labs: tuple[LabValue, ...], *, birth_date: date | None, weight_kg: Decimal | None, sex: str, today: date
) -> CreatinineClearance | None:
    """CrCl from the latest creatinine, the age on the day it was measured, the weight now and the sex."""
    creatinine = latest(labs, "creatinine")
    if creatinine is None or birth_date is None or weight_kg is None:
        return None
    when, value = creatinine
    age = age_on(birth_date, when or today)
    ml_min = cockcroft_gault(creatinine_umol_l=value, age=age, weight_kg=Decimal(str(weight_kg)), sex=sex)
    if ml_min is None:
        return None
    return CreatinineClearance(ml_min, value, when, age, Decimal(str(weight_kg)), sex)
