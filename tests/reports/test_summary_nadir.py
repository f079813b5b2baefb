"""The MDT summary's RECIST 1.1 chart after progression: the nadir is the smallest sum before it (Eisenhauer 2009)."""

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
