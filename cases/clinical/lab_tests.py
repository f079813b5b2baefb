"""Key laboratory tests with units and typical adult reference ranges.

Ranges are typical adult values for orientation only; each laboratory's own
range on the report takes precedence.
"""

from dataclasses import dataclass
from decimal import Decimal

from .i18n import gettext_noop


@dataclass(frozen=True)
class LabTest:
    code: str
    label: str
    unit: str
    low: Decimal | None
    high: Decimal | None


def _lab(code: str, label: str, unit: str, low: str | None, high: str | None) -> LabTest:
    return LabTest(code, label, unit, Decimal(low) if low else None, Decimal(high) if high else None)


_TESTS = (
    _lab("haemoglobin", gettext_noop("Haemoglobin"), "g/dL", "12.0", "17.5"),
    _lab("wbc", gettext_noop("White blood cells"), "10^9/L", "4.0", "11.0"),
    _lab("neutrophils", gettext_noop("Neutrophils"), "10^9/L", "1.8", "7.5"),
    _lab("lymphocytes", gettext_noop("Lymphocytes"), "10^9/L", "1.0", "4.0"),
    _lab("platelets", gettext_noop("Platelets"), "10^9/L", "150", "400"),
    _lab("creatinine", gettext_noop("Creatinine"), "µmol/L", "45", "110"),
    _lab("egfr", gettext_noop("eGFR (kidney function)"), "mL/min/1.73m²", "90", None),
    _lab("bilirubin", gettext_noop("Bilirubin"), "µmol/L", "3", "21"),
    _lab("alt", gettext_noop("ALT (liver enzyme)"), "U/L", "7", "56"),
    _lab("ast", gettext_noop("AST (liver enzyme)"), "U/L", "10", "40"),
    _lab("alp", gettext_noop("Alkaline phosphatase"), "U/L", "30", "130"),
    _lab("albumin", gettext_noop("Albumin"), "g/L", "35", "50"),
    _lab("ldh", gettext_noop("LDH"), "U/L", "140", "280"),
    # No range given: labs differ; myeloma staging reads it against 3.5 and 5.5 mg/L (ISS, Greipp 2005).
    _lab("b2m", gettext_noop("Beta-2 microglobulin"), "mg/L", None, None),
    _lab("sodium", gettext_noop("Sodium"), "mmol/L", "135", "145"),
    _lab("potassium", gettext_noop("Potassium"), "mmol/L", "3.5", "5.0"),
    _lab("calcium", gettext_noop("Calcium (corrected)"), "mmol/L", "2.15", "2.60"),
    _lab("calcium_total", gettext_noop("Calcium (total, not corrected)"), "mmol/L", "2.15", "2.60"),
    _lab("inr", gettext_noop("INR (clotting)"), "", "0.8", "1.2"),
    _lab("tsh", gettext_noop("TSH"), "mIU/L", "0.4", "4.0"),
    _lab("cea", gettext_noop("CEA"), "ng/mL", None, "5.0"),
    _lab("ca125", gettext_noop("CA-125"), "U/mL", None, "35"),
    _lab("ca199", gettext_noop("CA 19-9"), "U/mL", None, "37"),
    _lab("ca153", gettext_noop("CA 15-3"), "U/mL", None, "30"),
    _lab("psa", gettext_noop("PSA"), "ng/mL", None, "4.0"),
    _lab("afp", gettext_noop("AFP"), "ng/mL", None, "10"),
)

LAB_TESTS: dict[str, LabTest] = {t.code: t for t in _TESTS}
