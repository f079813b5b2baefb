"""What "remission" means per cancer type, in the words of the criteria doctors use."""

from datetime import date

import pytest

from cases.clinical.codes import CANCER_TYPES
from cases.clinical.remission import (
    GOALS,
    PSEUDOPROGRESSION_NOTE,
    REMISSION,
    TARGETED_PROGRESSION_NOTE,
    TARGETED_RELAPSE_NOTE_BLOOD,
    case_notes,
    goal_text,
    remission_for,
)
from cases.clinical.response import CRITERIA
from cases.clinical.snapshot import TreatmentLineInfo
from reports.models import TreatmentGoal


@pytest.mark.parametrize("code", [c for c in CANCER_TYPES if c != "other"] + ["cll", "all", "glioma"])
def test_every_cancer_type_has_its_own_entry(code):
    entry = REMISSION[code]
    assert entry.criteria and entry.source and entry.summary
    assert entry.levels and all(level.term and level.means for level in entry.levels)


def test_other_cancers_get_no_recist_fallback():
    entry = REMISSION["other"]
    assert (entry.criteria, entry.criteria_code, entry.levels) == ("", "", ())
    assert "RECIST" not in entry.summary and "Your doctors will tell you which criteria apply" in entry.summary


def test_entries_are_the_intake_types_and_those_recognised_from_the_histology():
    assert set(REMISSION) == set(CANCER_TYPES) | {"cll", "all", "glioma"}


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
    assert "30 per cent" in " ".join(level.means for level in REMISSION["nsclc"].levels)


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


@pytest.mark.parametrize(
    ("cancer_type", "histology", "criteria"),
    [
        ("other", "Chronic lymphocytic leukaemia, unmutated IGHV", "iwCLL 2018"),
        ("lymphoma", "Small lymphocytic lymphoma (SLL)", "iwCLL 2018"),
        ("other", "B-lymphoblastic leukaemia, Ph-positive", "NCCN ALL"),
        ("other", "Glioblastoma, IDH-wildtype, WHO grade 4", "RANO 2.0"),
        ("other", "Leiomyosarcoma of the uterus", ""),
        ("lymphoma", "Follicular lymphoma grade 2", "Lugano 2014"),
        ("nsclc", "glioma mentioned by mistake", "RECIST 1.1"),
    ],
)
def test_cancers_without_a_code_of_their_own_are_recognised_from_the_histology(cancer_type, histology, criteria):
    assert remission_for(cancer_type, histology).criteria == criteria


def test_the_levels_the_review_found_missing():
    aml = [level.term for level in REMISSION["aml"].levels]
    assert "CR with incomplete recovery of counts (CRi)" in aml
    assert "Morphologic leukaemia-free state (MLFS)" in aml
    assert "Indeterminate response" in [level.term for level in REMISSION["thyroid"].levels]
    cll = [level.term for level in REMISSION["cll"].levels]
    assert cll[:2] == ["Complete response (CR)", "CR with incomplete marrow recovery (CRi)"]
    assert "MRD-negative remission" in [level.term for level in REMISSION["all"].levels]
    assert "pseudo-progression" in REMISSION["glioma"].note


def test_no_pseudo_progression_promise_in_the_general_notes():
    for entry in REMISSION.values():
        assert "look larger for a while before they shrink" not in entry.note


def _line(regimen, response="PR", ongoing=True, start=date(2025, 1, 1)):
    return TreatmentLineInfo(regimen, start, None if ongoing else date(2025, 6, 1), response, "", ongoing)


def test_pseudo_progression_is_explained_only_to_a_patient_on_immunotherapy():
    assert case_notes((_line("Nivolumab + ipilimumab"),), progressing=False) == (PSEUDOPROGRESSION_NOTE,)
    assert case_notes((_line("Carboplatin + pemetrexed + pembrolizumab"),), progressing=True) == (
        PSEUDOPROGRESSION_NOTE,
    )


def test_a_patient_progressing_on_a_targeted_drug_reads_what_that_means_not_pseudo_progression():
    lines = (_line("Gefitinib", "PR", False, date(2024, 1, 1)), _line("Osimertinib 80 mg daily", "PD"))
    assert case_notes(lines, progressing=True) == (TARGETED_PROGRESSION_NOTE,)
    assert case_notes(lines[1:], progressing=False) == (TARGETED_PROGRESSION_NOTE,)  # best response PD


def test_a_targeted_drug_that_still_works_or_chemotherapy_gets_no_note():
    assert case_notes((_line("Osimertinib"),), progressing=False) == ()
    assert case_notes((_line("Docetaxel", "PD"),), progressing=True) == ()
    assert case_notes((), progressing=True) == ()


def test_the_goal_of_a_blood_cancer_is_not_described_on_scans():
    assert "scans" in goal_text("complete_remission", "nsclc")
    for cancer_type, histology in (("aml", ""), ("myeloma", ""), ("other", "B-ALL")):
        text = goal_text("complete_remission", cancer_type, histology)
        assert "scans" not in text and "blood and bone marrow" in text
    assert goal_text("disease_control", "aml") == GOALS["disease_control"]


def test_every_treatment_goal_is_explained():
    assert set(GOALS) == set(TreatmentGoal.values)
    assert all(text.strip() for text in GOALS.values())


def test_a_patient_relapsing_on_a_targeted_drug_reads_what_that_means():
    # ELN 2022: relapse is AML's progression; gilteritinib is a FLT3 inhibitor.
    lines = (_line("Gilteritinib 120 mg daily", "relapse"),)
    assert case_notes(lines, progressing=False) == (TARGETED_PROGRESSION_NOTE,)


def test_a_blood_cancer_relapsing_on_a_targeted_drug_reads_of_a_marrow_test_not_a_biopsy_or_tumour_dna():
    """Oncologist's review (2026-11-30): AML relapsing on gilteritinib was told of "a new biopsy or a blood test for
    tumour DNA"; at relapse a leukaemia is re-tested in the bone marrow, its genes checked again (ELN 2022)."""
    for regimen in ("Gilteritinib 120 mg daily", "Azacitidine + venetoclax"):
        notes = case_notes((_line(regimen, "relapse"),), progressing=True, cancer_type="aml")
        assert notes == (TARGETED_RELAPSE_NOTE_BLOOD,)
        assert "tumour DNA" not in notes[0] and "bone marrow" in notes[0]
    # the same wording for a blood cancer named only in the pathology (CML on a kinase inhibitor)
    cml = case_notes(
        (_line("Dasatinib", "PD"),), progressing=True, cancer_type="other", histology="Chronic myeloid leukaemia"
    )
    assert cml == (TARGETED_RELAPSE_NOTE_BLOOD,)
    lung = case_notes((_line("Osimertinib", "PD"),), progressing=True, cancer_type="nsclc")
    assert lung == (TARGETED_PROGRESSION_NOTE,)
