"""Response criteria: one module per published criteria set, one registry.

``assess("recist1.1", data)`` returns an Assessment; an unknown name raises
UnknownCriteria.
"""

from collections.abc import Callable

from .ata import assess_ata
from .base import INVALID, Assessment
from .eln import assess_eln
from .gcig import assess_gcig
from .imwg import assess_imwg
from .irecist import assess_irecist, irecist_series
from .iwcll import assess_iwcll
from .lugano import assess_lugano
from .lugano_ct import assess_lugano_ct
from .mrecist import assess_mrecist, mrecist_series
from .pcr import assess_pcr
from .pcwg3 import assess_pcwg3
from .rano import assess_rano, rano_series
from .recist import assess_recist, recist_series

__all__ = [
    "CRITERIA",
    "INVALID",
    "SERIES",
    "Assessment",
    "UnknownCriteria",
    "assess",
    "irecist_series",
    "mrecist_series",
    "rano_series",
    "recist_series",
]

CRITERIA: dict[str, Callable[[object], Assessment]] = {
    "recist1.1": assess_recist,
    "lugano2014": assess_lugano,
    "eln2022": assess_eln,
    "imwg2016": assess_imwg,
    "ata2015": assess_ata,
    "pcr": assess_pcr,
    "irecist": assess_irecist,
    "pcwg3": assess_pcwg3,
    "gcig_ca125": assess_gcig,
    "iwcll2018": assess_iwcll,
    "lugano2014_ct": assess_lugano_ct,
    "mrecist": assess_mrecist,
    "rano2": assess_rano,
}

# Criteria read at every time point (a table per assessment on the summary).
SERIES: dict[str, Callable[[object], list[Assessment]]] = {
    "recist1.1": recist_series,
    "irecist": irecist_series,
    "mrecist": mrecist_series,
    "rano2": rano_series,
}


class UnknownCriteria(KeyError):
    """Raised for a criteria name that is not in CRITERIA."""

    def __init__(self, name: object) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        known = ", ".join(CRITERIA)
        return f"unknown criteria {self.name!r}; known: {known}"


def assess(criteria: str, data: dict) -> Assessment:
    """Apply the named published criteria set to data (see CRITERIA for the names)."""
    try:
        rule = CRITERIA[criteria]
    except (KeyError, TypeError):
        raise UnknownCriteria(criteria) from None
    return rule(data)
