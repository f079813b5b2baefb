"""The coordinator's response assessments page: any criteria, explained at once, per line of therapy."""

import datetime
import json

import pytest
from django.urls import reverse

from cases.models import EcogRecord, ResponseAssessment, State, TreatmentLine
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(patient):
    return CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="aml")


def url(case):
    return reverse("cases:responses", args=[case.reference])


ELN = {
    "prior_cr": True,
    "bm_blasts_pct": 12,
    "pretreatment_bm_blasts_pct": 60,
    "circulating_blasts": False,
    "extramedullary_disease": False,
    "anc_1e9_per_l": 1.2,
    "platelets_1e9_per_l": 120,
    "mrd": "positive",
}


def post(client, case, criteria, data, **extra):
    text = json.dumps(data) if not isinstance(data, str) else data
    payload = {"criteria": criteria, "measurements": text, **extra}
    return client.post(url(case), payload, follow=True)


def test_coordinator_enters_an_eln_assessment_and_sees_the_relapse_explained(client, coordinator, case):
    client.force_login(coordinator)
    page = post(client, case, "eln2022", ELN, assessed_on="2026-10-01", reported_category="CR")
    html = page.content.decode()
    row = ResponseAssessment.objects.get(case=case)
    assert row.derived_category == "relapse" and row.entered_by == coordinator
    assert row.assessed_on == datetime.date(2026, 10, 1)
    assert "haematologic relapse" in html and "marrow blasts 12%" in html


def test_an_input_the_criteria_cannot_judge_is_kept_with_every_reason(client, coordinator, case):
    client.force_login(coordinator)
    data = dict(ELN)
    del data["prior_cr"]
    html = post(client, case, "eln2022", data).content.decode()
    assert ResponseAssessment.objects.get(case=case).derived_category == "INVALID"
    assert "prior_cr is missing" in html


def test_malformed_json_is_refused_and_the_text_is_kept(client, coordinator, case):
    client.force_login(coordinator)
    html = post(client, case, "eln2022", '{"bm_blasts_pct": 3,').content.decode()
    assert not ResponseAssessment.objects.filter(case=case).exists()
    assert "not valid JSON" in html
    assert "bm_blasts_pct" in html  # what was typed is still in the form


def test_edit_and_remove(client, coordinator, case):
    client.force_login(coordinator)
    post(client, case, "eln2022", ELN)
    row = ResponseAssessment.objects.get(case=case)
    client.post(
        url(case) + f"?edit={row.pk}", {"criteria": "eln2022", "measurements": json.dumps({**ELN, "bm_blasts_pct": 2})}
    )
    row.refresh_from_db()
    assert row.derived_category == "CR"
    client.post(reverse("cases:response_delete", args=[case.reference, row.pk]))
    assert not ResponseAssessment.objects.filter(case=case).exists()


def test_per_line_outcome_and_ecog_history(client, coordinator, case):
    TreatmentLine.objects.create(case=case, regimen="7+3", start_date=datetime.date(2026, 1, 1), ongoing=True)
    client.force_login(coordinator)
    post(client, case, "eln2022", {**ELN, "prior_cr": False, "bm_blasts_pct": 2}, assessed_on="2026-02-01")
    post(client, case, "eln2022", ELN, assessed_on="2026-06-01")
    client.post(reverse("cases:ecog_add", args=[case.reference]), {"measured_on": "2026-06-01", "ecog": 2})
    html = client.get(url(case)).content.decode()
    assert EcogRecord.objects.get(case=case).ecog == 2
    assert "1 Jun 2026" in html and ">151<" in html.replace(" ", "")  # progression-free days, Jan 1 to Jun 1


@pytest.mark.parametrize("who", ["patient", "specialist"])
def test_only_coordinators_enter_assessments(client, case, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(case), {"criteria": "eln2022", "measurements": json.dumps(ELN)}).status_code == 404
    assert not ResponseAssessment.objects.exists()
