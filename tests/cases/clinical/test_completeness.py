"""What a case lacks before the MDT review: required, recommended, stale."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from cases.clinical.completeness import Limits, assess_completeness
from cases.clinical.lab_values import LabValue
from cases.clinical.mdt_needs import MYELOMA_STAGING_LABS
from cases.clinical.panels import BiomarkerResult
from cases.clinical.snapshot import CaseSnapshot, DocumentInfo, TreatmentLineInfo
from tests.cases.clinical.cases_helpers import TODAY, all_negative, case


def codes(snapshot, **kwargs) -> list[str]:
    return [i.code for i in assess_completeness(snapshot, today=TODAY, **kwargs).items]


def test_a_complete_case_is_submittable_with_full_score():
    result = assess_completeness(case(), today=TODAY)
    assert result.items == ()
    assert (result.score, result.is_submittable) == (100, True)


def test_an_empty_case_lists_every_required_item_and_scores_zero():
    result = assess_completeness(CaseSnapshot(), today=TODAY)
    assert [i.code for i in result.required] == [
        "patient_name",
        "patient_birth_date",
        "patient_country",
        "cancer_type",
        "stage",
        "diagnosis_date",
        "pathology_report",
        "imaging",
        "treatment_history",
        "performance_status",
        "consent_review",
        "consent_share",
    ]
    assert result.score == 0
    assert not result.is_submittable


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"cancer_type": ""}, "cancer_type"),
        ({"stage_group": ""}, "stage"),
        ({"stage_group": "unknown"}, "stage"),
        ({"diagnosis_date": None}, "diagnosis_date"),
        ({"documents": (DocumentInfo("imaging_report", date(2026, 4, 1)),)}, "pathology_report"),
        ({"documents": (DocumentInfo("pathology_report", None),)}, "imaging"),
        ({"treatment_lines": ()}, "treatment_history"),
        ({"consent_share": False}, "consent_share"),
        ({"patient_country": ""}, "patient_country"),
    ],
)
def test_submit_is_blocked_by_each_required_item(changes, missing):
    result = assess_completeness(case(**changes), today=TODAY)
    assert [i.code for i in result.required] == [missing]
    assert not result.is_submittable


def test_tnm_can_stand_in_for_the_stage_group():
    assert "stage" not in codes(case(stage_group="", t="T2a", n="N2", m="M1b"))


def test_no_treatment_yet_answers_the_treatment_history_question():
    assert "treatment_history" not in codes(case(treatment_lines=(), no_treatment_yet=True))


def test_submit_lists_missing_biomarkers_one_item_per_marker():
    tested = tuple(b for b in all_negative("nsclc", "adenocarcinoma") if b.marker not in ("ROS1", "RET"))
    snapshot = case(biomarkers=tested + (BiomarkerResult("ROS1", "not_tested"),))
    items = assess_completeness(snapshot, today=TODAY).recommended
    assert [(i.step, i.params["marker"]) for i in items] == [
        ("biomarkers", "ROS1 rearrangement"),
        ("biomarkers", "RET fusion"),
    ]
    assert "ROS1 rearrangement" in items[0].patient_message % items[0].params


def test_biomarker_gaps_follow_the_cancer_type():
    snapshot = case(cancer_type="colorectal", cancer_subtype="", biomarkers=all_negative("colorectal"))
    assert codes(snapshot) == []
    markers = [
        i.params["code"] for i in assess_completeness(case(cancer_type="colorectal", biomarkers=()), today=TODAY).items
    ]
    assert markers[:5] == ["MSI", "KRAS", "NRAS", "BRAF", "HER2"]


def test_biomarker_items_are_recommended_and_do_not_block_submit():
    result = assess_completeness(case(biomarkers=()), today=TODAY)
    assert result.is_submittable
    assert result.recommended and result.score < 100


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"labs_date": None}, "labs"),
        ({"goals_text": ""}, "goals"),
    ],
)
def test_recommended_items(changes, code):
    result = assess_completeness(case(**changes), today=TODAY)
    assert [i.code for i in result.recommended] == [code]


def test_ecog_is_required_and_karnofsky_alone_does_not_replace_it():
    result = assess_completeness(case(ecog=None, karnofsky=70), today=TODAY)
    assert [i.code for i in result.required] == ["performance_status"]
    assert not result.is_submittable


def test_a_lab_results_document_is_enough_for_labs():
    docs = case().documents + (DocumentInfo("lab_results", date(2026, 4, 25)),)
    assert codes(case(labs_date=None, documents=docs)) == []


def test_a_chosen_question_is_enough_for_goals():
    assert codes(case(goals_text="", question_codes=("mdt_review",))) == []


def test_imaging_older_than_the_limit_is_stale_and_says_how_old():
    docs = (DocumentInfo("pathology_report", date(2025, 9, 1)), DocumentInfo("imaging_study", date(2026, 1, 1)))
    result = assess_completeness(case(documents=docs), today=TODAY)
    (item,) = result.stale
    assert item.code == "imaging_stale"
    assert item.params == {"days": 120, "limit": 60}
    assert item.coordinator_message % item.params == "Imaging 120 days old (limit 60)"
    assert result.is_submittable


def test_imaging_exactly_at_the_limit_is_not_stale():
    docs = (DocumentInfo("pathology_report", None), DocumentInfo("imaging_report", date(2026, 3, 2)))
    assert codes(case(documents=docs)) == []
    assert codes(case(documents=docs), limits=Limits(imaging_max_age_days=59)) == ["imaging_stale"]


def test_undated_imaging_counts_as_present_but_is_flagged():
    docs = (DocumentInfo("pathology_report", None), DocumentInfo("imaging_study", None))
    result = assess_completeness(case(documents=docs), today=TODAY)
    assert result.is_submittable
    assert [i.code for i in result.stale] == ["imaging_undated"]


def test_the_newest_imaging_decides_staleness():
    docs = (
        DocumentInfo("pathology_report", None),
        DocumentInfo("imaging_report", date(2025, 1, 1)),
        DocumentInfo("imaging_study", date(2026, 4, 30)),
    )
    assert codes(case(documents=docs)) == []


def test_old_labs_are_stale():
    assert codes(case(labs_date=date(2026, 3, 1))) == ["labs_stale"]


def test_pathology_age_is_checked_only_when_a_limit_is_set():
    assert codes(case()) == []
    assert codes(case(), limits=Limits(pathology_max_age_days=180)) == ["pathology_stale"]


def test_every_item_has_a_patient_and_a_coordinator_message_and_a_step():
    for item in assess_completeness(CaseSnapshot(cancer_type="breast"), today=TODAY).items:
        assert item.patient_message and item.coordinator_message
        assert item.step in {"diagnosis", "biomarkers", "treatment", "goals", "records"}
        assert item.patient_message % item.params


def test_score_orders_cases_by_how_much_is_missing():
    full = assess_completeness(case(), today=TODAY).score
    some = assess_completeness(case(ecog=None), today=TODAY).score
    more = assess_completeness(case(ecog=None, diagnosis_date=None), today=TODAY).score
    assert full > some > more >= 0


@pytest.mark.parametrize(
    "cancer_type", ["breast", "colorectal", "melanoma", "prostate", "ovarian", "aml", "myeloma", "thyroid"]
)
def test_fully_tested_case_of_each_type_has_no_biomarker_items(cancer_type):
    snapshot = case(cancer_type=cancer_type, cancer_subtype="", biomarkers=all_negative(cancer_type))
    if cancer_type == "aml":  # blood counts in acute leukaemia go stale in days (cases.clinical.staleness)
        # FLT3-ITD negative by PCR as well as NGS: an NGS negative alone is a gap (cases.clinical.biomarkers.risk)
        flt3_pcr = BiomarkerResult("FLT3", "negative", assay="pcr_hotspot")
        snapshot = case(cancer_type="aml", biomarkers=(*all_negative("aml"), flt3_pcr), labs_date=date(2026, 4, 28))
    if cancer_type == "myeloma":  # the labs the (R2-)ISS needs (cases.clinical.mdt_needs)
        staging = tuple(LabValue(code, Decimal("1"), "", date(2026, 4, 20)) for code in MYELOMA_STAGING_LABS)
        snapshot = replace(snapshot, labs=(*snapshot.labs, *staging))
    assert codes(snapshot) == []


def test_acute_myeloid_leukaemia_is_not_asked_for_a_tnm_stage_or_imaging():
    aml = case(
        cancer_type="aml",
        cancer_subtype="",
        stage_group="unknown",
        biomarkers=all_negative("aml"),
        documents=(DocumentInfo("pathology_report", date(2026, 3, 1)),),
    )
    required = [i.code for i in assess_completeness(aml, today=TODAY).required]
    assert "stage" not in required and "imaging" not in required
    solid = case(stage_group="unknown", documents=(DocumentInfo("pathology_report", date(2026, 3, 1)),))
    assert {"stage", "imaging"} <= {i.code for i in assess_completeness(solid, today=TODAY).required}


def test_a_marker_the_patient_answered_is_not_called_missing_when_the_team_needs_more_detail():
    # HER2 "negative" in gastric cancer without the IHC score: the rules still list it, the patient's answer stays.
    her2 = BiomarkerResult("HER2", "not_detected")
    items = assess_completeness(case(cancer_type="gastric_oesophageal", biomarkers=(her2,)), today=TODAY).items
    gaps = {i.params["code"]: i.patient_message for i in items if i.code == "biomarker_gap"}
    assert gaps["HER2"].startswith("Your answer for %(marker)s is saved, but the team needs more detail")
    assert gaps["PDL1"].startswith("We do not have a result for %(marker)s yet")


def _patient_gap_messages(snapshot) -> dict[str, str]:
    items = assess_completeness(snapshot, today=TODAY).recommended
    return {i.params["code"]: i.patient_message % i.params for i in items if i.code == "biomarker_gap"}


def test_a_germline_gap_tells_the_patient_it_is_about_inherited_risk_not_treatment():
    # Review 2026-11-30 (B3R): for HER2-positive breast cancer germline BRCA testing is "not for this cancer's
    # treatment" (ASCO-SSO 2024); the patient's copy must not say it "matters for the choice of treatment".
    her2 = (
        BiomarkerResult("HER2", "positive", "ihc", True, alterations=("ihc_3plus",)),
        BiomarkerResult("ER", "negative", "ihc", True),
        BiomarkerResult("PR", "negative", "ihc", True),
    )
    snapshot = case(cancer_type="breast", cancer_subtype="", biomarkers=her2, patient_birth_date=date(1975, 9, 2))
    message = _patient_gap_messages(snapshot)["GERMLINE"]
    assert "inherited risk that matters for you and your family" in message
    assert "choice of treatment" not in message


def test_a_resistance_gap_tells_the_patient_a_new_test_is_needed_after_progression():
    egfr = (BiomarkerResult("EGFR", "positive", "tissue_ngs", True, alterations=("ex19del",)),)
    progressed = (
        TreatmentLineInfo("Osimertinib 80 mg", date(2025, 1, 1), date(2026, 9, 1), "PR", "progression", False),
    )
    messages = _patient_gap_messages(case(biomarkers=egfr, treatment_lines=progressed))
    assert "the cancer grew on a targeted medicine, and a new test can show how" in messages["MET"]
    assert "If such a test was done since" in messages["MET"]
    # A marker the patient already answered (MET negative before): still the new test, not "upload the report
    # with more detail" (review 2026-11-30).
    met_negative = (*egfr, BiomarkerResult("MET", "negative", "tissue_ngs", True))
    messages = _patient_gap_messages(case(biomarkers=met_negative, treatment_lines=progressed))
    assert "the cancer grew on a targeted medicine, and a new test can show how" in messages["MET"]
    assert "needs more detail from the report" not in messages["MET"]
    assert "the cancer grew on a targeted medicine" in messages["EGFR"]
