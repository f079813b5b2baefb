"""What the patient was told and a line's best response are offered in the words of the case's own criteria."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases.clinical import reported
from cases.models import Case, TreatmentLine
from intake.forms import ConditionForm, TreatmentLineFormSet

pytestmark = pytest.mark.django_db


def _post(lines, **extra):
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "local-TOTAL_FORMS": "0",
        "local-INITIAL_FORMS": "0",
        "labs-TOTAL_FORMS": "0",
        "labs-INITIAL_FORMS": "0",
        "save": "1",
    }
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    return data | extra


@pytest.mark.parametrize(
    ("cancer_type", "histology", "offered", "not_offered"),
    [
        ("myeloma", "", ["VGPR", "sCR", "MRD_negative"], ["NED", "CMR"]),
        ("aml", "", ["CRi", "CRh", "MLFS", "relapse"], ["VGPR", "SD"]),
        ("lymphoma", "", ["CMR", "PMR", "PMD", "CR"], ["VGPR"]),
        ("lymphoma", "chronic lymphocytic leukaemia", ["CRi", "PR"], ["CMR"]),
        ("thyroid", "", ["excellent", "biochemical_incomplete", "structural_incomplete"], ["PR"]),
        ("nsclc", "adenocarcinoma", ["CR", "PR", "SD", "PD", "NED"], ["VGPR", "CRi"]),
    ],
)
def test_each_cancer_is_offered_its_own_categories(draft, cancer_type, histology, offered, not_offered):
    Case.objects.filter(pk=draft.pk).update(cancer_type=cancer_type, histology=histology)
    case = Case.objects.get(pk=draft.pk)
    formset = TreatmentLineFormSet(instance=case, prefix="lines")
    codes = [code for code, _ in formset.forms[0].fields["best_response"].choices]
    told = [code for code, _ in ConditionForm(instance=case).fields["reported_response"].choices]
    for code in offered:
        assert code in codes and code in told
    for code in not_offered:
        assert code not in codes and code not in told
    assert "not_assessed" in codes and "unknown" in codes


def test_every_offered_code_fits_the_stored_field():
    assert max(len(code) for code in reported.EVERY_CODE) <= TreatmentLine._meta.get_field("best_response").max_length


def test_myeloma_best_response_vgpr_is_saved_and_a_lymphoma_category_refused(patient_client, draft):
    Case.objects.filter(pk=draft.pk).update(cancer_type="myeloma", cancer_subtype="")
    url = reverse("intake:step", args=[draft.reference, "treatment"])
    patient_client.post(url, _post([{"regimen": "VRd", "start_date": "2025-01-10", "best_response": "VGPR"}]))
    assert TreatmentLine.objects.get(case=draft).best_response == "VGPR"
    TreatmentLine.objects.filter(case=draft).delete()
    page = patient_client.post(url, _post([{"regimen": "VRd", "start_date": "2025-01-10", "best_response": "CMR"}]))
    assert not TreatmentLine.objects.filter(case=draft).exists()
    assert "CMR is not one of the available choices" in page.content.decode()


def test_the_treatment_step_offers_a_myeloma_response_in_words(patient_client, draft):
    Case.objects.filter(pk=draft.pk).update(cancer_type="myeloma", cancer_subtype="", reported_response="VGPR")
    page = patient_client.get(reverse("intake:step", args=[draft.reference, "treatment"])).content.decode()
    assert '<option value="VGPR" selected>Very good partial response (VGPR)</option>' in page


@pytest.mark.parametrize(
    ("cancer_type", "code", "language", "label"),
    [
        ("myeloma", "VGPR", "zh-hans", "非常好的部分缓解（VGPR）"),
        ("aml", "CR", "en", "Complete remission (CR)"),
        ("aml", "CRi", "en", "CR with incomplete recovery of counts (CRi)"),
        ("lymphoma", "CMR", "en", "Complete metabolic response (CMR)"),
        ("nsclc", "CR", "en", "Complete response (CR)"),
    ],
)
def test_a_reported_category_reads_in_the_words_of_the_case_criteria(draft, cancer_type, code, language, label):
    from cases.labels import reported_label

    draft.cancer_type = cancer_type
    with translation.override(language):
        assert reported_label(draft, code) == label
