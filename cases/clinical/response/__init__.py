"""Response criteria: one module per published criteria set, one registry.

``assess("recist1.1", data)`` returns an Assessment; an unknown name raises
UnknownCriteria.
"""

from collections.abc import Callable

from .ata import assess_ata
from .base import INVALID, Assessment
from .eln import assess_eln
from .imwg import assess_imwg
from .lugano import assess_lugano
from .pcr import assess_pcr
from .recist import assess_recist, recist_series

__all__ = ["CRITERIA", "INVALID", "Assessment", "UnknownCriteria", "assess", "recist_series"]

CRITERIA: dict[str, Callable[[object], Assessment]] = {
    "recist1.1": assess_recist,
    "lugano2014": assess_lugano,
    "eln2022": assess_eln,
    "imwg2016": assess_imwg,
    "ata2015": assess_ata,
    "pcr": assess_pcr,
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
