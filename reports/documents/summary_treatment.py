"""Treatment history and tumour measurements for the summary PDF.

Lines of therapy become a timeline (reports.documents.charts) and a table; RECIST 1.1
measurements become a chart of the sum of target lesions with the category
derived at every assessment (cases.clinical.response.recist_series), beside
what the patient was told.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from cases.assessment import render, render_stored
from cases.clinical import codes
from cases.clinical.numbers import fmt_number, fmt_percent, percent_change
from cases.clinical.response import INVALID, UnknownCriteria, assess, recist_series
from cases.labels import code_label, criteria_name
from reports.documents import charts
from reports.labels import iso, months_between


def line_rows(case, today: datetime.date) -> list[dict]:
    rows = []
    for number, line in enumerate(case.treatment_lines.all(), start=1):
        end = today if line.ongoing else line.end_date
        rows.append(
            {
                "number": number,
                "tag": f"L{number}",
                "line": line,
                "intent": code_label(codes.TREATMENT_INTENTS, line.intent),
                "start": iso(line.start_date),
                "end": _("ongoing") if line.ongoing else iso(line.end_date),
                "months": months_between(line.start_date, end) if line.start_date and end else None,
                "response": code_label(codes.RESPONSE_CATEGORIES, line.best_response),
                "stop_reason": "" if line.ongoing else code_label(codes.STOP_REASONS, line.stop_reason),
            }
        )
    return rows


def current_lines(rows: list[dict]) -> list[dict]:
    """The lines still being given; if none, the most recent one (it says when and why it stopped)."""
    ongoing = [r for r in rows if r["line"].ongoing]
    return ongoing or rows[-1:]


def timeline(case, rows: list[dict], today: datetime.date):
    bars = [
        charts.TimelineBar(
            label=r["tag"],
            regimen=r["line"].regimen,
            start=r["line"].start_date,
            end=r["line"].end_date,
            ongoing=r["line"].ongoing,
            response=r["line"].best_response,
        )
        for r in rows
    ]
    local = [charts.TimelineEvent(i, t.date) for i, t in enumerate(case.local_treatments.all(), start=1) if t.date]
    if not bars and not local:
        return ""
    return charts.treatment_timeline_svg(bars, today=today, diagnosis=case.diagnosis_date, local=local)


def local_rows(case) -> list[dict]:
    return [
        {"number": i, "kind": code_label(codes.LOCAL_TREATMENT_KINDS, t.kind), "treatment": t, "date": iso(t.date)}
        for i, t in enumerate(case.local_treatments.all(), start=1)
    ]


# Response assessments -------------------------------------------------------------------------------------------


def _criteria_input(assessment) -> dict:
    return {k: v for k, v in (assessment.data or {}).items() if k != "dates"}


def derived(assessment) -> dict | None:
    """The category derived from the measurements, with its explanation in the current language."""
    if not assessment.derived_category or assessment.derived_category == INVALID:
        return None
    try:
        result = assess(assessment.criteria, _criteria_input(assessment))
    except UnknownCriteria:
        result = None
    if result is None or result.category == INVALID:
        text = render_stored(assessment.derived_explanation)
    else:
        text = render(result.template, result.params)
    return {
        "category": assessment.derived_category,
        "category_label": code_label(codes.RESPONSE_CATEGORIES, assessment.derived_category),
        "criteria": criteria_name(assessment.criteria),
        "explanation": text,
        "reported": code_label(codes.RESPONSE_CATEGORIES, assessment.reported_category),
        "date": _last_date(assessment),
    }


def _last_date(assessment) -> str:
    dates = [d for d in (assessment.data or {}).get("dates", []) if d]
    return dates[-1] if dates else ""


def latest_derived(case) -> dict | None:
    """The most recently updated assessment that gave a category (an invalid input gives none)."""
    usable = [a for a in case.response_assessments.all() if a.derived_category not in ("", INVALID)]
    latest = max(usable, key=lambda a: a.updated_at, default=None)
    return derived(latest) if latest else None


def _point_label(dates: list, j: int) -> str:
    return dates[j] if j < len(dates) and dates[j] else _("Scan %(n)s") % {"n": j + 1}


def _per_point(value, count: int, default) -> list:
    return list(value) if isinstance(value, list) else [default] * (count - 1) + [value]


def _total(point: list) -> Decimal | None:
    if any(mm is None for mm in point):
        return None
    return sum((Decimal(str(mm)) for mm in point), Decimal(0))


def recist(assessment) -> dict | None:
    """Chart, per-assessment table and lesion table for one RECIST 1.1 assessment; None when not RECIST."""
    data = assessment.data or {}
    if assessment.criteria != "recist1.1" or not data.get("baseline") or not data.get("assessments"):
        return None
    series = recist_series(_criteria_input(assessment))
    if len(series) == 1 and series[0].category == INVALID:
        return {"invalid": render(series[0].template, series[0].params)}
    baseline = [lesion["mm"] for lesion in data["baseline"]]
    dates, points = data.get("dates", []), data["assessments"]
    new = _per_point(data.get("new_lesions", False), len(points), False)
    base_total = _total(baseline)
    chart_points = [charts.MeasurementPoint(_("Baseline"), base_total, "", "")]
    rows = [{"label": _("Baseline"), "total": fmt_number(base_total), "change": "", "category": "", "explanation": ""}]
    for j, (point, result) in enumerate(zip(points, series, strict=False)):
        total = _total(point)
        change = fmt_percent(percent_change(total, base_total)) if total is not None and base_total else ""
        chart_points.append(
            charts.MeasurementPoint(_point_label(dates, j), total, result.category, change, bool(new[j]))
        )
        rows.append(
            {
                "label": _point_label(dates, j),
                "total": fmt_number(total) if total is not None else "—",
                "change": change,
                "category": result.category,
                "explanation": render(result.template, result.params),
            }
        )
    return {
        "chart": charts.measurement_chart_svg(chart_points),
        "rows": rows,
        "lesions": _lesions(data, dates),
        "columns": [_point_label(dates, j) for j in range(len(points))],
    }


def _lesions(data: dict, dates: list) -> list[dict]:
    out = []
    for i, lesion in enumerate(data["baseline"]):
        values = [point[i] if i < len(point) else None for point in data["assessments"]]
        out.append(
            {
                "site": lesion.get("site", ""),
                "nodal": bool(lesion.get("nodal")),
                "baseline": _mm(lesion.get("mm")),
                "values": [_mm(v) for v in values],
            }
        )
    return out


def _mm(value) -> str:
    return "—" if value is None else fmt_number(Decimal(str(value)))


def assessments(case) -> list[dict]:
    return [
        {
            "assessment": a,
            "criteria": criteria_name(a.criteria),
            "explanation": render_stored(a.derived_explanation),
            "derived": derived(a),
            "recist": recist(a),
        }
        for a in case.response_assessments.all()
        if a.derived_category or (a.data or {}).get("assessments")
    ]
