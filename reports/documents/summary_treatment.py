"""Treatment history and tumour measurements for the summary PDF.

Lines of therapy become a timeline (reports.documents.charts) and a table, with
the best response, date of progression and progression-free time the dated
assessments give each line (cases.responses). Criteria read at every scan
(RECIST 1.1, iRECIST, mRECIST, RANO 2.0) become a chart of the sum with the
category and the change from baseline and from nadir at every assessment,
beside what the patient was told; tumour markers and ECOG become trend charts.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from cases.assessment import assessment_date, latest_assessment, render, render_stored
from cases.clinical import aml_followup, codes
from cases.clinical.biomarkers.codes import ASSAYS as BIOMARKER_ASSAYS
from cases.clinical.lines import cut_series, kept_targets
from cases.clinical.numbers import fmt_number, fmt_percent, percent_change
from cases.clinical.response import INVALID, SERIES, UnknownCriteria, assess
from cases.clinical.response.recist import AFTER_PD
from cases.clinical.response.recist_input import lesion_mm
from cases.labels import code_label, criteria_name, join_list, reported_label, response_label
from cases.partial_dates import local_iso
from cases.responses import decided_on, line_conflicts, line_outcomes, line_result, line_series, line_starts
from reports.documents import charts
from reports.labels import months_between, shown_date


def _outcome(outcome, conflicts: list[dict]) -> dict:
    """What the dated assessments say about one line: best response, progression date, progression-free months
    (with the criteria they are read under), and any two series for the line that disagree."""
    best = outcome.best
    months = round(outcome.pfs_days / 30.44, 1) if outcome.pfs_days is not None else None
    pfs = (
        ""
        if months is None or not outcome.assessed and not outcome.progression
        else (f"≥ {months}" if outcome.censored else f"{months}")
    )
    if pfs and outcome.pfs_criteria:
        pfs = f"{pfs} ({criteria_name(outcome.pfs_criteria)})"
    return {
        "best": f"{response_label(best.criteria, best.category)} ({criteria_name(best.criteria)})" if best else "",
        "progression": shown_date(outcome.progression) if outcome.progression else "",
        "pfs": pfs,
        "conflicts": [
            _(
                "Conflict: the %(first)s and %(second)s series for this line do not hold the same scans "
                "(differ on %(dates)s); derive both from one series."
            )
            % {
                "first": criteria_name(c["first"]),
                "second": criteria_name(c["second"]),
                "dates": join_list(local_iso(d) for d in c["dates"]),
            }
            for c in conflicts
        ],
    }


def line_rows(case, today: datetime.date) -> list[dict]:
    rows = []
    outcomes = line_outcomes(case, today)
    conflicts = line_conflicts(case)
    for number, line in enumerate(case.treatment_lines.all(), start=1):
        end = today if line.ongoing else line.end_date
        rows.append(
            {
                "number": number,
                "tag": f"L{number}",
                "line": line,
                "intent": code_label(codes.TREATMENT_INTENTS, line.intent),
                "start": shown_date(line.start_date, line.start_date_precision),
                "end": _("ongoing") if line.ongoing else shown_date(line.end_date, line.end_date_precision),
                "months": months_between(line.start_date, end) if line.start_date and end else None,
                "response": reported_label(case, line.best_response),
                "stop_reason": "" if line.ongoing else code_label(codes.STOP_REASONS, line.stop_reason),
                "derived": _outcome(outcomes[number - 1], conflicts[number - 1]),
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
        {
            "number": i,
            "kind": code_label(codes.LOCAL_TREATMENT_KINDS, t.kind),
            "treatment": t,
            "date": shown_date(t.date, t.date_precision),
        }
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
        result = line_result(assessment.case, assessment.criteria, assessment.data) or assess(
            assessment.criteria, _criteria_input(assessment)
        )
    except UnknownCriteria:
        result = None
    if result is None or result.category == INVALID:
        text = render_stored(assessment.derived_explanation)
    else:
        text = render(result.template, result.params)
    return {
        "category": assessment.derived_category,
        "category_label": response_label(assessment.criteria, assessment.derived_category),
        "criteria": criteria_name(assessment.criteria),
        "explanation": text,
        "reported": reported_label(assessment.case, assessment.reported_category),
        "date": _last_date(assessment),
        "ended": _ended(assessment),
    }


def _ended(assessment) -> str:
    """Under RECIST 1.1 or mRECIST, when progression ended the assessment before the last scan (Eisenhauer 2009,
    section 4.4; mRECIST keeps RECIST's framework, Lencioni & Llovet 2010): the best overall response with its
    date, for the headline."""
    decided = decided_on(assessment)
    last = assessment_date(assessment)
    if assessment.criteria not in ENDS_AT_PD or assessment.derived_category != "PD" or not decided or decided == last:
        return ""
    if assessment.criteria == "mrecist":
        text = _("best overall response: progression (PD) on %(date)s; later scans are not classified under mRECIST")
    else:
        text = _("best overall response: progression (PD) on %(date)s; later scans are not classified under RECIST 1.1")
    return text % {"date": shown_date(decided)}


def _last_date(assessment) -> str:
    dates = [d for d in (assessment.data or {}).get("dates", []) if d]
    return local_iso(dates[-1]) if dates else shown_date(assessment.assessed_on) if assessment.assessed_on else ""


def latest_derived(case) -> dict | None:
    """The assessment with the most recent scan that gave a category (an invalid input gives none)."""
    latest = latest_assessment(case, usable_only=True)
    return derived(latest) if latest else None


def _iso_date(raw) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if isinstance(raw, str) and raw else None
    except ValueError:
        return None


def _point_label(dates: list, j: int) -> str:
    return local_iso(dates[j]) if j < len(dates) and dates[j] else _("Scan %(n)s") % {"n": j + 1}


def _per_point(value, count: int, default) -> list:
    return list(value) if isinstance(value, list) else [default] * (count - 1) + [value]


def _total(point: list) -> Decimal | None:
    values = [lesion_mm(mm) for mm in point]
    if any(mm is None for mm in values):
        return None
    try:
        return sum((Decimal(str(mm)) for mm in values), Decimal(0))
    except ArithmeticError:
        return None


def _change(total: Decimal | None, reference: Decimal | None) -> str:
    return fmt_percent(percent_change(total, reference)) if total is not None and reference else ""


SUM_CRITERIA = ("recist1.1", "irecist", "mrecist")  # a sum of diameters per time point
# Criteria whose assessment ends at the first progression (RECIST 1.1: Eisenhauer 2009, section 4.4; mRECIST keeps
# RECIST's framework, Lencioni & Llovet 2010): no later scan becomes the nadir. Not iRECIST (Seymour 2017): an iUPD
# is unconfirmed and the assessment reads on (cases.clinical.response.irecist keeps its own nadir the same way).
ENDS_AT_PD = ("recist1.1", "mrecist")
# The categories after which no scan becomes the nadir, per criteria. iRECIST ends at confirmed progression: once
# iCPD is assigned, whatever later time points show, the best overall response stays iCPD (Seymour L et al., Lancet
# Oncol 2017, Table 3, examples 6 and 7: "iUPD, iCPD, any, any, any: iCPD"), and cases.clinical.response.irecist
# reads every later scan as iCPD. An unconfirmed iUPD freezes nothing: when the next scan no longer meets
# progression the bar resets.
NADIR_ENDS_AT = {"recist1.1": ("PD", AFTER_PD), "mrecist": ("PD", AFTER_PD), "irecist": ("iCPD",)}


def series(assessment) -> dict | None:
    """Chart and per-time-point table (change from baseline and from nadir) for criteria read at every scan."""
    data = assessment.data or {}
    rule = SERIES.get(assessment.criteria)
    if rule is None:
        return None
    if assessment.criteria == "rano2":
        return _rano(assessment, rule)
    if not data.get("baseline") or not data.get("assessments"):
        return None
    results = line_series(assessment.case, assessment.criteria, data)
    if len(results) == 1 and results[0].category == INVALID:
        return {"invalid": render(results[0].template, results[0].params)}
    baseline = [lesion.get("mm") if isinstance(lesion, dict) else None for lesion in data["baseline"]]
    dates, points = data.get("dates", []), data["assessments"]
    new = _per_point(data.get("new_lesions", False), len(points), False)
    base_total = _total(baseline)
    nadir = base_total
    progressed = False  # no scan after the progression that ended the assessment becomes the nadir
    ends_at = NADIR_ENDS_AT.get(assessment.criteria, ())
    # Baseline and nadir start again at each treatment line (RECIST 1.1): the line's own baseline scan, or none.
    line_dates = [_iso_date(dates[j]) if j < len(dates) else None for j in range(len(points))]
    segments = cut_series(line_dates, line_starts(assessment.case))[1:]
    rebase = {s.indices[0]: s.baseline for s in segments}
    # The chart breaks its line there and names the treatment line (numbered as in the lines table).
    new_line = {s.indices[0]: f"L{s.line + 1}" for s in segments}
    chart_points = [charts.MeasurementPoint(_("Baseline"), base_total, "", "")]
    rows = [_row(_("Baseline"), base_total, "", "", "", "")]
    keep = list(range(len(baseline)))
    for j, (point, result) in enumerate(zip(points, results, strict=False)):
        if j in rebase:
            k = rebase[j]
            keep = kept_targets(data, k) if k is not None else []
            base_total = _total([points[k][i] for i in keep]) if k is not None and keep else None
            nadir = base_total
            progressed = False
            label = _("Baseline for the next line") if base_total is not None else _("No baseline for the next line")
            rows.append(_row(label, base_total, "", "", "", ""))
        # Without a baseline for the line the sum is still shown, with no change beside it.
        measured = [point[i] for i in keep if i < len(point)] if keep and isinstance(point, list) else point
        total = _total(measured) if isinstance(measured, list) else None
        change, from_nadir = _change(total, base_total), _change(total, nadir)
        label = _point_label(dates, j)
        chart_points.append(
            charts.MeasurementPoint(
                label, total, result.category, change, bool(new[j]), from_nadir, new_line=new_line.get(j, "")
            )
        )
        rows.append(
            _row(
                label,
                total,
                change,
                from_nadir,
                result.category,
                render(result.template, result.params),
                assessment.criteria,
            )
        )
        reference = nadir  # the nadir this scan was read against, kept for the chart's progression line
        # The nadir is the smallest sum on study before progression (Eisenhauer 2009, section 4.4): after PD the
        # RECIST 1.1 or mRECIST assessment ends (cases.clinical.response.recist and .mrecist: later scans are
        # after_PD), and after iCPD the iRECIST one (NADIR_ENDS_AT), so a smaller sum on a later scan must not
        # become the reference the chart and the "change from nadir" column read from.
        progressed = progressed or result.category in ends_at
        if total is not None and nadir is not None and not progressed:
            nadir = min(nadir, total)
    chart = charts.measurement_chart_svg(
        chart_points, rule=assessment.criteria, thresholds=not rebase, nadir=reference if points else None
    )
    return {
        "chart": chart,
        "rows": rows,
        "lesions": _lesions(data, dates),
        "columns": [_point_label(dates, j) for j in range(len(points))],
        "unit": "mm",
    }


def _row(label, total, change, from_nadir, category, explanation, criteria="") -> dict:
    shown = fmt_number(total) if total is not None else "—"
    return {
        "category_label": response_label(criteria, category) if category else "",
        "label": label,
        "total": shown,
        "change": change,
        "nadir_change": from_nadir,
        "category": category,
        "explanation": explanation,
    }


def _rano(assessment, rule) -> dict | None:
    data = assessment.data or {}
    results = rule(_criteria_input(assessment))
    if len(results) == 1 and results[0].category == INVALID:
        return {"invalid": render(results[0].template, results[0].params)}
    base = Decimal(str(data["baseline_spd_mm2"]))
    nadir = base
    rows = [_row(_("Baseline"), base, "", "", "", "")]
    chart_points = [charts.MeasurementPoint(_("Baseline"), base, "", "")]
    for scan, result in zip(data["scans"], results, strict=False):
        spd = Decimal(str(scan["spd_mm2"]))
        change, from_nadir = _change(spd, base), _change(spd, nadir)
        when = local_iso(str(scan.get("date") or ""))
        rows.append(
            _row(when, spd, change, from_nadir, result.category, render(result.template, result.params), "rano2")
        )
        chart_points.append(
            charts.MeasurementPoint(when, spd, result.category, change, bool(scan.get("new_lesions")), from_nadir)
        )
        if result.category not in ("preliminary_PD", "PD"):
            nadir = min(nadir, spd)
    return {"chart": charts.measurement_chart_svg(chart_points, rule="rano2"), "rows": rows, "unit": "mm²"}


def _lesions(data: dict, dates: list) -> list[dict]:
    out = []
    for i, lesion in enumerate(data["baseline"]):
        values = [
            lesion_mm(point[i]) if isinstance(point, list) and i < len(point) else None for point in data["assessments"]
        ]
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
            "recist": series(a),
        }
        for a in case.response_assessments.all()
        if a.derived_category or (a.data or {}).get("assessments")
    ]


# Trends: tumour markers and performance status ------------------------------------------------------------------

MARKERS = ("psa", "ca125", "cea", "afp", "ca199")


def marker_trends(case) -> list[dict]:
    """A chart per tumour marker with two or more dated values, and the ECOG over time, each with its values."""
    out = []
    for code in MARKERS:
        results = [lab for lab in case.labs.all() if lab.test == code and lab.measured_on]
        if len(results) < 2:
            continue
        test = codes.LAB_TESTS[code]
        results.sort(key=lambda lab: lab.measured_on)
        points = [charts.TrendPoint(lab.measured_on, lab.value) for lab in results]
        unit = results[-1].unit or test.unit
        same_unit = all((lab.unit or test.unit) == unit for lab in results)
        if not same_unit:
            continue  # a trend across units would mislead; the lab table shows each value with its unit
        upper = test.high if unit == test.unit else None
        out.append({"code": code, "chart": charts.trend_chart_svg(_(test.label), unit, points, upper_normal=upper)})
    ecog = [charts.TrendPoint(r.measured_on, Decimal(r.ecog)) for r in case.ecog_records.all()]
    if len(ecog) >= 2:
        out.append(
            {"code": "ecog", "chart": charts.trend_chart_svg(_("ECOG performance status"), "", ecog, scale_max=4)}
        )
    return out


def aml_notes(case, today: datetime.date) -> list[dict]:
    """AML: the MRD on file with its method and level, what a positive result means, a missing consolidation
    (cases.clinical.aml_followup)."""
    if case.cancer_type != "aml":
        return []
    mrd = []
    for a in case.response_assessments.all():
        state = (a.data or {}).get("mrd") if a.criteria == "eln2022" else None
        if state in ("positive", "negative"):
            mrd.append(aml_followup.MrdResult(_iso_date(_last_date(a)), state == "positive"))
    for b in case.biomarkers.all():
        if b.marker == "MRD" and b.result in ("detected", "not_detected"):
            method = code_label(BIOMARKER_ASSAYS, b.assay) if b.assay else ""
            mrd.append(aml_followup.MrdResult(b.collected_on or b.tested_on, b.result == "detected", method, b.value))
    npm1 = any(b.marker == "NPM1" and b.result == "detected" for b in case.biomarkers.all())
    lines = [aml_followup.LineFacts(t.regimen, t.start_date, t.end_date, t.ongoing) for t in case.treatment_lines.all()]
    return [
        # render: the values too in the reader's language ("positive", dates in their format)
        {"text": render(n.template, n.params), "source": n.source, "urgent": n.urgent}
        for n in aml_followup.notes(case.cancer_type, npm1=npm1, mrd=mrd, lines=lines, today=today)
    ]
