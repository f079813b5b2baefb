"""The MDT summary names each line's time for what it measures: relapse in acute leukaemia, progression elsewhere."""

import pytest

from cases.clinical.response import assess
from cases.models import ResponseAssessment, TreatmentLine
from reports.documents.summary import summary_pdf
from tests.factories import complete_case
from tests.helpers.pdfs import squeeze
from tests.reports.test_summary import clinical_case, days_ago, flat, frozen_today, pdf_text  # noqa: F401

REMISSION = {
    "prior_cr": False,
    "bm_blasts_pct": 2,
    "circulating_blasts": False,
    "extramedullary_disease": False,
    "anc_1e9_per_l": 1.2,
    "platelets_1e9_per_l": 120,
    "mrd": "negative",
}
RELAPSE = {**REMISSION, "prior_cr": True, "bm_blasts_pct": 12, "mrd": "positive"}


def aml_case(owner, **fields):
    case = complete_case(owner, cancer_type="aml", cancer_subtype="", stage_group="unknown", **fields)
    case.treatment_lines.all().delete()
    case.response_assessments.all().delete()
    TreatmentLine.objects.create(case=case, regimen="7+3", start_date=days_ago(200), ongoing=True)
    for data, when in [(REMISSION, 170), (RELAPSE, 48)]:
        category = assess("eln2022", data).category
        ResponseAssessment.objects.create(
            case=case, criteria="eln2022", data=data, derived_category=category, assessed_on=days_ago(when)
        )
    return case


def test_acute_leukaemia_line_time_is_named_for_relapse_not_progression(patient):
    text = flat("\n".join(pdf_text(summary_pdf(aml_case(patient)), layout=False)))
    assert "Months from the line's start to relapse" in text
    assert "Date of relapse or progression" in text
    assert "not ELN 2022 relapse-free survival (counted from the date of remission) nor event-free survival" in text
    assert "Progression-free" not in text


def test_acute_leukaemia_line_time_is_named_for_relapse_in_the_chinese_copy(patient):
    case = aml_case(patient, report_language="zh-hans")
    text = squeeze("\n".join(pdf_text(summary_pdf(case, audience="patient"), layout=False)))
    assert "自该线治疗开始至复发的时间（月）" in text
    assert squeeze("这不是 ELN 2022 定义的无复发生存") in text
    assert "无进展时间" not in text


def test_solid_tumour_line_time_stays_progression_free(patient):
    text = flat("\n".join(pdf_text(summary_pdf(clinical_case(patient)), layout=False)))
    assert "Progression-free (months)" in text and "to relapse" not in text


@pytest.mark.parametrize(
    ("cancer_type", "histology", "relapse"),
    [
        ("aml", "", True),
        ("all", "", True),
        ("lymphoma", "B-lymphoblastic leukaemia/lymphoma", True),
        ("other", "Acute myeloid leukemia with NPM1 mutation", True),
        ("myeloma", "", False),  # IMWG 2016: progression-free survival
        ("cll", "", False),  # iwCLL 2018: progression-free survival
        ("nsclc", "", False),
    ],
)
def test_which_cancers_are_measured_to_relapse(cancer_type, histology, relapse):
    from cases.clinical.lines import measured_to_relapse

    assert measured_to_relapse(cancer_type, histology) is relapse
