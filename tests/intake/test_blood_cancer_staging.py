"""Blood cancers' staging as the patient and the coordinator see it: no TNM letters, Lugano 2014 for lymphoma."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.assessment import completeness_for, flags_for
from cases.models import Case
from tests.factories import complete_case
from tests.intake.test_steps import DIAGNOSIS, step_url

pytestmark = pytest.mark.django_db


def test_saving_the_diagnosis_as_myeloma_clears_the_tnm_letters_and_keeps_the_rest(patient_client, draft):
    patient_client.post(step_url(draft, "diagnosis"), {**DIAGNOSIS, "save": "1"})
    draft.refresh_from_db()
    assert (draft.t_category, draft.n_category, draft.m_category) == ("T2a", "N2", "M1c")
    # The page still open holds the letters of the lung cancer first entered; the type is now myeloma.
    patient_client.post(
        step_url(draft, "diagnosis"),
        {
            **DIAGNOSIS,
            "cancer_type": "myeloma",
            "cancer_subtype": "",
            "stage_group": "ISS-II",
            "histology": "IgG kappa",
        },
    )
    draft.refresh_from_db()
    assert (draft.t_category, draft.n_category, draft.m_category) == ("", "", "")
    assert (draft.cancer_type, draft.stage_group, draft.histology) == ("myeloma", "ISS-II", "IgG kappa")
    assert draft.patient_name == "Li Wei" and draft.metastatic_sites == ["bone", "brain"]
    page = patient_client.get(step_url(draft, "diagnosis")).content.decode()
    assert 'name="t_category"' not in page and "M1c" not in page


def test_lymphoma_is_staged_by_lugano_not_by_the_solid_tumour_stage_groups(patient_client, draft):
    draft.cancer_type, draft.cancer_subtype = "lymphoma", "dlbcl"
    draft.save()
    page = patient_client.get(step_url(draft, "diagnosis")).content.decode()
    assert "Stage (Lugano, a modified Ann Arbor)" in page
    assert re.search(r'<option value="IIbulky"[^>]*>Lugano 2014 stage II bulky</option>', page)
    assert "Stage IVB" not in page and "Stage IIIC" not in page
    assert "Lugano 2014 stage IIB" not in page  # A and B are for Hodgkin lymphoma only in Lugano 2014
    data = {k: v for k, v in DIAGNOSIS.items() if not k.endswith("_category")}
    patient_client.post(
        step_url(draft, "diagnosis"),
        {**data, "cancer_type": "lymphoma", "cancer_subtype": "dlbcl", "stage_group": "IIbulky", "save": "1"},
    )
    draft.refresh_from_db()
    assert draft.stage_group == "IIbulky"


def test_hodgkin_lymphoma_is_offered_the_b_symptoms_suffix(patient_client, draft):
    draft.cancer_type, draft.cancer_subtype = "lymphoma", "hodgkin"
    draft.save()
    page = patient_client.get(step_url(draft, "diagnosis")).content.decode()
    assert "Lugano 2014 stage IIB" in page and "drenching night sweats" in page


def _coordinator_page(coordinator, case) -> str:
    Case.objects.filter(pk=case.pk).update(state="submitted")
    client = Client()
    client.force_login(coordinator)
    return client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()


def _stage_shown(page: str) -> str:
    return re.search(r'id="summary-stage">(.*?)</dd>', page, re.S).group(1)


def test_case_page_shows_the_iss_stage_of_myeloma_without_letters_left_from_another_type(coordinator, patient):
    case = complete_case(patient, cancer_type="myeloma", cancer_subtype="", stage_group="RISS-II")  # T2a N2 M1c kept
    page = _coordinator_page(coordinator, case)
    assert _stage_shown(page) == "R-ISS stage II"
    assert "M1c" not in page and "TNM" not in page


def test_case_page_shows_lymphoma_stage_with_the_name_of_its_system(coordinator, patient):
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="hodgkin", stage_group="IIbulkyB")
    assert _stage_shown(_coordinator_page(coordinator, case)) == "Lugano 2014 stage II bulky, B"


def test_lymphoma_letters_left_from_another_type_do_not_stand_in_for_its_stage(coordinator, patient):
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="")  # T2a N2 M1c
    assert "stage_lymphoma" in {item.code for item in completeness_for(case).items}
    page = _coordinator_page(coordinator, case)
    assert "Lugano stage missing (Lugano 2014)" in page
    assert "TNM" not in page and "M1c" not in page


def test_an_m1_left_from_another_type_does_not_make_untreated_myeloma_stage_iv(patient):
    case = complete_case(patient, cancer_type="myeloma", cancer_subtype="", stage_group="II", no_treatment_yet=True)
    case.treatment_lines.all().delete()
    assert "untreated_stage_iv" not in {flag.code for flag in flags_for(case)}


def staging(client, **params) -> str:
    return client.get(reverse("intake:staging_fields"), params).content.decode()


def test_the_staging_fields_follow_the_cancer_type_chosen_before_any_save(patient_client):
    """Choosing lymphoma or myeloma on the step swaps in their staging at once (htmx, intake.views.steps)."""
    lymphoma = staging(
        patient_client, cancer_type="lymphoma", cancer_subtype="hodgkin", stage_group="IV", t_category="T2"
    )
    assert "Stage (Lugano, a modified Ann Arbor)" in lymphoma and 'name="t_category"' not in lymphoma
    assert re.search(r'<option value="IV" selected>', lymphoma)  # IV is a Lugano stage too: kept
    assert "IIB" in lymphoma  # Hodgkin lymphoma has the A/B versions
    myeloma = staging(patient_client, cancer_type="myeloma", stage_group="IIIB")
    assert "Stage (ISS, R-ISS or R2-ISS)" in myeloma  # IIIB is no ISS stage: blank
    assert re.findall(r'<option value="([^"]*)" selected>', myeloma) == [""]
    assert 'name="stage_group"' not in staging(patient_client, cancer_type="aml")
    lung = staging(patient_client, cancer_type="lung", stage_group="IVA", m_category="M1c")
    assert re.search(r'<option value="IVA" selected>', lung) and re.search(r'<option value="M1c" selected>', lung)


def test_a_myeloma_stage_saved_before_the_system_was_asked_stays_chosen_and_says_so(patient_client, draft):
    draft.cancer_type, draft.cancer_subtype, draft.stage_group = "myeloma", "", "III"
    draft.save()
    page = patient_client.get(step_url(draft, "diagnosis")).content.decode()
    assert re.search(r'<option value="III" selected>ISS/R-ISS stage III \(system not recorded\)</option>', page)
    data = {k: v for k, v in DIAGNOSIS.items() if not k.endswith("_category")}
    patient_client.post(
        step_url(draft, "diagnosis"), {**data, "cancer_type": "myeloma", "cancer_subtype": "", "stage_group": "III"}
    )
    draft.refresh_from_db()
    assert draft.stage_group == "III"  # saving the step again does not blank it
    # a new case is not offered the ambiguous stage
    assert "system not recorded" not in staging(patient_client, cancer_type="myeloma", stage_group="")


def test_lymphoma_sites_are_asked_as_sites_of_involvement_not_spread(patient_client, draft):
    draft.cancer_type, draft.cancer_subtype = "lymphoma", "dlbcl"
    draft.save()
    page = patient_client.get(step_url(draft, "diagnosis")).content.decode()
    assert "Sites of involvement, as in the report" in page and "Number of lesions, if the report gives it" in page
    assert "Where has the cancer spread?" not in page and "number of metastases" not in page.lower()
    draft.cancer_type, draft.cancer_subtype = "nsclc", "adenocarcinoma"
    draft.save()
    assert "Where has the cancer spread?" in patient_client.get(step_url(draft, "diagnosis")).content.decode()


def test_brain_involvement_by_lymphoma_is_urgent_but_not_called_a_metastasis(patient):
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="IV")
    case.metastatic_sites = ["brain"]
    case.save()
    reasons = {flag.code: flag.reason for flag in flags_for(case)}
    assert reasons["brain_metastases"] == "brain involvement (as entered)"
