"""Which response criteria a new assessment of a case is entered under."""

from collections.abc import Iterable

from ..drug_classes import IMMUNOTHERAPY, classes_of
from ..remission import remission_for


def entry_criteria(cancer_type: str, histology: str, ongoing_regimens: Iterable[str]) -> str:
    """The criteria that fit the cancer (remission.remission_for), and iRECIST instead of RECIST 1.1 while an
    immunotherapy is given: iRECIST reads RECIST 1.1 for immunotherapy, where a first progression may be
    pseudoprogression and is confirmed on the next scan (Seymour L et al., Lancet Oncol 2017)."""
    code = remission_for(cancer_type, histology).criteria_code
    if code == "recist1.1" and any(IMMUNOTHERAPY in classes_of(regimen) for regimen in ongoing_regimens):
        return "irecist"
    return code
