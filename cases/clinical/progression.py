"""When the disease last progressed, read from the treatment lines and the measured responses.

A line stopped because the cancer grew ends on its progression (its stop
date, or when no stop date was given, the start of the next line); a
response assessment whose derived category is PD dates a progression too.
A line still given with best response PD is progressing, on a date we may
not know.
"""

from dataclasses import dataclass
from datetime import date

from . import reported
from .drug_classes import TARGETED, classes_of
from .snapshot import CaseSnapshot, TreatmentLineInfo


@dataclass(frozen=True)
class Progression:
    regimen: str
    on: date | None  # None: progressing, date not known
    line_start: date | None


def _ordered(lines: tuple[TreatmentLineInfo, ...]) -> list[TreatmentLineInfo]:
    return sorted(lines, key=lambda line: (line.start is None, line.start or date.min))


def progressions(case: CaseSnapshot) -> list[Progression]:
    lines = _ordered(case.treatment_lines)
    found = []
    for index, line in enumerate(lines):
        following = lines[index + 1].start if index + 1 < len(lines) else None
        if line.stop_reason == "progression":
            found.append(Progression(line.regimen, line.end or following, line.start))
        elif reported.is_progression(line.best_response) and line.ongoing:
            found.append(Progression(line.regimen, case.derived_pd_date, line.start))
    return found


def latest_progression(case: CaseSnapshot) -> date | None:
    """The most recent dated progression, from the lines or from measurements."""
    dates = [p.on for p in progressions(case) if p.on is not None]
    if case.derived_pd_date is not None:
        dates.append(case.derived_pd_date)
    return max(dates, default=None)


def targeted_progressions(case: CaseSnapshot) -> list[Progression]:
    """Progressions on a line that contained a targeted drug (drug_classes.TARGETED)."""
    return [p for p in progressions(case) if TARGETED in classes_of(p.regimen)]
