"""The sentence on local treatment of a few spots (and cure in colorectal cancer) only where the case is
oligometastatic (ESTRO/ASTRO 2020: 1 to 5 lesions) and not progressing."""

import pytest

from cases.clinical.remission import REMISSION, oligometastatic_note
from reports.documents.patient_report import remission
from tests.factories import complete_case


def test_only_an_oligometastatic_case_that_is_not_progressing_reads_it():
    assert "oligometastatic" in oligometastatic_note("nsclc", oligometastatic=True, progressing=False)
    assert oligometastatic_note("nsclc", oligometastatic=False, progressing=False) == ""
    assert oligometastatic_note("nsclc", oligometastatic=None, progressing=False) == ""
    assert oligometastatic_note("nsclc", oligometastatic=True, progressing=True) == ""
    assert "cured" in oligometastatic_note("colorectal", oligometastatic=True, progressing=False)
    # the fixed per-cancer text no longer carries it
    assert "oligometastatic" not in REMISSION["nsclc"].note and "cured" not in REMISSION["colorectal"].note


@pytest.mark.django_db
def test_the_patient_report_of_a_progressing_case_with_seven_lesions_does_not_promise_it(patient):
    case = complete_case(patient, cancer_type="nsclc", metastatic_lesion_count=7, reported_response="PD")
    text = " ".join(remission(case)["case_notes"]) + remission(case)["note"]
    assert "oligometastatic" not in text and "no evidence of disease" not in text
    case.metastatic_lesion_count, case.reported_response = 3, "PR"
    case.save()
    assert any("oligometastatic" in note for note in remission(case)["case_notes"])
