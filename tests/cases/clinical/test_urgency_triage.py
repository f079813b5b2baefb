"""Under- and over-triage (clinical review, section E): what must be urgent, and what must not be."""

from datetime import timedelta

import pytest

from cases.clinical.panels import BiomarkerResult
from cases.clinical.snapshot import LocalTreatmentInfo, TreatmentLineInfo
from cases.clinical.urgency import suggested_priority, urgency_flags
from tests.cases.clinical.cases_helpers import TODAY, case

ATRA_LINE = TreatmentLineInfo("ATRA + arsenic trioxide", TODAY - timedelta(days=20), None, "", "ongoing", True)


def codes(snapshot) -> list[str]:
    return [f.code for f in urgency_flags(snapshot, today=TODAY)]


@pytest.mark.parametrize("lines", [(), (ATRA_LINE,)])
def test_apl_is_flagged_whatever_the_treatment_lines(lines):
    pml = (BiomarkerResult("PML_RARA", "positive", "pcr", True),)
    snapshot = case(cancer_type="aml", stage_group="", biomarkers=pml, treatment_lines=lines)
    assert "acute_promyelocytic_leukaemia" in codes(snapshot)
    assert suggested_priority(urgency_flags(snapshot, today=TODAY)) == "urgent"


def test_apl_written_in_the_histology_is_flagged_too():
    snapshot = case(cancer_type="aml", histology="Acute promyelocytic leukaemia, t(15;17)", treatment_lines=())
    assert codes(snapshot)[0] == "acute_promyelocytic_leukaemia"


def test_aml_without_pml_rara_is_not_apl():
    assert "acute_promyelocytic_leukaemia" not in codes(case(cancer_type="aml", histology="AML with NPM1 mutation"))


@pytest.mark.parametrize(
    ("changes", "disease"),
    [
        ({"cancer_type": "sclc", "stage_group": ""}, "small-cell carcinoma"),
        ({"cancer_type": "lymphoma", "histology": "Burkitt lymphoma", "stage_group": ""}, "Burkitt lymphoma"),
        (
            {"cancer_type": "other", "histology": "B-ALL, Ph-negative", "stage_group": ""},
            "acute lymphoblastic leukaemia",
        ),
        ({"cancer_type": "other", "histology": "Small cell carcinoma of the cervix"}, "small-cell carcinoma"),
    ],
)
def test_untreated_aggressive_disease_is_urgent_without_a_stage_or_the_no_treatment_tick(changes, disease):
    flags = urgency_flags(case(treatment_lines=(), no_treatment_yet=False, **changes), today=TODAY)
    (flag,) = [f for f in flags if f.code == "untreated_aggressive_disease"]
    assert flag.reason % flag.params == f"{disease} and no treatment started yet: it can progress within days"
    assert suggested_priority(flags) == "urgent"


def test_non_small_cell_is_not_small_cell():
    snapshot = case(histology="Non-small cell carcinoma, adenocarcinoma", treatment_lines=(), stage_group="IIIA")
    assert "untreated_aggressive_disease" not in codes(snapshot)


def test_aggressive_disease_on_treatment_is_not_flagged_as_untreated():
    line = TreatmentLineInfo("carboplatin + etoposide", TODAY - timedelta(days=30), None, "PR", "ongoing", True)
    assert "untreated_aggressive_disease" not in codes(case(cancer_type="sclc", treatment_lines=(line,)))


BRAIN_SRS = LocalTreatmentInfo("sbrt", "Brain, right frontal lesion", TODAY - timedelta(days=400))


def test_brain_metastases_treated_long_ago_and_stable_are_not_urgent():
    snapshot = case(metastatic_sites=("bone", "brain"), local_treatments=(BRAIN_SRS,))
    assert codes(snapshot) == []


def test_brain_metastases_treated_recently_stay_urgent():
    recent = LocalTreatmentInfo("sbrt", "brain", TODAY - timedelta(days=89))
    assert codes(case(metastatic_sites=("brain",), local_treatments=(recent,))) == ["brain_metastases"]
    at_limit = LocalTreatmentInfo("sbrt", "brain", TODAY - timedelta(days=90))
    assert codes(case(metastatic_sites=("brain",), local_treatments=(at_limit,))) == []


def test_treated_brain_metastases_are_urgent_again_when_the_cancer_progresses():
    snapshot = case(metastatic_sites=("brain",), local_treatments=(BRAIN_SRS,), latest_reported_response="PD")
    assert "brain_metastases" in codes(snapshot)


def test_brain_metastases_with_a_local_treatment_elsewhere_stay_urgent():
    spine = LocalTreatmentInfo("sbrt", "T10 vertebra", TODAY - timedelta(days=400))
    assert "brain_metastases" in codes(case(metastatic_sites=("brain",), local_treatments=(spine,)))


def test_watch_and_wait_follicular_lymphoma_is_not_urgent():
    snapshot = case(
        cancer_type="lymphoma", cancer_subtype="follicular", stage_group="IV", treatment_lines=(), no_treatment_yet=True
    )
    assert codes(snapshot) == []


def test_untreated_stage_iv_dlbcl_stays_urgent():
    snapshot = case(
        cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="IV", treatment_lines=(), no_treatment_yet=True
    )
    assert codes(snapshot) == ["untreated_stage_iv"]


def test_transformed_follicular_lymphoma_is_not_indolent():
    snapshot = case(
        cancer_type="lymphoma",
        cancer_subtype="follicular",
        histology="Follicular lymphoma transformed to DLBCL",
        stage_group="IV",
        treatment_lines=(),
        no_treatment_yet=True,
    )
    assert codes(snapshot) == ["untreated_stage_iv"]


@pytest.mark.parametrize(("response", "flagged"), [("CR", False), ("NED", False), ("PR", True), ("", True)])
def test_a_case_in_remission_is_not_rapidly_growing(response, flagged):
    snapshot = case(growth_tempo="rapid", latest_reported_response=response)
    assert ("rapid_growth" in codes(snapshot)) is flagged


def test_each_reported_emergency_is_urgent_and_listed_first_with_its_reason():
    flags = urgency_flags(case(emergencies=("cord", "fever"), ecog=3), today=TODAY)
    assert [f.code for f in flags] == ["emergency_cord", "emergency_fever", "poor_performance_status"]
    assert flags[1].reason % flags[1].params == (
        "EMERGENCY reported by the patient: possible febrile neutropenia (fever on chemotherapy)"
    )
    assert suggested_priority(flags) == "urgent"
