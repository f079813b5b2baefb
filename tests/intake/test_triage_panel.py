import pytest
from django.urls import reverse

from cases.assessment import interpretation_for, render
from cases.models import State
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def test_coordinator_sees_the_results_the_gaps_and_why_and_the_urgency_flags(client, coordinator, patient):
    case = complete_case(patient, state=State.IN_TRIAGE, metastatic_sites=["brain", "bone"], ecog=3)
    case.biomarkers.create(marker="ROS1", result="not_tested")
    case.biomarkers.create(
        marker="PDL1", result="detected", pdl1_score=30, pdl1_system="TPS", pdl1_clone="22C3", specimen="tissue_primary"
    )
    client.force_login(coordinator)
    response = client.get(reverse("intake:case_detail", args=[case.reference]))
    triage = response.context["triage"]
    interpretation = interpretation_for(case)
    assert [g["code"] for g in triage["gaps"]] == [g.marker for g in interpretation.gaps]
    html = response.content.decode()
    for gap in triage["gaps"]:
        assert gap["reason"] in html and gap["why"] in html
    for statement in interpretation.statements:
        assert render(statement.template, statement.params) in html and statement.source in html
    results = html[html.index('id="biomarker-results"') :]
    assert "Detected (positive)" in results and "TPS 30%" in results and "22C3" in results
    assert "Tissue from the primary tumour" in results
    assert reverse("intake:biomarker_records", args=[case.reference]) in html
    flag_codes = {f["flag"].code for f in triage["flags"]}
    assert any("brain" in c for c in flag_codes) and any("ecog" in c or "performance" in c for c in flag_codes)
    assert triage["priority"] == "urgent"


def test_patient_does_not_see_the_triage_panel(patient_client, patient):
    case = complete_case(patient, state=State.SUBMITTED)
    response = patient_client.get(reverse("intake:case_detail", args=[case.reference]))
    assert response.context.get("triage") is None
    assert 'id="triage"' not in response.content.decode()
