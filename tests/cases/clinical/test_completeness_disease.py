"""Completeness that follows the disease: what the MDT needs, and staleness by progression, not only by age."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from cases.assessment import render
from cases.clinical.completeness import assess_completeness
from cases.clinical.lab_values import LabValue
from cases.clinical.panels import BiomarkerResult
from cases.clinical.snapshot import DocumentInfo, TreatmentLineInfo
from tests.cases.clinical.cases_helpers import TODAY, all_negative, case


def codes(snapshot) -> list[str]:
    return [i.code for i in assess_completeness(snapshot, today=TODAY).items]


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# What the MDT needs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "asked"),
    [
        ({"cancer_type": "nsclc", "stage_group": "IVA"}, True),
        ({"cancer_type": "nsclc", "stage_group": "IIB", "metastatic_sites": ()}, False),
        ({"cancer_type": "sclc", "stage_group": "", "t": "T1", "n": "N0", "m": "M0", "metastatic_sites": ()}, True),
        ({"cancer_type": "melanoma", "stage_group": "IV"}, True),
        ({"cancer_type": "breast", "cancer_subtype": "her2_pos", "stage_group": "IV"}, True),
        ({"cancer_type": "breast", "cancer_subtype": "hr_pos_her2_neg", "stage_group": "IV"}, False),
        ({"cancer_type": "colorectal", "cancer_subtype": "", "stage_group": "IV"}, False),
    ],
)
def test_brain_mri_is_asked_where_it_matters(changes, asked):
    snapshot = case(brain_mri_date=None, biomarkers=(), **changes)
    assert ("brain_mri" in codes(snapshot)) is asked


def test_liver_metastases_ask_for_liver_tests_until_bilirubin_and_a_transaminase_are_given():
    snapshot = case(metastatic_sites=("liver",))
    assert "liver_tests" in codes(snapshot)
    bilirubin = LabValue("bilirubin", Decimal(12), "µmol/L", days_ago(5))
    assert "liver_tests" in codes(case(metastatic_sites=("liver",), labs=(*snapshot.labs, bilirubin)))
    alt = LabValue("alt", Decimal(30), "U/L", days_ago(5))
    assert "liver_tests" not in codes(case(metastatic_sites=("liver",), labs=(*snapshot.labs, bilirubin, alt)))


def test_creatinine_clearance_needs_creatinine_then_weight_sex_and_birth_date():
    assert "creatinine" in codes(case(labs=()))
    assert "crcl_inputs" in codes(case(weight_kg=None))
    assert "crcl_inputs" in codes(case(patient_sex="other"))
    assert not {"creatinine", "crcl_inputs"} & set(codes(case()))


@pytest.mark.parametrize(
    ("regimen", "subtype", "asked"),
    [
        ("Epirubicin + cyclophosphamide", "", True),
        ("7+3 induction (cytarabine + daunorubicin)", "", True),
        ("Trastuzumab deruxtecan", "", True),
        ("carboplatin-pemetrexed", "", False),
        ("letrozole", "her2_pos", True),  # HER2-positive breast cancer: HER2 therapy is coming
    ],
)
def test_lvef_is_asked_before_anthracyclines_or_her2_therapy(regimen, subtype, asked):
    line = TreatmentLineInfo(regimen, days_ago(100), None, "PR", "ongoing", True)
    cancer = {"cancer_type": "breast", "cancer_subtype": subtype} if subtype else {}
    assert ("lvef" in codes(case(treatment_lines=(line,), lvef_percent=None, **cancer))) is asked
    assert "lvef" not in codes(case(treatment_lines=(line,), lvef_percent=60, **cancer))


@pytest.mark.parametrize("status", ["", "unknown", "not_tested"])
def test_hepatitis_and_hiv_are_asked_until_each_has_a_result(status):
    assert "viral_tests" in codes(case(hiv=status))


def _viral_item(snapshot):
    return next(i for i in assess_completeness(snapshot, today=TODAY).items if i.code == "viral_tests")


@pytest.mark.parametrize(
    ("hepatitis_b", "hepatitis_c", "hiv", "coordinator_reads"),
    [
        (
            "negative",
            "negative",
            "not_tested",
            "Viral tests missing before systemic therapy: HIV (NCCN: everyone with cancer)",
        ),
        ("", "negative", "positive", "Viral tests missing before systemic therapy: hepatitis B (ASCO 2020)"),
        (
            "unknown",
            "",
            "not_tested",
            "Viral tests missing before systemic therapy: hepatitis B (ASCO 2020); hepatitis C (CDC 2020); "
            "HIV (NCCN: everyone with cancer)",
        ),
    ],
)
def test_the_viral_tests_flag_names_only_the_tests_missing(hepatitis_b, hepatitis_c, hiv, coordinator_reads):
    item = _viral_item(case(hepatitis_b=hepatitis_b, hepatitis_c=hepatitis_c, hiv=hiv))
    with translation.override("en"):
        assert render(item.coordinator_message, item.params) == coordinator_reads


def test_the_patient_and_the_chinese_reader_are_told_only_the_missing_viral_test():
    item = _viral_item(case(hiv="unknown"))
    with translation.override("en"):
        patient = render(item.patient_message, item.params)
    assert patient.startswith("Please tell us the results of these blood tests: HIV. ")
    assert "hepatitis" not in patient
    with translation.override("zh-hans"):
        assert render(item.coordinator_message, item.params) == "系统治疗前缺少病毒检查：HIV（NCCN：所有癌症患者）"
        assert render(item.patient_message, item.params).startswith("请告诉我们以下血液检查的结果：HIV。")


def test_autoimmune_disease_and_transplant_are_asked_where_immunotherapy_is_an_option():
    assert "autoimmune_transplant" in codes(case(autoimmune_disease=None))
    assert "autoimmune_transplant" in codes(case(organ_transplant=None))
    myeloma = {"cancer_type": "myeloma", "stage_group": "", "biomarkers": all_negative("myeloma")}
    assert "autoimmune_transplant" not in codes(case(autoimmune_disease=None, **myeloma))


def test_medicines_past_toxicities_family_history_and_tissue_block_are_asked():
    snapshot = case(medications="", past_toxicities=" ", family_history="", tissue_block_location="")
    assert [c for c in codes(snapshot)] == ["medications", "past_toxicities", "family_germline", "tissue_block"]


@pytest.mark.parametrize(
    ("cancer_type", "histology", "asked"),
    [
        ("aml", "Acute myeloid leukaemia with NPM1 mutation", False),  # ELN 2022: marrow and blood
        ("cll", "Chronic lymphocytic leukaemia", False),  # iwCLL 2018: flow cytometry of blood
        ("all", "B-lymphoblastic leukaemia", False),
        ("myeloma", "", False),
        ("lymphoma", "Chronic lymphocytic leukaemia", False),  # a case entered before CLL had its own type
        ("cll", "Small lymphocytic lymphoma", True),  # iwCLL 2018: confirmed on a lymph node biopsy
        ("lymphoma", "Diffuse large B-cell lymphoma", True),
        ("nsclc", "Adenocarcinoma", True),
        ("breast", "Invasive ductal carcinoma", True),
    ],
)
def test_tissue_block_is_asked_only_where_a_biopsy_made_the_diagnosis(cancer_type, histology, asked):
    snapshot = case(cancer_type=cancer_type, histology=histology, cancer_subtype="", tissue_block_location="")
    assert ("tissue_block" in codes(snapshot)) is asked


def test_past_toxicities_are_not_asked_before_any_treatment():
    assert "past_toxicities" not in codes(case(past_toxicities="", treatment_lines=(), no_treatment_yet=True))


def test_germline_testing_not_known_is_still_asked():
    assert "family_germline" in codes(case(germline_testing="unknown"))


def test_what_the_mdt_needs_is_recommended_and_does_not_block_submit():
    result = assess_completeness(case(lvef_percent=None, hiv="", medications=""), today=TODAY)
    assert result.is_submittable
    assert result.score < 100


# Staleness that follows the disease -----------------------------------------------------------------------------------

GEFITINIB = TreatmentLineInfo("Gefitinib 250 mg daily", days_ago(400), days_ago(120), "PR", "progression", False)
OSIMERTINIB_PD = TreatmentLineInfo("Osimertinib 80 mg daily", days_ago(110), None, "PD", "", True)
DOCETAXEL = TreatmentLineInfo("Docetaxel", days_ago(300), days_ago(60), "SD", "progression", False)


def imaging(days: int) -> DocumentInfo:
    return DocumentInfo("imaging_report", days_ago(days))


def with_docs(*extra):
    return (DocumentInfo("pathology_report", days_ago(10)), *extra)


DOCETAXEL_RECENT = TreatmentLineInfo("Docetaxel", days_ago(300), days_ago(20), "SD", "progression", False)


@pytest.mark.parametrize(("scan_days_ago", "stale"), [(48, False), (49, True), (10, False)])
def test_imaging_before_the_latest_progression_is_stale_whatever_its_age(scan_days_ago, stale):
    # Progression on docetaxel 20 days ago; a scan up to 28 days before it is the one that found it.
    # 49 days is well within the 60-day age limit: only the progression makes it stale.
    snapshot = case(treatment_lines=(DOCETAXEL_RECENT,), documents=with_docs(imaging(scan_days_ago)))
    items = {i.code: i for i in assess_completeness(snapshot, today=TODAY).items}
    assert ("imaging_before_progression" in items) is stale
    assert "imaging_stale" not in items
    if stale:
        assert items["imaging_before_progression"].params == {"date": days_ago(20).isoformat()}


def test_an_old_scan_before_progression_is_reported_once_as_before_the_progression():
    snapshot = case(treatment_lines=(DOCETAXEL,), documents=with_docs(imaging(100)))
    stale = [i.code for i in assess_completeness(snapshot, today=TODAY).stale]
    assert stale == ["imaging_before_progression"]


def test_a_measured_pd_dates_the_progression_of_the_current_line():
    snapshot = case(
        treatment_lines=(GEFITINIB, OSIMERTINIB_PD), derived_pd_date=days_ago(20), documents=with_docs(imaging(55))
    )
    assert "imaging_before_progression" in codes(snapshot)
    assert "imaging_before_progression" not in codes(case(**{**_fields(snapshot), "documents": with_docs(imaging(20))}))


def _fields(snapshot):
    return {k: getattr(snapshot, k) for k in ("treatment_lines", "derived_pd_date")}


def test_a_brain_mri_before_the_latest_progression_is_stale():
    snapshot = case(treatment_lines=(DOCETAXEL,), brain_mri_date=days_ago(150), documents=with_docs(imaging(30)))
    assert "brain_mri_before_progression" in codes(snapshot)


def test_tissue_before_progression_on_a_targeted_drug_asks_for_a_rebiopsy_or_ctdna():
    old_tissue = (DocumentInfo("pathology_report", days_ago(410)), imaging(20))
    snapshot = case(treatment_lines=(GEFITINIB, OSIMERTINIB_PD), documents=old_tissue)
    items = {i.code: i for i in assess_completeness(snapshot, today=TODAY).items}
    item = items["tissue_before_progression"]
    assert item.params == {"regimen": "Osimertinib 80 mg daily"}
    assert "ctDNA" in item.patient_message % item.params


def test_a_ctdna_result_after_the_line_started_answers_the_rebiopsy_question():
    old_tissue = (DocumentInfo("pathology_report", days_ago(410)), imaging(20))
    snapshot = case(treatment_lines=(GEFITINIB, OSIMERTINIB_PD), documents=old_tissue, biomarker_dates=(days_ago(15),))
    assert "tissue_before_progression" not in codes(snapshot)


def test_progression_on_chemotherapy_does_not_ask_for_a_rebiopsy():
    old_tissue = (DocumentInfo("pathology_report", days_ago(410)), imaging(20))
    assert "tissue_before_progression" not in codes(case(treatment_lines=(DOCETAXEL,), documents=old_tissue))


AML = {"cancer_type": "aml", "stage_group": "", "biomarkers": all_negative("aml")}


@pytest.mark.parametrize(("labs_days", "stale"), [(7, False), (8, True)])
def test_blood_counts_in_acute_leukaemia_go_stale_after_seven_days(labs_days, stale):
    assert ("labs_stale" in codes(case(labs_date=days_ago(labs_days), **AML))) is stale


def test_acute_leukaemia_in_remission_keeps_the_general_limit():
    assert "labs_stale" not in codes(case(labs_date=days_ago(20), latest_reported_response="CR", **AML))


def test_a_solid_tumour_keeps_the_thirty_day_limit_for_labs():
    assert "labs_stale" not in codes(case(labs_date=days_ago(30)))
    assert "labs_stale" in codes(case(labs_date=days_ago(31)))


def test_apl_biomarker_row_is_not_needed_for_the_leukaemia_lab_limit():
    # ALL written in the histology is acute leukaemia too.
    snapshot = case(cancer_type="other", histology="B-lymphoblastic leukaemia", labs_date=days_ago(10))
    assert "labs_stale" in codes(snapshot)


def test_pml_rara_result_does_not_change_completeness_of_labs():
    pml = (BiomarkerResult("PML_RARA", "negative", "pcr", True),)
    assert "labs_stale" not in codes(case(labs_date=days_ago(5), **{**AML, "biomarkers": AML["biomarkers"] + pml}))
