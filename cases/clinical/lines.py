"""Per treatment line: best response, date of progression and progression-free time, from dated assessments.

Progression-free time runs from the start of the line to the first
progression while on it (Food and Drug Administration, Clinical Trial
Endpoints for the Approval of Cancer Drugs and Biologics, 2018: PFS is the
time from start to progression or death); without a progression it is the
time without one so far, censored at the last assessment on the line (or
the line's end, or today while it is given). The best response is the best
category any criteria gave on the line, in each criteria's own order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .histology import acute_leukaemia
from .i18n import gettext_noop
from .numbers import to_decimal
from .response import categories
from .response.base import INVALID, Assessment, result
from .response.recist import AFTER_PD

# Each criteria's categories from best to worst (the published tables' order).
ORDER: dict[str, tuple[str, ...]] = {
    "recist1.1": ("CR", "PR", "SD", "NonCR/NonPD", "NE", "PD", "after_PD"),
    "mrecist": ("CR", "PR", "SD", "NonCR/NonPD", "NE", "PD", "after_PD"),
    # iRECIST best overall response: an unconfirmed iUPD followed only by NE time points is iUPD, not NE (Seymour L et
    # al., Lancet Oncol 2017, Table 3, example 8), so iNE ranks below iUPD.
    "irecist": ("iCR", "iPR", "iSD", "iNonCR/NonUPD", "iUPD", "iNE", "iCPD"),
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
    pfs_criteria: str = ""  # the criteria the progression-free time is read under


def measured_to_relapse(cancer_type: str, histology: str = "") -> bool:
    """Whether a line's time is named for relapse rather than progression: acute leukaemia (AML, ALL).

    Acute leukaemia is followed to relapse, not progression: ELN 2022 (Döhner H et al., Blood 2022, Table 9)
    defines relapse-free survival (only for patients in CR, CRh or CRi, from the date of remission to relapse or
    death) and event-free survival (from the start of treatment to failure to reach remission, relapse or
    death). The time `line_outcome` gives is neither: it runs from the start of the line to the first relapse
    (haematologic or MRD) or progression the assessments record, and counts neither death nor failure to reach
    remission. Pages and PDFs name it for what it is.
    """
    return acute_leukaemia(cancer_type, histology)


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
    # A line read under iRECIST (Seymour L et al., Lancet Oncol 2017;18:e143-e152: immunotherapy) takes its
    # response and progression from it: an unconfirmed iUPD is not progression, though RECIST 1.1 calls the
    # same scan PD.
    timed = [p for p in on_line if p.criteria == "irecist"] or on_line
    # A scan after the progression that ended a RECIST 1.1 or mRECIST assessment is not classified (Eisenhauer
    # 2009, section 4.4: the best overall response is recorded up to progression), so it is no response either.
    responses = [p for p in timed if p.category not in PROGRESSION and p.category != AFTER_PD]
    best = min(responses, key=_rank, default=None)
    progressed = next((p for p in timed if p.category in PROGRESSION), None)
    if progressed:
        when = progressed.progressed_on or progressed.when
        return LineOutcome(best, when, (when - start).days, False, len(on_line), progressed.criteria)
    if stopped_for_progression and end is not None and end <= stop:
        return LineOutcome(best, end, (end - start).days, False, len(on_line))
    last = timed[-1].when if timed else stop
    return LineOutcome(best, None, (last - start).days, True, len(on_line), timed[-1].criteria if timed else "")


# Per-line baseline (Eisenhauer EA et al., RECIST 1.1, Eur J Cancer 2009;45:228-247, section 3.2: baseline
# evaluations as close as possible to the start of treatment and never more than 4 weeks before it; response
# and progression are measured against that line's own baseline and nadir).
BASELINE_WINDOW_DAYS = 28
NO_BASELINE_NEW = gettext_noop(
    "no baseline scan for this line (none in the %(days)s days before it started on %(start)s): "
    "progression on new lesion(s) only; no change in size can be given"
)
NO_BASELINE_NONTARGET = gettext_noop(
    "no baseline scan for this line (none in the %(days)s days before it started on %(start)s): "
    "progression on unequivocal growth of non-target disease only; no change in size can be given"
)
NO_BASELINE = gettext_noop(
    "no baseline scan for this line (none in the %(days)s days before it started on %(start)s): "
    "response cannot be measured"
)
SUM_CRITERIA = ("recist1.1", "irecist", "mrecist")  # a sum of diameters per time point, from one baseline


@dataclass(frozen=True)
class Segment:
    """The time points of a series that fall on one line. ``baseline`` is -1 for the series' own baseline, the
    index of an earlier time point that is this line's baseline, or None when the line has none."""

    line: int  # index into the line starts; -1 before any line
    indices: tuple[int, ...]
    baseline: int | None
    start: date | None


def _line_of(when: date | None, starts: list[date | None]) -> int | None:
    if when is None:
        return None
    found = -1
    for i, s in sorted(((i, s) for i, s in enumerate(starts) if s), key=lambda x: x[1]):
        if s <= when:
            found = i
    return found


def cut_series(dates: list[date | None], starts: list[date | None]) -> list[Segment]:
    """Split a series' time points by treatment line; the first line with time points keeps the series'
    baseline, each later one takes the last earlier scan in the 4 weeks before it started, or has none."""
    groups: list[tuple[int, list[int]]] = []
    for j, when in enumerate(dates):
        line = _line_of(when, starts)
        if groups and (line is None or line == groups[-1][0]):
            groups[-1][1].append(j)
        else:
            groups.append((line if line is not None else -1, [j]))
    out: list[Segment] = []
    for g, (line, indices) in enumerate(groups):
        start = starts[line] if line >= 0 else None
        if g == 0 or start is None:
            out.append(Segment(line, tuple(indices), -1, start))
            continue
        earlier = [
            k
            for k in range(indices[0])
            if dates[k] and start - timedelta(days=BASELINE_WINDOW_DAYS) <= dates[k] <= start  # type: ignore[operator]
        ]
        out.append(Segment(line, tuple(indices), max(earlier) if earlier else None, start))
    return out


def _slice(data: dict, indices: tuple[int, ...], count: int) -> dict:
    out = {}
    for key, value in data.items():
        if key != "baseline" and isinstance(value, list) and len(value) == count:
            out[key] = [value[j] for j in indices]
        else:
            out[key] = value
    return out


def kept_targets(data: dict, k: int) -> list[int]:
    """The baseline lesions still measurable at time point k, which become the next line's targets (RECIST 1.1
    section 3.1: non-nodal at least 10 mm, nodal at least 15 mm short axis)."""
    from .response.recist_input import MIN_NODAL_MM, MIN_NON_NODAL_MM, lesion_mm

    point = data["assessments"][k]
    keep = []
    for i, b in enumerate(data["baseline"]):
        mm = lesion_mm(point[i]) if isinstance(b, dict) and isinstance(point, list) and i < len(point) else None
        size = to_decimal(mm)  # a finite number, or None (NaN, text or a bool are not a size)
        if size is not None and size >= (MIN_NODAL_MM if b.get("nodal") else MIN_NON_NODAL_MM):
            keep.append(i)
    return keep


def _rebased(data: dict, k: int, part: dict) -> None:
    """The line's baseline from time point k, on the lesions still measurable there, at that scan's size."""
    from .response.recist_input import lesion_mm

    keep = kept_targets(data, k)
    point = data["assessments"][k]
    part["baseline"] = [
        {"site": data["baseline"][i].get("site"), "nodal": data["baseline"][i].get("nodal"), "mm": lesion_mm(point[i])}
        for i in keep
    ]
    part["assessments"] = [
        [p[i] for i in keep] if isinstance(p, list) and len(p) == len(data["baseline"]) else p
        for p in part["assessments"]
    ]


def _no_baseline(criteria: str, data: dict, segment: Segment, count: int) -> list[Assessment]:
    new = data.get("new_lesions")
    nontarget = data.get("nontarget")
    out = []
    seen_new = False
    params = {"days": BASELINE_WINDOW_DAYS, "start": segment.start.isoformat() if segment.start else ""}
    for j in segment.indices:
        is_new = bool(new[j] if isinstance(new, list) and len(new) == count else new and j == count - 1)
        grew = (nontarget[j] if isinstance(nontarget, list) and len(nontarget) == count else None) == (
            "unequivocal_progression"
        )
        seen_new = seen_new or is_new
        pd, ne = ("iUPD", "iNE") if criteria == "irecist" else ("PD", "NE")
        if seen_new:
            out.append(result(pd, NO_BASELINE_NEW, **params))
        elif grew:
            out.append(result(pd, NO_BASELINE_NONTARGET, **params))
        else:
            out.append(result(ne, NO_BASELINE, **params))
    return out


def series_by_line(
    criteria: str, rule: Callable[[dict], list[Assessment]], data: dict, dates: list[date | None], starts: list
) -> list[Assessment]:
    """The category at every time point with the baseline and nadir reset at each treatment line (one result
    per time point, in order). Criteria without a sum of diameters, or a series on one line, read as before."""
    points = data.get("assessments")
    if criteria not in SUM_CRITERIA or not isinstance(points, list) or not isinstance(data.get("baseline"), list):
        return rule(data)
    count = len(points)
    segments = cut_series((dates + [None] * count)[:count], starts)
    if len(segments) <= 1:
        return rule(data)
    out: list[Assessment] = []
    for segment in segments:
        part = _slice(data, segment.indices, count)
        if segment.baseline is None:
            out.extend(_no_baseline(criteria, data, segment, count))
            continue
        if segment.baseline >= 0:
            _rebased(data, segment.baseline, part)
            if not part["baseline"]:
                out.extend(_no_baseline(criteria, data, segment, count))
                continue
        results = rule(part)
        if len(results) == 1 and len(segment.indices) > 1 or any(r.category == INVALID for r in results):
            out.extend(_no_baseline(criteria, data, segment, count))  # the earlier scan cannot be a baseline
            continue
        out.extend(results)
    return out
