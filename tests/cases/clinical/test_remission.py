"""What "remission" means per cancer type, in the words of the criteria doctors use."""

import pytest

from cases.clinical.codes import CANCER_TYPES
from cases.clinical.remission import GOALS, REMISSION, remission_for
from cases.clinical.response import CRITERIA
from reports.models import TreatmentGoal


@pytest.mark.parametrize("code", list(CANCER_TYPES))
def test_every_cancer_type_has_its_own_entry(code):
    entry = REMISSION[code]
    assert entry.criteria and entry.source and entry.summary
    assert entry.levels and all(level.term and level.means for level in entry.levels)


def test_no_entry_for_a_cancer_type_that_does_not_exist():
    assert set(REMISSION) == set(CANCER_TYPES)


def test_criteria_follow_the_published_sets():
    assert REMISSION["lymphoma"].criteria == "Lugano 2014"
    assert REMISSION["aml"].criteria == "ELN 2022"
    assert REMISSION["myeloma"].criteria == "IMWG 2016"
    assert REMISSION["thyroid"].criteria == "ATA 2015"
    assert REMISSION["prostate"].criteria == "PCWG3"
    for code in ("nsclc", "breast", "colorectal", "melanoma", "pancreatic"):
        assert REMISSION[code].criteria == "RECIST 1.1"


def test_a_criteria_code_names_a_criteria_set_we_compute():
    for entry in REMISSION.values():
        assert entry.criteria_code == "" or entry.criteria_code in CRITERIA


def test_solid_tumours_explain_cr_pr_and_ned():
    terms = [level.term for level in REMISSION["nsclc"].levels]
    assert "Complete response (CR)" in terms
    assert "Partial response (PR)" in terms
    assert "No evidence of disease (NED)" in terms
    assert "30%" in " ".join(level.means for level in REMISSION["nsclc"].levels)


def test_blood_cancers_say_how_deep_remission_is_measured():
    aml = " ".join(level.term for level in REMISSION["aml"].levels)
    assert "MRD" in aml and "CRh" in aml
    myeloma = [level.term for level in REMISSION["myeloma"].levels]
    assert myeloma[:3] == [
        "Stringent complete response (sCR)",
        "Complete response (CR)",
        "Very good partial response (VGPR)",
    ]
    assert "Deauville" in REMISSION["lymphoma"].levels[0].means
    assert REMISSION["thyroid"].levels[0].term == "Excellent response"


def test_an_unknown_cancer_type_gets_the_general_entry():
    assert remission_for("no-such-type") is REMISSION["other"]
    assert remission_for("aml") is REMISSION["aml"]


def test_every_treatment_goal_is_explained():
    assert set(GOALS) == set(TreatmentGoal.values)
    assert all(text.strip() for text in GOALS.values())
