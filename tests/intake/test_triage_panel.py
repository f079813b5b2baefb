import pytest
from django.urls import reverse

from cases.models import State
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def test_coordinator_sees_untested_ros1_and_ret_as_gaps_and_the_urgency_flags(client, coordinator, patient):
    case = complete_case(patient, state=State.IN_TRIAGE, metastatic_sites=["brain", "bone"], ecog=3)
    # Without a driver: once EGFR is positive the other drivers are no longer gaps (ESMO 2023), see the scenarios.
    case.biomarkers.filter(marker="EGFR").update(status="negative", value="", covers_gene=True)
    case.biomarkers.create(marker="ROS1", status="not_tested")
    client.force_login(coordinator)
    response = client.get(reverse("intake:case_detail", args=[case.reference]))
    triage = response.context["triage"]
    assert {"ROS1", "RET"} <= {g.marker.code for g in triage["gaps"]}
    assert "EGFR" not in {g.marker.code for g in triage["gaps"]}
    flag_codes = {f["flag"].code for f in triage["flags"]}
    assert any("brain" in c for c in flag_codes) and any("ecog" in c or "performance" in c for c in flag_codes)
    assert triage["priority"] == "urgent"
    html = response.content.decode()
    assert 'id="biomarker-gaps"' in html and "ROS1" in html


def test_patient_does_not_see_the_triage_panel(patient_client, patient):
    case = complete_case(patient, state=State.SUBMITTED)
    response = patient_client.get(reverse("intake:case_detail", args=[case.reference]))
    assert response.context.get("triage") is None
    assert 'id="triage"' not in response.content.decode()
