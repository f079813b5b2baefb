"""Per treatment line: best response, date of progression and progression-free time, from dated assessments.

Progression-free time runs from the start of the line to the first
progression while on it (Food and Drug Administration, Clinical Trial
Endpoints for the Approval of Cancer Drugs and Biologics, 2018: PFS is the
time from start to progression or death); without a progression it is the
time without one so far, censored at the last assessment on the line (or
the line's end, or today while it is given). The best response is the best
category any criteria gave on the line, in each criteria's own order.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .response import categories

# Each criteria's categories from best to worst (the published tables' order).
ORDER: dict[str, tuple[str, ...]] = {
    "recist1.1": ("CR", "PR", "SD", "NonCR/NonPD", "NE", "PD"),
    "mrecist": ("CR", "PR", "SD", "NonCR/NonPD", "NE", "PD"),
    "irecist": ("iCR", "iPR", "iSD", "iNonCR/NonUPD", "iNE", "iUPD", "iCPD"),
    "rano2": ("CR", "PR", "MR", "SD", "preliminary_PD", "PD"),
    "lugano2014": ("CMR", "PMR", "NMR", "PMD"),
    "lugano2014_ct": ("CR", "PR", "SD", "PD"),
    "eln2022": (
        "CR_MRD_neg",
        "CR",
        "CRh_MRD_neg",
        "CRh",
        "CRi_MRD_neg",
        "CRi",
        "MLFS",
        "PR",
        "NR",
        "MRD_relapse",
        "PD",
        "relapse",
    ),
    "imwg2016": ("MRD_negative", "sCR", "CR", "VGPR", "PR", "MR", "SD", "PD"),
    "iwcll2018": ("CR", "CRi", "PR", "SD", "PD"),
    "ata2015": ("excellent", "indeterminate", "biochemical_incomplete", "structural_incomplete"),
    "pcr": ("pCR", "no_pCR"),
    "pcwg3": ("PSA_response", "no_progression", "PD_unconfirmed", "PSA_progression", "radiographic_PD"),
    "gcig_ca125": (
        "CA125_response",
        "response_unconfirmed",
        "no_response",
        "not_evaluable_for_response",
        "progression_unconfirmed",
        "CA125_progression",
    ),
}
# Categories that are progression (or relapse) for progression-free time.
PROGRESSION = categories.PROGRESSION


@dataclass(frozen=True)
class Point:
    """One dated category. ``progressed_on`` is the date progression counts from when the criteria back-date it
    (iRECIST: the iUPD; RANO 2.0: the preliminary PD; PCWG3 and GCIG: the first raised value)."""

    when: date
    criteria: str
    category: str
    progressed_on: date | None = None


@dataclass(frozen=True)
class LineOutcome:
    best: Point | None
    progression: date | None
    pfs_days: int | None
    censored: bool  # no progression: the time is "at least"
    assessed: int  # how many assessments fell on the line


def _rank(p: Point) -> tuple[int, int]:
    order = ORDER.get(p.criteria, ())
    return (0 if p.category in order else 1, order.index(p.category) if p.category in order else 0)


def line_outcome(
    start: date | None,
    end: date | None,
    points: list[Point],
    today: date,
    *,
    next_start: date | None = None,
    stopped_for_progression: bool = False,
) -> LineOutcome:
    """Best response, first progression and progression-free days of a line.

    The assessments counted run from the line's start to the day before the
    next line starts (or today): progression-free time is measured from the
    start of a line whether or not it is still given. Without an assessment
    showing progression, a line stopped because the cancer grew progressed on
    its end date.
    """
    if start is None:
        return LineOutcome(None, None, None, True, 0)
    stop = next_start - timedelta(days=1) if next_start and next_start > start else today
    on_line = sorted((p for p in points if start <= p.when <= stop), key=lambda p: p.when)
    responses = [p for p in on_line if p.category not in PROGRESSION]
    best = min(responses, key=_rank, default=None)
    progressed = next((p for p in on_line if p.category in PROGRESSION), None)
    if progressed:
        when = progressed.progressed_on or progressed.when
        return LineOutcome(best, when, (when - start).days, False, len(on_line))
    if stopped_for_progression and end is not None and end <= stop:
        return LineOutcome(best, end, (end - start).days, False, len(on_line))
    last = on_line[-1].when if on_line else stop
    return LineOutcome(best, None, (last - start).days, True, len(on_line))
