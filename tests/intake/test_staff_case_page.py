"""What staff see first: the diagnosis in the case header, the right next step in each state, styled error pages."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from cases.models import State
from reports.models import Consensus
from tests.reports.report_helpers import reviewed_case

pytestmark = pytest.mark.django_db


def page(client, case):
    return client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()


def test_header_shows_the_diagnosis_and_key_facts_to_the_coordinator(patient, coordinator, client):
    case, _team = reviewed_case(patient, report_language="zh-hans")
    client.force_login(coordinator)
    html = page(client, case)
    assert 'id="case-diagnosis"' in html and "Non-small cell lung cancer" in html and "Stage IVB" in html
    assert "ECOG 1" in html and "Report in 简体中文" in html


def test_next_step_after_the_consensus_no_longer_says_the_specialists_are_reviewing(patient, coordinator, client):
    case, _team = reviewed_case(patient)
    client.force_login(coordinator)
    html = page(client, case)
    assert "The chair has agreed the consensus" in html
    assert "The specialists are writing their opinions" not in html
    Consensus.objects.filter(case=case).update(status=Consensus.Status.DRAFT)
    html = page(client, case)
    assert "The specialists are writing their opinions" in html


def test_in_review_the_triage_panel_is_one_click_away(patient, coordinator, client):
    case, _team = reviewed_case(patient)
    client.force_login(coordinator)
    html = page(client, case)
    assert '<details class="mb-3" id="triage-later">' in html
    assert html.index('id="actions"') < html.index('id="triage-later"')


def test_specialist_list_shows_priority(patient, client):
    case, team = reviewed_case(patient, priority="urgent")
    client.force_login(team["radiology"])
    html = client.get(reverse("reports:mdt_cases")).content.decode()
    assert 'data-priority="urgent"' in html and "Urgent" in html


def test_a_specialist_opening_the_queue_gets_a_styled_page_with_the_menu(patient, client):
    _case, team = reviewed_case(patient)
    client.force_login(team["radiology"])
    response = client.get(reverse("cases:queue"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page is not available to you" in html and "My MDT cases" in html


def test_not_found_is_styled_and_in_the_readers_language(patient, client):
    patient.language = "zh-hans"
    patient.save()
    client.force_login(patient)
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/cases/MDT-NOPE00/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert "此页面不存在" in response.content.decode()


def test_server_error_page_needs_no_request_and_speaks_both_languages():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "我们这边出现了问题" in html


def test_state_is_unchanged_by_reading(patient, coordinator, client):
    case, _team = reviewed_case(patient)
    client.force_login(coordinator)
    page(client, case)
    case.refresh_from_db()
    assert case.state == State.IN_REVIEW
