"""The MDT summary's charts, read as SVG: which points each drawn line joins."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import translation

from cases.models import EcogRecord, LabResult, ResponseAssessment
from reports.documents import charts, summary_treatment
from tests.reports.test_summary import clinical_case, days_ago

SVG = "{http://www.w3.org/2000/svg}"


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    """Each drawn line of a chart as its (x, y) points."""
    root = ET.fromstring(svg)
    return [
        [(float(x), float(y)) for x, y in (pair.split(",") for pair in line.get("points", "").split())]
        for line in root.iter(f"{SVG}polyline")
    ]


def circles(svg: str) -> list[tuple[float, float]]:
    return [(float(c.get("cx", 0)), float(c.get("cy", 0))) for c in ET.fromstring(svg).iter(f"{SVG}circle")]


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def measurement_chart(case) -> str:
    drawn = summary_treatment.series(ResponseAssessment.objects.get(case=case))
    assert drawn is not None
    return str(drawn["chart"])


def test_tumour_sums_of_two_treatment_lines_are_not_joined(patient):
    # Scans 300 and 200 days ago are on gefitinib (L1), the one 20 days ago on osimertinib (L2), which had no
    # baseline scan of its own: its 59 mm cannot be compared with L1's 39 mm, so no line may run between them.
    svg = measurement_chart(clinical_case(patient))
    lines = polylines(svg)
    assert len(lines) == 1
    assert len(lines[0]) == 3  # baseline, and the two L1 scans
    last_dot = max(circles(svg))
    assert all(last_dot not in line for line in lines)
    assert "L2" in texts(svg)  # the divider says where the new line begins


def test_tumour_sums_on_one_line_are_one_line(patient):
    case = clinical_case(patient)
    case.treatment_lines.exclude(regimen__startswith="Gefitinib").delete()
    case.treatment_lines.update(ongoing=True, end_date=None, stop_reason="ongoing")
    svg = measurement_chart(case)
    assert [len(line) for line in polylines(svg)] == [4]
    assert "L2" not in texts(svg)


def marker_charts(case) -> dict[str, str]:
    with translation.override("en"):
        return {t["code"]: str(t["chart"]) for t in summary_treatment.marker_trends(case)}


def test_each_marker_and_the_ecog_is_its_own_line(patient):
    case = clinical_case(patient)
    case.labs.filter(test="cea").delete()
    # CEA measured on L1 and on L2: one series, one line through the four dated values in date order.
    for value, when in [("14.2", 12), ("5.1", 300), ("3.9", 200), ("9.8", 60)]:
        LabResult.objects.create(case=case, test="cea", value=value, unit="ng/mL", measured_on=days_ago(when))
    LabResult.objects.create(case=case, test="cea", value="40", unit="ng/mL", measured_on=None)  # undated
    for value, when in [("30", 250), ("35", 30)]:
        LabResult.objects.create(case=case, test="ca125", value=value, unit="U/mL", measured_on=days_ago(when))
    for ecog, when in [(0, 300), (1, 100), (2, 10)]:
        EcogRecord.objects.create(case=case, ecog=ecog, measured_on=days_ago(when))

    found = marker_charts(case)

    assert set(found) == {"cea", "ca125", "ecog"}
    assert [len(polylines(svg)) for svg in found.values()] == [1, 1, 1]
    cea = polylines(found["cea"])[0]
    assert len(cea) == 4  # the undated 40 ng/mL is not drawn at all
    assert [x for x, _y in cea] == sorted(x for x, _y in cea)
    assert "40" not in texts(found["cea"])
    assert len(polylines(found["ca125"])[0]) == 2
    assert len(polylines(found["ecog"])[0]) == 3


def test_trend_chart_leaves_out_points_without_a_date():
    points = [
        charts.TrendPoint(datetime.date(2026, 5, 1), Decimal("8")),
        charts.TrendPoint(None, Decimal("99")),
        charts.TrendPoint(datetime.date(2026, 1, 1), Decimal("4")),
    ]
    with translation.override("en"):
        svg = str(charts.trend_chart_svg("PSA", "ng/mL", points))
    (line,) = polylines(svg)
    assert len(line) == 2 and line[0][0] < line[1][0]
    assert len(circles(svg)) == 2
    assert "99" not in texts(svg)
    assert "1 Jan 2026" in texts(svg) and "1 May 2026" in texts(svg)


def test_trend_chart_dates_are_in_the_readers_language():
    points = [
        charts.TrendPoint(datetime.date(2026, 1, 1), Decimal("4")),
        charts.TrendPoint(datetime.date(2026, 5, 1), Decimal("8")),
    ]
    with translation.override("zh-hans"):
        svg = str(charts.trend_chart_svg("PSA", "ng/mL", points))
    assert "2026年1月1日" in texts(svg) and "2026-01-01" not in svg


def progression_line_mm(svg: str) -> float:
    """Where the chart's progression line (the finely dashed one) is, in mm on the chart's own scale, read off the
    dots (each labelled with its sum)."""
    root = ET.fromstring(svg)
    (line,) = [e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray") == "2,2"]
    dots = circles(svg)
    sums = [float(t.split()[0]) for t in texts(svg) if t.endswith(" mm") and t.split()[0].replace(".", "").isdigit()]
    (_x0, y0), (_x1, y1) = dots[0], dots[1]
    per_mm = (y1 - y0) / (sums[1] - sums[0])
    return sums[0] + (float(line.get("y1", 0)) - y0) / per_mm


def small_nadir_chart(rule: str) -> str:
    points = [
        charts.MeasurementPoint("Baseline", Decimal("30"), "", ""),
        charts.MeasurementPoint("Scan 1", Decimal("20"), "PR", "-33.3%"),
        charts.MeasurementPoint("Scan 2", Decimal("24"), "SD", "-20.0%"),
    ]
    with translation.override("en"):
        return str(charts.measurement_chart_svg(points, rule=rule))


def test_recist_and_irecist_progression_line_is_at_least_5_mm_over_the_nadir():
    # RECIST 1.1 (Eisenhauer 2009, 4.3.1): at least 20% and at least 5 mm; 20% of a 20 mm nadir is only 4 mm.
    for rule in ("recist1.1", "irecist"):
        svg = small_nadir_chart(rule)
        assert abs(progression_line_mm(svg) - 25) < 0.2
        assert "+5 mm from nadir 20" in texts(svg)
        assert "+20% of nadir 20" not in texts(svg)


def test_mrecist_progression_line_is_20_percent_over_the_nadir_however_small():
    svg = small_nadir_chart("mrecist")
    assert abs(progression_line_mm(svg) - 24) < 0.2
    assert "+20% of nadir 20" in texts(svg)


def test_recist_progression_line_is_20_percent_over_a_nadir_of_25_mm_or_more():
    points = [
        charts.MeasurementPoint("Baseline", Decimal("60"), "", ""),
        charts.MeasurementPoint("Scan 1", Decimal("40"), "PR", "-33.3%"),
        charts.MeasurementPoint("Scan 2", Decimal("44"), "PR", "-26.7%"),
    ]
    with translation.override("en"):
        svg = str(charts.measurement_chart_svg(points, rule="recist1.1"))
    assert abs(progression_line_mm(svg) - 48) < 0.2
    assert "+20% of nadir 40" in texts(svg)


def test_recist_progression_line_over_a_nadir_of_0_mm_is_at_5_mm():
    # From 0 mm any growth is an infinite percentage: only the 5 mm rule places progression.
    points = [
        charts.MeasurementPoint("Baseline", Decimal("12"), "", ""),
        charts.MeasurementPoint("Scan 1", Decimal("0"), "CR", "-100.0%"),
        charts.MeasurementPoint("Scan 2", Decimal("3"), "SD", "-75.0%"),
    ]
    with translation.override("en"):
        svg = str(charts.measurement_chart_svg(points, rule="recist1.1"))
    assert abs(progression_line_mm(svg) - 5) < 0.2
    assert "+5 mm from nadir 0" in texts(svg)


def test_the_5_mm_label_is_translated():
    points = [
        charts.MeasurementPoint("Baseline", Decimal("30"), "", ""),
        charts.MeasurementPoint("Scan 1", Decimal("20"), "PR", "-33.3%"),
        charts.MeasurementPoint("Scan 2", Decimal("24"), "SD", "-20.0%"),
    ]
    with translation.override("zh-hans"):
        svg = str(charts.measurement_chart_svg(points, rule="recist1.1"))
    assert "较最低值 20 增加 5 mm" in texts(svg)
