"""Actions nobody can undo ask first, and the rules around closing hold in the services whatever the page does."""

import pytest
from django.urls import reverse

from cases.lifecycle import TransitionError, case_transition
from cases.models import CaseEvent, Notification, State
from reports.report_release import ERR_ENDED, ReportError, report_prepare, report_release
from tests.reports.report_helpers import reviewed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(patient, coordinator):
    """A case whose report v1 was released, and a correction v2 prepared but not released."""
    case, _team = reviewed_case(patient)
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    report_prepare(case=case, by=coordinator, correction_note="The meeting date was wrong.")
    case.refresh_from_db()
    return case


def close_url(case):
    return reverse("cases:transition", args=[case.reference])


def test_closing_with_an_unreleased_version_is_refused_unless_said_explicitly(issued, coordinator):
    with pytest.raises(TransitionError) as error:
        case_transition(case=issued, to=State.CLOSED, by=coordinator)
    assert any("Version 2 of the report was prepared but never released" in str(p) for p in error.value.problems)
    issued.refresh_from_db()
    assert issued.state == State.REPORT_ISSUED

    case_transition(case=issued, to=State.CLOSED, by=coordinator, acknowledged={"unreleased_report"})
    issued.refresh_from_db()
    assert issued.state == State.CLOSED
    event = CaseEvent.objects.filter(case=issued, kind="transition", to_state=State.CLOSED).get()
    assert event.params == {"acknowledged": ["unreleased_report"]}


def test_nothing_is_released_after_close(issued, coordinator):
    case_transition(case=issued, to=State.CLOSED, by=coordinator, acknowledged={"unreleased_report"})
    draft = issued.patient_reports.get(version=2)
    emails = Notification.objects.count()
    with pytest.raises(ReportError) as error:
        report_release(report=draft, by=coordinator)
    assert error.value.message == ERR_ENDED
    draft.refresh_from_db()
    assert draft.released_at is None and Notification.objects.count() == emails
    with pytest.raises(ReportError):
        report_prepare(case=issued, by=coordinator, correction_note="Again")


def test_the_case_page_asks_before_closing_and_names_the_unreleased_version(issued, coordinator, client):
    client.force_login(coordinator)
    page = client.get(reverse("intake:case_detail", args=[issued.reference])).content.decode()
    assert "I want to close this case. It cannot be reopened." in page
    assert "Version 2 of the report was prepared but never released" in page

    # Without ticking the confirmation, nothing happens.
    client.post(close_url(issued), {"to": State.CLOSED, "version": issued.version})
    issued.refresh_from_db()
    assert issued.state == State.REPORT_ISSUED
    # Confirmed, but without saying the unreleased version may stay unreleased: refused, with the reason.
    response = client.post(
        close_url(issued), {"to": State.CLOSED, "version": issued.version, "confirm": "on"}, follow=True
    )
    assert "never released" in response.content.decode()
    issued.refresh_from_db()
    assert issued.state == State.REPORT_ISSUED
    client.post(
        close_url(issued),
        {"to": State.CLOSED, "version": issued.version, "confirm": "on", "acknowledge": "unreleased_report"},
    )
    issued.refresh_from_db()
    assert issued.state == State.CLOSED
    page = client.get(reverse("intake:case_detail", args=[issued.reference])).content.decode()
    assert "Closed although a prepared version of the report was never released" in page  # on the timeline
    assert "report-release" not in client.get(reverse("reports:report_panel", args=[issued.reference])).content.decode()
