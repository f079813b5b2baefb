"""Who is emailed when the chair amends the agreed consensus, and what the email says."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, ngettext

from cases.models import Notification
from cases.notifications import CONSENSUS_AMENDED, REPORT_CORRECTION_COMING, notification_send
from reports.models import Consensus
from reports.opinions import consensus_amend
from reports.report_release import report_prepare, report_release
from tests.factories import UserFactory
from tests.reports.report_helpers import reviewed_case

pytestmark = pytest.mark.django_db

REASON = "The tumour board read the new MRI: a fourth brain lesion."
NEW_PLAN = "Whole-brain radiotherapy first, then a trial of a new EGFR inhibitor."
AMENDED_SUMMARY = "The cancer has grown in the brain again. Radiotherapy to the whole brain comes first."


@pytest.fixture
def reviewed(patient, coordinator):
    case, team = reviewed_case(patient, coordinator=coordinator)
    return case, team


def amend(case, chair, **changes):
    consensus = Consensus.objects.get(case=case)
    data = {
        "goal": consensus.goal,
        "china": consensus.china,
        "tests_from_gaps": consensus.tests_from_gaps,
        "answers": consensus.answers,
        **{name: getattr(consensus, name) for name in ("plan", "patient_summary", "goal_explanation", "alternatives")},
        **{name: getattr(consensus, name) for name in ("tests_first", "china_notes", "supportive_care", "dissent")},
        **changes,
    }
    return consensus_amend(case=case, by=chair, data=data, reason=REASON)


def sent(kind):
    """Send the waiting `kind` emails as the worker would; the messages, by recipient address."""
    for row in Notification.objects.filter(kind=kind, status=Notification.Status.PENDING):
        notification_send(notification_id=row.pk)
    return {m.to[0]: m for m in mail.outbox if Notification.objects.filter(kind=kind, recipient__email=m.to[0])}


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def test_the_team_and_coordinator_hear_of_an_amendment_with_how_many_changes_but_not_the_chair(reviewed, coordinator):
    case, team = reviewed
    other_coordinator = UserFactory(role="coordinator")  # the case has its own coordinator
    amend(case, team["medical_oncology"], plan=NEW_PLAN, patient_summary=AMENDED_SUMMARY, goal="symptom_relief")

    recipients = set(Notification.objects.filter(kind=CONSENSUS_AMENDED).values_list("recipient__email", flat=True))
    others = {team[d].email for d in ("radiology", "pathology", "surgery")}
    assert recipients == others | {coordinator.email}
    assert team["medical_oncology"].email not in recipients and other_coordinator.email not in recipients
    message = sent(CONSENSUS_AMENDED)[coordinator.email]
    assert case.reference in message.subject and "amended" in message.subject
    assert "(3 changes)" in message.body
    # No health data: neither the reason nor any text of the consensus.
    assert REASON not in message.body and NEW_PLAN not in message.body and "brain" not in message.body


def test_each_amendment_is_one_email_per_person(reviewed, coordinator):
    case, team = reviewed
    amend(case, team["medical_oncology"], plan=NEW_PLAN)
    amend(case, team["medical_oncology"], patient_summary=AMENDED_SUMMARY)

    rows = Notification.objects.filter(kind=CONSENSUS_AMENDED, recipient=coordinator)
    assert [row.context["changes"] for row in rows.order_by("pk")] == [1, 1]
    assert Notification.objects.filter(kind=CONSENSUS_AMENDED).count() == 2 * 4
    assert "(1 change)" in sent(CONSENSUS_AMENDED)[coordinator.email].body


def test_a_chinese_reading_specialist_reads_the_amendment_in_chinese(reviewed):
    case, team = reviewed
    radiologist = team["radiology"]
    radiologist.language = "zh-hans"
    radiologist.save()
    amend(case, team["medical_oncology"], plan=NEW_PLAN, patient_summary=AMENDED_SUMMARY)

    message = sent(CONSENSUS_AMENDED)[radiologist.email]
    subject = zh("Case %(reference)s: the MDT consensus was amended") % {"reference": case.reference}
    assert subject != f"Case {case.reference}: the MDT consensus was amended"
    assert message.subject == subject
    with translation.override("zh-hans"):
        counted = ngettext(
            "The MDT chair has amended the agreed consensus on case %(reference)s (%(counter)s change).",
            "The MDT chair has amended the agreed consensus on case %(reference)s (%(counter)s changes).",
            2,
        ) % {"reference": case.reference, "counter": 2}
    assert counted in message.body and "amended" not in message.body


def test_before_any_release_the_patient_is_not_emailed(reviewed, patient):
    case, team = reviewed
    amend(case, team["medical_oncology"], plan=NEW_PLAN)
    assert not Notification.objects.filter(recipient=patient, kind__in=[CONSENSUS_AMENDED, REPORT_CORRECTION_COMING])


def test_after_a_release_the_patient_is_told_once_a_correction_is_coming_without_the_teams_detail(
    reviewed, patient, coordinator
):
    case, team = reviewed
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    mail.outbox.clear()
    amend(case, team["medical_oncology"], plan=NEW_PLAN)
    amend(case, team["medical_oncology"], patient_summary=AMENDED_SUMMARY)  # before the correction: not again

    assert not Notification.objects.filter(recipient=patient, kind=CONSENSUS_AMENDED).exists()
    [row] = Notification.objects.filter(kind=REPORT_CORRECTION_COMING)
    assert row.recipient == patient
    message = sent(REPORT_CORRECTION_COMING)[patient.email]
    assert "corrected version of your report" in message.subject
    assert "we will email you as soon as it is ready" in message.body
    for detail in (REASON, NEW_PLAN, "change", team["medical_oncology"].last_name):
        assert detail not in message.body

    # The corrected version's release is the email that follows, and says it is a correction.
    report_release(report=report_prepare(case=case, by=coordinator, correction_note=REASON), by=coordinator)
    released = Notification.objects.filter(kind="report_released", recipient=patient).latest("pk")
    notification_send(notification_id=released.pk)
    assert "A corrected version of the MDT's report" in mail.outbox[-1].body
    # A later amendment, after that correction was released, tells the patient again.
    amend(case, team["medical_oncology"], plan="Radiotherapy, then the trial.")
    assert Notification.objects.filter(kind=REPORT_CORRECTION_COMING).count() == 2


def test_the_patients_report_says_a_correction_is_coming_until_it_is_released(reviewed, patient, coordinator):
    from django.test import Client
    from django.urls import reverse

    case, team = reviewed
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    client = Client()
    client.force_login(patient)
    panel_url = reverse("reports:report_panel", args=[case.reference])
    assert 'id="report-correction-coming"' not in client.get(panel_url).content.decode()

    amend(case, team["medical_oncology"], plan=NEW_PLAN)
    html = client.get(panel_url).content.decode()
    assert 'id="report-correction-coming"' in html and "A corrected version is being prepared" in html
    assert REASON not in html and NEW_PLAN not in html

    report_release(report=report_prepare(case=case, by=coordinator, correction_note=REASON), by=coordinator)
    assert 'id="report-correction-coming"' not in client.get(panel_url).content.decode()
