"""Response assessments a coordinator enters under any published criteria, and what they say per treatment line.

`response_save` checks the input against its criteria (cases.clinical.response)
and keeps the derived category with its explanation as a stored message, then
refreshes the case's suggested priority (urgency reads the derived category), as
`response_delete` does when one is removed;
`line_outcomes` reads every dated category back per treatment line (best
response, progression date, progression-free time: cases.clinical.lines).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases.assessment import assessment_date, message_json
from cases.clinical.lines import SUM_CRITERIA, LineOutcome, Point, line_outcome, series_by_line
from cases.clinical.response import CRITERIA, INVALID, SERIES, Assessment, assess
from cases.clinical.response.recist import overall_index
from cases.errors import ActionRefused
from cases.models import ResponseAssessment
from cases.services import case_refresh_triage

ERR_CRITERIA = _("Choose the criteria the assessment follows.")
ERR_NOT_OBJECT = _("The measurements must be a JSON object, as in the example for the criteria.")
DATES_KEY = "dates"  # criteria read at every time point: one date per time point, kept beside the input


def criteria_input(data: dict) -> dict:
    """The input the criteria read: the stored data without the dates kept beside it."""
    return {k: v for k, v in (data or {}).items() if k != DATES_KEY}


@transaction.atomic
def response_save(
    *,
    case,
    by,
    criteria: str,
    data: object,
    assessed_on: datetime.date | None,
    reported_category: str = "",
    assessment: ResponseAssessment | None = None,
) -> ResponseAssessment:
    """Assess `data` under `criteria` and keep both, even when the input is INVALID (the reasons are shown)."""
    if criteria not in CRITERIA:
        raise ActionRefused(str(ERR_CRITERIA))
    if not isinstance(data, dict):
        raise ActionRefused(str(ERR_NOT_OBJECT))
    result = assess(criteria, criteria_input(data))
    result = line_result(case, criteria, data) or result
    row = assessment or ResponseAssessment(case=case, entered_by=by)
    row.criteria = criteria
    row.data = data
    row.assessed_on = assessed_on
    row.reported_category = reported_category
    row.derived_category = result.category
    row.derived_explanation = message_json(result.template, result.params)
    row.save()
    case_refresh_triage(case=case)  # a derived progression moves the case up the queue at once
    return row


@transaction.atomic
def response_delete(*, case, assessment: ResponseAssessment) -> None:
    """Remove one of `case`'s assessments; the triage flags follow at once (a removed progression no longer holds
    the case up the queue)."""
    assessment.delete()
    case_refresh_triage(case=case)


def line_series(case, criteria: str, data: dict) -> list[Assessment]:
    """Every time point's category of a stored input (with its "dates"), baseline and nadir reset per line."""
    rule = SERIES.get(criteria)
    points_in = criteria_input(data)
    if rule is None:
        return [assess(criteria, points_in)]
    count = len(points_in["assessments"]) if isinstance(points_in.get("assessments"), list) else 0
    dates = [_date(d) for d in (data or {}).get(DATES_KEY, [])]
    return series_by_line(criteria, rule, points_in, (dates + [None] * count)[:count], line_starts(case))


def line_result(case, criteria: str, data: dict) -> Assessment | None:
    """The latest time point's category read against its own line's baseline, for sum-of-diameters criteria
    (None for others, or when the input is not valid: the criteria's own reading stands)."""
    if criteria not in SUM_CRITERIA or not isinstance(data, dict):
        return None
    results = line_series(case, criteria, data)
    if not results or results[-1].category == INVALID:
        return None
    return results[overall_index(results)]


def decided_on(assessment: ResponseAssessment) -> datetime.date | None:
    """The date of the time point that gave `assessment` its overall reading: the last scan, or, under RECIST 1.1,
    the progression that ended the assessment before later scans (Eisenhauer 2009, section 4.4)."""
    data = assessment.data or {}
    dates = data.get(DATES_KEY)
    if assessment.criteria not in SUM_CRITERIA or not isinstance(dates, list) or not dates:
        return assessment_date(assessment)
    try:
        results = line_series(assessment.case, assessment.criteria, data)
    except (TypeError, ValueError, KeyError):
        return assessment_date(assessment)
    if not results or results[-1].category == INVALID or len(results) != len(dates):
        return assessment_date(assessment)
    return _date(dates[overall_index(results)]) or assessment_date(assessment)


def line_starts(case) -> list[datetime.date | None]:
    return [line.start_date for line in case.treatment_lines.all()]


def series_for(assessment: ResponseAssessment, starts: list | None = None) -> list[Assessment]:
    """The category at every time point for criteria read that way, else the one assessment. With the case's
    line starts, a sum-of-diameters series takes a new baseline and nadir at each line (cases.clinical.lines)."""
    data = criteria_input(assessment.data)
    rule = SERIES.get(assessment.criteria)
    if rule is None:
        return [assess(assessment.criteria, data)]
    if starts is None:
        starts = line_starts(assessment.case)
    count = len(data.get("assessments") or []) if isinstance(data.get("assessments"), list) else 0
    return series_by_line(assessment.criteria, rule, data, _point_dates(assessment, count), starts)


def _date(raw) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if isinstance(raw, str) and raw else None
    except ValueError:
        return None


def _point_dates(assessment: ResponseAssessment, count: int) -> list[datetime.date | None]:
    data = assessment.data or {}
    if assessment.criteria == "rano2":
        return [_date(s.get("date")) if isinstance(s, dict) else None for s in data.get("scans", [])][:count]
    dates = [_date(d) for d in data.get(DATES_KEY, [])]
    if count == 1 and not dates:
        return [assessment.assessed_on]
    return (dates + [None] * count)[:count]


def points(assessment: ResponseAssessment, starts: list | None = None) -> list[Point]:
    """Every dated category of one assessment, with the date progression counts from where the criteria say."""
    if assessment.derived_category in ("", INVALID):
        return []
    series = series_for(assessment, starts)
    dates = _point_dates(assessment, len(series))
    out: list[Point] = []
    first_unconfirmed: datetime.date | None = None
    for when, result in zip(dates, series, strict=False):
        if when is None:
            continue
        back = None
        if result.category in ("iUPD", "preliminary_PD"):
            first_unconfirmed = first_unconfirmed or when
        elif result.category in ("iCPD", "PD") and first_unconfirmed:
            back = first_unconfirmed
        else:
            first_unconfirmed = None
        back = back or _date(result.params.get("progression_date"))
        out.append(Point(when, assessment.criteria, result.category, back))
    return out


def case_points(case) -> list[Point]:
    starts = line_starts(case)
    return [p for a in case.response_assessments.all() for p in points(a, starts)]


def line_outcomes(case, today: datetime.date) -> list[LineOutcome]:
    """One outcome per treatment line, in the lines' order."""
    dated = case_points(case)
    lines = list(case.treatment_lines.all())
    starts = [line.start_date for line in lines]
    out = []
    for i, line in enumerate(lines):
        later = [s for s in starts[i + 1 :] if s and line.start_date and s > line.start_date]
        out.append(
            line_outcome(
                line.start_date,
                None if line.ongoing else line.end_date,
                dated,
                today,
                next_start=min(later, default=None),
                stopped_for_progression=line.stop_reason == "progression",
            )
        )
    return out


def _sums(assessment: ResponseAssessment) -> list[tuple[datetime.date, object]]:
    """(date, sum of target diameters) at every dated time point of a sum-of-diameters series."""
    from cases.clinical.response.recist_input import lesion_mm

    data = assessment.data or {}
    measured = data.get("assessments")
    if assessment.criteria not in SUM_CRITERIA or not isinstance(measured, list):
        return []
    out: list[tuple[datetime.date, object]] = []
    for when, point in zip(_point_dates(assessment, len(measured)), measured, strict=False):
        if when is None or not isinstance(point, list):
            continue
        values = [lesion_mm(mm) for mm in point]
        numbers = [v for v in values if isinstance(v, int | float)]
        out.append((when, sum(numbers) if len(numbers) == len(values) else None))
    return out


def line_conflicts(case) -> list[list[dict]]:
    """Per treatment line, each pair of measurement series on it that disagree: a scan in one and not the other,
    or a different sum on the same day. RECIST 1.1 and iRECIST read the same scans (Seymour 2017), so two
    series for one line must hold the same dated measurements; otherwise one of them is wrong."""
    lines = list(case.treatment_lines.all())
    starts = [line.start_date for line in lines]
    series = [(a, _sums(a)) for a in case.response_assessments.all() if a.derived_category not in ("", INVALID)]
    out: list[list[dict]] = []
    for i, line in enumerate(lines):
        later = [s for s in starts[i + 1 :] if s and line.start_date and s > line.start_date]
        stop = min(later, default=None)
        on_line = []
        for assessment, sums in series:
            kept = {
                (when, total)
                for when, total in sums
                if line.start_date and when >= line.start_date and (stop is None or when < stop)
            }
            if kept:
                on_line.append((assessment, kept))
        found = []
        for j, (a, first) in enumerate(on_line):
            for b, second in on_line[j + 1 :]:
                if first != second:
                    only = sorted({w for w, _t in first ^ second})
                    found.append(
                        {
                            "first": a.criteria,
                            "second": b.criteria,
                            "dates": [d.isoformat() for d in only],
                        }
                    )
        out.append(found)
    return out
