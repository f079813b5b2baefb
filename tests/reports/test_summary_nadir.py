"""The MDT summary's RECIST 1.1, mRECIST and iRECIST charts after progression: the nadir is the smallest sum before it
(Eisenhauer 2009, section 4.4; mRECIST keeps RECIST's framework, Lencioni & Llovet 2010; iRECIST after confirmed
progression, Seymour 2017, Table 3); and the progression line RECIST 1.1 and iRECIST draw at least 5 mm above it
(Eisenhauer 2009, section 4.3.1)."""

from cases.assessment import message_json
from cases.clinical.response import assess
from cases.models import ResponseAssessment
from reports.documents.summary import summary_pdf
from tests.reports.test_summary import clinical_case, days_ago, flat, frozen_today, pdf_text  # noqa: F401

# One line (osimertinib, from 110 days ago): 60 mm at baseline, 40 mm (PR), 50 mm (+25% and +10 mm from 40: PD),
# then, treated beyond progression, 30 mm and 36 mm. RECIST 1.1 stops at the PD: its nadir stays 40 mm.
SERIES = {
    "baseline": [{"site": "Liver segment VII", "nodal": False, "mm": 60}],
    "assessments": [[40], [50], [30], [36]],
    "dates": [days_ago(d).isoformat() for d in (100, 80, 60, 40)],
    "nontarget": "present",
    "new_lesions": False,
}


def test_scans_after_progression_do_not_become_the_nadir_in_the_chart(patient):
    case = clinical_case(patient)
    case.treatment_lines.filter(regimen__startswith="Gefitinib").delete()
    case.response_assessments.all().delete()
    result = assess("recist1.1", {k: v for k, v in SERIES.items() if k != "dates"})
    assert result.category == "PD"
    ResponseAssessment.objects.create(
        case=case,
        data=SERIES,
        derived_category=result.category,
        derived_explanation=message_json(result.template, result.params),
    )

    text = flat("\n".join(pdf_text(summary_pdf(case), layout=False)))

    assert "+20% of nadir 40" in text  # the progression line over the nadir before PD
    assert "of nadir 30" not in text  # not the 30 mm scan after it
    assert "nadir -10.0%" in text  # the chart's label: 36 mm read against 40 mm, not +20.0% against 30 mm
    assert "nadir +20.0%" not in text
    assert "36 -40.0% -10.0%" in text  # the table's change from baseline and from nadir


def _summary_text(patient, criteria: str, series: dict = SERIES) -> str:
    case = clinical_case(patient)
    case.treatment_lines.filter(regimen__startswith="Gefitinib").delete()
    case.response_assessments.all().delete()
    result = assess(criteria, {k: v for k, v in series.items() if k != "dates"})
    ResponseAssessment.objects.create(
        case=case,
        criteria=criteria,
        data=series,
        derived_category=result.category,
        derived_explanation=message_json(result.template, result.params),
    )
    return flat("\n".join(pdf_text(summary_pdf(case), layout=False)))


def test_under_mrecist_scans_after_progression_do_not_become_the_nadir_either(patient):
    """mRECIST (Lencioni & Llovet 2010) stops at PD as RECIST 1.1 does: the viable sums 30 and 36 mm measured after
    the PD are not read as a new PR and a new PD against a nadir of 30 mm."""
    text = _summary_text(patient, "mrecist")

    assert "+20% of nadir 40" in text  # the progression line over the nadir before PD
    assert "of nadir 30" not in text
    assert "nadir -10.0%" in text  # 36 mm read against 40 mm, not +20.0% against 30 mm
    assert "nadir +20.0%" not in text
    assert "36 -40.0% -10.0%" in text  # the table's change from baseline and from nadir
    assert "Not classified after progression" in text  # the chart's words for the scans after PD
    assert "Not classified under mRECIST after progression (treated beyond progression)" in text  # the table's
    assert "later scans are not classified under mRECIST" in text  # the headline names the PD that ended it


def _series(baseline_mm: int, sums: list[int]) -> dict:
    """One target lesion on the osimertinib line, scanned every 20 days."""
    return {
        "baseline": [{"site": "Liver segment VII", "nodal": False, "mm": baseline_mm}],
        "assessments": [[mm] for mm in sums],
        "dates": [days_ago(100 - 20 * i).isoformat() for i in range(len(sums))],
        "nontarget": "present",
        "new_lesions": False,
    }


def test_under_irecist_scans_after_confirmed_progression_do_not_become_the_nadir(patient):
    """60 mm, 40 (iPR), 50 (iUPD), 56 (6 mm more: iCPD), then 30 and 36 mm: iRECIST reads both as iCPD (Seymour
    2017, Table 3, example 6), so the nadir stays 40 mm and 36 mm is not +20% from a nadir of 30 mm."""
    text = _summary_text(patient, "irecist", _series(60, [40, 50, 56, 30, 36]))

    assert "+20% of nadir 40" in text
    assert "of nadir 30" not in text
    assert "nadir -10.0%" in text
    assert "nadir +20.0%" not in text
    assert "36 -40.0% -10.0%" in text


def test_under_irecist_an_iupd_that_is_not_confirmed_still_lets_a_smaller_sum_become_the_nadir(patient):
    """60 mm, 40 (iPR), 50 (iUPD), 30 (iPR: the bar resets), 36 mm (+20% and +6 mm from 30: a new iUPD)."""
    text = _summary_text(patient, "irecist", _series(60, [40, 50, 30, 36]))

    assert "+20% of nadir 30" in text
    assert "nadir +20.0%" in text
    assert "36 -40.0% +20.0%" in text


def test_recist_progression_line_over_a_small_nadir_is_5_mm_above_it(patient):
    """30 mm, 20 (PR), 24 mm: +20% from 20 mm but only 4 mm, so not progression under RECIST 1.1 (Eisenhauer 2009,
    section 4.3.1): the line is at 25 mm, not at 24 mm."""
    text = _summary_text(patient, "recist1.1", _series(30, [20, 24]))

    assert "+5 mm from nadir 20 (progression)" in text
    assert "+20% of nadir 20" not in text


def test_irecist_progression_line_over_a_small_nadir_is_5_mm_above_it_too(patient):
    text = _summary_text(patient, "irecist", _series(30, [20, 24]))

    assert "+5 mm from nadir 20 (progression)" in text
    assert "+20% of nadir 20" not in text


def test_mrecist_progression_line_over_a_small_nadir_stays_at_20_percent(patient):
    """mRECIST has no 5 mm minimum (Lencioni & Llovet 2010): 24 mm from 20 mm is progression there."""
    text = _summary_text(patient, "mrecist", _series(30, [20, 24]))

    assert "+20% of nadir 20 (progression)" in text
    assert "mm from nadir 20" not in text
