"""A patient lets a caregiver act on their case, takes it back, and a caregiver hands a case to the patient."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import caregivers, notifications
from cases.access import visible_cases
from cases.models import CaseCaregiver, CaseEvent, CaseMessage, Notification, State, User
from cases.models.caregivers import hash_token
from cases.workflow import information_request
from tests.factories import CaseFactory, UserFactory, complete_case
from tests.helpers.files import pdf_bytes

pytestmark = pytest.mark.django_db

HELPER = "daughter@example.org"
SIGNUP = {
    "email": HELPER,
    "password1": "a long passphrase 2026",
    "password2": "a long passphrase 2026",
    "first_name": "Aigerim",
    "last_name": "Wei",
    "relationship": "child",
    "country": "Kazakhstan",
}


def _page(client, case):
    return client.get(reverse("intake:case_detail", args=[case.reference]))


def _invite(client, owner, case, email=HELPER):
    client.force_login(owner)
    response = client.post(
        reverse("cases:caregiver_invite", args=[case.reference]), {"invite-email": email}, follow=True
    )
    assert response.status_code == 200
    return Notification.objects.filter(case=case, to_email=email).latest("pk")


def _link(row: Notification) -> str:
    """The link as the email shows it: rendered from the outbox row, as the worker renders it."""
    text = notifications.preview(row).text
    return re.search(r"https?://[^/\s]+(/caregivers/accept/[^\s]+/)", text).group(1)


def _sign_up_and_confirm(client, data=SIGNUP):
    client.logout()
    assert client.post(reverse("account_signup"), data).status_code == 302
    body = next(m.body for m in reversed(mail.outbox) if data["email"] in m.to)
    confirm = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+/)", body).group(1)
    client.post(confirm)
    return User.objects.get(email=data["email"])


def _accept(client, link):
    return client.post(link, follow=True)


@pytest.fixture
def submitted(patient):
    return complete_case(patient, state=State.SUBMITTED, submitted_at=timezone.now())


def test_invited_caregiver_signs_up_accepts_and_acts_under_their_own_name(client, patient, coordinator, submitted):
    case = submitted
    row = _invite(client, patient, case)
    email = notifications.preview(row)
    assert case.reference in email.subject and case.reference in email.text
    assert case.patient_name not in email.text  # no health data: the reference, one sentence and a link
    link = _link(row)
    stored = CaseCaregiver.objects.get(case=case, email=HELPER)
    assert stored.token_hash == hash_token(link.rstrip("/").rsplit("/", 1)[1])  # only the hash is kept

    # Not signed in: the link asks them to sign in (or sign up) first.
    client.logout()
    assert reverse("account_login") in client.get(link)["Location"]
    helper = _sign_up_and_confirm(client)
    assert client.get(link).status_code == 200
    response = _accept(client, link)
    assert response.redirect_chain[-1][0] == reverse("intake:case_detail", args=[case.reference])
    assert case in visible_cases(helper)

    # The coordinator asks for information; the caregiver hears about it, uploads a record and answers.
    information_request(case=case, by=coordinator, body="Please send the NGS report.", item_keys=[])
    assert Notification.objects.filter(case=case, kind="information_requested", recipient=helper).exists()
    upload = client.post(
        reverse("intake:upload", args=[case.reference]),
        {"kind": "biomarker_report", "files": [_pdf("ngs.pdf")]},
        follow=True,
    )
    assert upload.status_code == 200
    assert case.documents.get(original_name="ngs.pdf").uploaded_by == helper
    client.post(reverse("cases:answer", args=[case.reference]), {"body": "NGS report attached."}, follow=True)
    case.refresh_from_db()
    assert case.state == State.IN_TRIAGE
    answer = CaseMessage.objects.get(case=case, kind="answer")
    assert answer.author == helper
    assert CaseEvent.objects.filter(case=case, kind="transition", to_state=State.IN_TRIAGE, actor=helper).exists()

    # And the coordinator sees who acted, on the timeline.
    client.force_login(coordinator)
    timeline = _page(client, case).content.decode().split('id="timeline"')[1]
    assert str(helper) in timeline and "accepted and can act on the case" in timeline


def test_caregiver_edits_a_draft_and_the_patients_wording_is_theirs(client, patient, draft):
    helper = UserFactory(email=HELPER, relationship="child")
    link = _link(_invite(client, patient, draft))
    client.force_login(helper)
    _accept(client, link)

    page = _page(client, draft)
    assert page.status_code == 200 and page.context["can_edit"] and page.context["for_patient"]
    assert 'id="caregivers"' in page.content.decode() and 'id="caregiver-invite"' not in page.content.decode()
    step = reverse("intake:step", args=[draft.reference, "goals"])
    client.post(step, {"own_questions": "Is surgery still possible?"})
    draft.refresh_from_db()
    assert draft.own_questions == "Is surgery still possible?"


def test_someone_else_signed_in_with_the_link_is_refused(client, patient, other_patient, draft):
    link = _link(_invite(client, patient, draft))
    client.force_login(other_patient)
    page = client.get(link)
    assert page.status_code == 403 and 'id="accept-invitation"' not in page.content.decode()
    response = client.post(link)
    assert response.status_code == 403
    assert str(caregivers.ERR_WRONG_ACCOUNT) in response.content.decode()
    assert draft not in visible_cases(other_patient)
    assert _page(client, draft).status_code == 404


def test_an_unverified_address_is_not_enough(client, patient, draft):
    helper = UserFactory(email=HELPER)
    helper.emailaddress_set.update(verified=False)
    link = _link(_invite(client, patient, draft))
    client.force_login(helper)
    assert client.post(link).status_code == 403
    assert draft not in visible_cases(helper)


def test_the_link_works_once(client, patient, draft):
    helper = UserFactory(email=HELPER)
    link = _link(_invite(client, patient, draft))
    client.force_login(helper)
    _accept(client, link)
    second = client.post(link)
    assert second.status_code == 403 and str(caregivers.ERR_INVALID) in second.content.decode()


def test_the_link_expires(client, patient, draft, settings, time_machine):
    settings.CAREGIVER_INVITE_DAYS = 3
    helper = UserFactory(email=HELPER)
    time_machine.move_to(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    link = _link(_invite(client, patient, draft))
    time_machine.shift(datetime.timedelta(days=3, minutes=1))
    client.force_login(helper)
    response = client.post(link)
    assert response.status_code == 403 and str(caregivers.ERR_EXPIRED) in response.content.decode()
    assert draft not in visible_cases(helper)


def test_the_link_leaves_the_outbox_once_sent(patient, draft, smtp_backend):
    row = caregivers.caregiver_invite(case=draft, by=patient, email=HELPER)
    sent = Notification.objects.get(case=draft, to_email=HELPER)
    assert "accept_url" in sent.context
    notifications.notification_send(notification_id=sent.pk)
    sent.refresh_from_db()
    assert sent.status == Notification.Status.SENT and "accept_url" not in sent.context
    [message] = mail.outbox
    assert message.to == [HELPER] and "/caregivers/accept/" in message.body
    assert row.user is None


def test_the_invitation_is_in_the_invitees_language_else_the_inviters(patient, draft):
    patient.language = "zh-hans"
    patient.save()
    caregivers.caregiver_invite(case=draft, by=patient, email="new@example.org")
    UserFactory(email=HELPER, language="en")
    caregivers.caregiver_invite(case=draft, by=patient, email=HELPER)
    rows = {n.to_email: n for n in Notification.objects.filter(case=draft)}
    assert rows["new@example.org"].language == "zh-hans" and rows[HELPER].language == "en"
    assert "您受邀" in notifications.preview(rows["new@example.org"]).text


def test_revoking_a_caregiver_shuts_every_door_at_once(client, patient, submitted):
    case = submitted
    helper = UserFactory(email=HELPER)
    document = case.documents.first()
    link = _link(_invite(client, patient, case))
    client.force_login(helper)
    _accept(client, link)
    ref = case.reference
    urls = [
        reverse("intake:case_detail", args=[ref]),
        reverse("intake:review", args=[ref]),
        reverse("intake:document_list", args=[ref]),
        reverse("intake:access_log", args=[ref]),
    ]
    if document:
        urls.append(reverse("intake:document_file", args=[ref, document.pk, "view"]))
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    caregiver = CaseCaregiver.objects.get(case=case, user=helper)

    client.force_login(patient)
    client.post(reverse("cases:caregiver_revoke", args=[case.reference, caregiver.pk]))
    client.force_login(helper)
    for url in [*urls, reverse("reports:patient_copy", args=[ref])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("cases:message_post", args=[ref]), {"body": "still here?"}).status_code == 404
    assert ref not in client.get(reverse("intake:case_list")).content.decode()
    assert CaseEvent.objects.filter(case=case, kind="caregiver_revoked", actor=patient).exists()


def test_only_the_owner_invites_and_revokes(client, patient, draft):
    helper = UserFactory(email=HELPER)
    link = _link(_invite(client, patient, draft))
    client.force_login(helper)
    _accept(client, link)
    response = client.post(reverse("cases:caregiver_invite", args=[draft.reference]), {"invite-email": "x@example.org"})
    assert response.status_code == 404
    own = CaseCaregiver.objects.get(user=helper)
    assert client.post(reverse("cases:caregiver_revoke", args=[draft.reference, own.pk])).status_code == 404
    assert (
        client.post(
            reverse("cases:case_hand_over", args=[draft.reference]), {"handover-email": "x@example.org"}
        ).status_code
        == 404
    )
    with pytest.raises(caregivers.CaregiverError):
        caregivers.caregiver_invite(case=draft, by=helper, email="x@example.org")


def test_a_caregiver_hands_the_case_to_the_patient_and_stays_on(client):
    son = UserFactory(email="son@example.org", relationship="child")
    case = CaseFactory(owner=son, relationship="child")
    client.force_login(son)
    assert 'id="case-hand-over"' in _page(client, case).content.decode()
    client.post(reverse("cases:case_hand_over", args=[case.reference]), {"handover-email": "mother@example.org"})
    row = Notification.objects.get(case=case, kind=notifications.CASE_HANDOVER_OFFERED)
    link = _link(row)

    mother = _sign_up_and_confirm(client, {**SIGNUP, "email": "mother@example.org", "relationship": "self"})
    _accept(client, link)
    case.refresh_from_db()
    assert case.owner == mother
    assert case in visible_cases(son) and case in visible_cases(mother)
    assert CaseCaregiver.objects.active().filter(case=case, user=son).exists()
    assert not CaseCaregiver.objects.active().filter(case=case, user=mother).exists()
    assert CaseEvent.objects.filter(case=case, kind="handed_over", actor=mother).exists()

    # The patient now decides: she can take her son's access away.
    page = _page(client, case)
    assert 'id="caregiver-invite"' in page.content.decode() and 'id="case-hand-over"' not in page.content.decode()
    son_row = CaseCaregiver.objects.active().get(case=case, user=son)
    client.post(reverse("cases:caregiver_revoke", args=[case.reference, son_row.pk]))
    assert case not in visible_cases(son)


def test_a_patient_cannot_hand_over_their_own_case(client, patient, draft):
    client.force_login(patient)
    assert 'id="case-hand-over"' not in _page(client, draft).content.decode()
    assert (
        client.post(
            reverse("cases:case_hand_over", args=[draft.reference]), {"handover-email": "x@example.org"}
        ).status_code
        == 404
    )


def test_staff_cannot_accept_an_invitation(client, patient, draft, coordinator):
    link = _link(_invite(client, patient, draft, email=coordinator.email))
    client.force_login(coordinator)
    assert client.post(link).status_code == 403


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


@pytest.fixture
def smtp_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_caregiver_withdraws_the_case_as_the_patient_would(client, patient, submitted):
    helper = UserFactory(email=HELPER)
    link = _link(_invite(client, patient, submitted))
    client.force_login(helper)
    _accept(client, link)
    assert _page(client, submitted).context["can_withdraw"]
    client.post(reverse("intake:case_withdraw", args=[submitted.reference]), {"reason": "Treated elsewhere"})
    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN
    assert CaseEvent.objects.get(case=submitted, to_state=State.WITHDRAWN).actor == helper
    assert submitted.coordinator is None  # a caregiver is not made the case's coordinator


def test_an_invitation_not_yet_accepted_opens_nothing(client, patient, draft):
    helper = UserFactory(email=HELPER)
    _invite(client, patient, draft)
    client.force_login(helper)
    assert _page(client, draft).status_code == 404
