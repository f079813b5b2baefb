"""A kept page (cases.page_memo) after real flows: each reader reads the page twice (so it is kept), someone acts
through the real views, a worker runs, or time passes; the next reading must be what a fresh rendering gives.

The helpers are those of tests/cases/test_page_memo.py (same_page ignores the CSRF mask and the session's clock).
"""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cases.models import CaseMessage, State
from tests.cases.test_page_memo import case_url, fresh, same_page, step_url
from tests.factories import UserFactory, add_document, complete_case
from tests.helpers.files import pdf_bytes


def _submitted(patient, coordinator):
    case = complete_case(patient, patient_name="Aigerim Nurlanovna")
    type(case).objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    case.refresh_from_db()
    add_document(case, "pathology_report", datetime.date(2026, 1, 5), name="Biopsy.pdf")
    return case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _kept(client, url):
    """Read twice: the second reading is the kept page."""
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200


def _holds(client, url, settings):
    """The next reading is what a fresh rendering gives; returns it."""
    page = client.get(url).content.decode()
    assert same_page(page) == same_page(fresh(client, url, settings))
    return page


# --- Out-of-order commits (PostgreSQL): a change committed after a later change to the same stamp ---------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_a_message_committed_after_a_later_change_is_not_left_off_the_kept_page(settings, monkeypatch):
    """A coordinator's message is written (its page change takes id N) while its transaction is still open (here:
    queueing the email is slow); meanwhile another change to the case commits (a note, id N + 1). The patient reads
    the page then: the stamp is N + 1 and the page without the message (not committed yet). Once the message's
    transaction commits the stamp is still N + 1: the kept page must not be given, it lacks the message."""
    patient = UserFactory(email="patient@example.org", first_name="Li", last_name="Wei")
    coordinator = UserFactory(email="coord@example.org", role="coordinator")
    colleague = UserFactory(email="coord2@example.org", role="coordinator")
    case = _submitted(patient, coordinator)
    patient_client = _client(patient)
    url = case_url(case)
    _kept(patient_client, url)

    from cases import notifications

    written, release = threading.Event(), threading.Event()
    real_notify = notifications.notify

    def slow_notify(*args, **kwargs):
        if threading.current_thread().name == "message-poster":
            written.set()
            assert release.wait(20)
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(notifications, "notify", slow_notify)
    coordinator_client = _client(coordinator)
    result = {}

    def post_message():
        try:
            result["status"] = coordinator_client.post(
                reverse("cases:message_post", args=[case.reference]), {"body": "Your scan was received"}
            ).status_code
        finally:
            connections.close_all()

    poster = threading.Thread(target=post_message, name="message-poster")
    poster.start()
    try:
        assert written.wait(20)
        # Another member of staff adds a note: it commits first, with the newer page change.
        response = _client(colleague).post(reverse("cases:note_add", args=[case.reference]), {"body": "Checked"})
        assert response.status_code == 302
        during = patient_client.get(url).content.decode()
        assert "Your scan was received" not in during  # not committed yet: right not to show it
    finally:
        release.set()
        poster.join(30)
    assert result["status"] == 302
    assert CaseMessage.objects.filter(case=case, body="Your scan was received").exists()
    page = _holds(patient_client, url, settings)
    assert "Your scan was received" in page


# --- Real flows, one reader's page kept before each ---------------------------------------------------------------

PDF = pdf_bytes(2)


@pytest.fixture
def people(patient, coordinator, specialist):
    return {"patient": patient, "coordinator": coordinator, "specialist": specialist}


@pytest.fixture
def case(patient, coordinator):
    return _submitted(patient, coordinator)


def _flow(reader, url, settings, act):
    """Kept, then `act()`, then: what is shown once is shown once, and after that the page is a fresh one."""
    _kept(reader, url)
    before = reader.get(url).content.decode()
    act()
    reader.get(url)  # messages of the actor's own, or what is new to staff: shown once, not kept
    after = _holds(reader, url, settings)
    return before, after


def _post(client, name, args, data, status=302, **extra):
    response = client.post(reverse(name, args=args), data, **extra)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


@pytest.mark.django_db
def test_patient_page_after_the_coordinator_writes_a_message(case, people, settings):
    patient, coordinator = _client(people["patient"]), _client(people["coordinator"])
    before, after = _flow(
        patient,
        case_url(case),
        settings,
        lambda: _post(coordinator, "cases:message_post", [case.reference], {"body": "Please send the CT"}),
    )
    assert "Please send the CT" in after and "Please send the CT" not in before


@pytest.mark.django_db
def test_coordinator_page_after_priority_meeting_and_note_through_the_views(case, people, settings):
    coordinator = _client(people["coordinator"])
    url = case_url(case)

    def act():
        _post(coordinator, "cases:priority", [case.reference], {"priority": "urgent", "reason": "Brain lesions"})
        _post(coordinator, "cases:meeting", [case.reference], {"meeting_at": "2030-05-04T09:30"})
        _post(coordinator, "cases:note_add", [case.reference], {"body": "Called the patient"})

    before, after = _flow(coordinator, url, settings, act)
    assert "Brain lesions" in after and "Called the patient" in after and "Brain lesions" not in before


@pytest.mark.django_db
def test_request_for_information_and_the_answer(case, people, settings):
    patient, coordinator = _client(people["patient"]), _client(people["coordinator"])
    case.refresh_from_db()
    _flow(
        patient,
        case_url(case),
        settings,
        lambda: _post(
            coordinator,
            "cases:request_information",
            [case.reference],
            {"body": "Which EGFR test was it?", "version": case.version},
        ),
    )
    case.refresh_from_db()
    assert case.state == State.AWAITING_INFORMATION
    _, after = _flow(
        coordinator,
        case_url(case),
        settings,
        lambda: _post(patient, "cases:answer", [case.reference], {"body": "It was NGS"}),
    )
    assert "It was NGS" in after


@pytest.mark.django_db
def test_reader_changes_their_time_zone(case, people, settings):
    coordinator = _client(people["coordinator"])
    _post(coordinator, "cases:meeting", [case.reference], {"meeting_at": "2030-05-04T09:30"})
    patient = _client(people["patient"])
    before, after = _flow(
        patient,
        case_url(case),
        settings,
        lambda: _post(patient, "cases:time_zone", [], {"time_zone": "Asia/Tokyo"}),
    )
    assert same_page(before) != same_page(after)  # the meeting shown nine hours later


@pytest.mark.django_db
def test_browser_time_zone_cookie_changes(case, people, settings):
    patient = _client(people["patient"])
    _post(_client(people["coordinator"]), "cases:meeting", [case.reference], {"meeting_at": "2030-05-04T09:30"})
    before, after = _flow(
        patient, case_url(case), settings, lambda: patient.cookies.load({"mdt_tz": "America/New_York"})
    )
    assert same_page(before) != same_page(after)


@pytest.mark.django_db
def test_patient_withdraws(case, people, settings):
    patient = _client(people["patient"])
    _, after = _flow(
        patient,
        case_url(case),
        settings,
        lambda: _post(patient, "intake:case_withdraw", [case.reference], {"reason": "Treated locally"}),
    )
    case.refresh_from_db()
    assert case.state == State.WITHDRAWN


@pytest.mark.django_db
def test_caregiver_invited_and_revoked(case, people, settings):
    patient = _client(people["patient"])
    url = case_url(case)
    _, after = _flow(
        patient,
        url,
        settings,
        lambda: _post(patient, "cases:caregiver_invite", [case.reference], {"invite-email": "carer@example.org"}),
    )
    assert "carer@example.org" in after
    invitation = case.caregivers.get()
    _, after = _flow(
        patient,
        url,
        settings,
        lambda: _post(patient, "cases:caregiver_revoke", [case.reference, invitation.pk], {}),
    )


@pytest.mark.django_db
def test_patient_uploads_a_record_on_the_case_page(case, people, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    patient = _client(people["patient"])
    _, after = _flow(
        patient,
        case_url(case),
        settings,
        lambda: _post(
            patient,
            "intake:upload",
            [case.reference],
            {"kind": "pathology_report", "files": [SimpleUploadedFile("Blood count.pdf", PDF, "application/pdf")]},
        ),
    )
    assert "Blood count.pdf" in after
    # The worker reads its pages (what the upload left "Reading…"): the page says how many.
    from intake.services import document_extract_metadata

    _kept(patient, case_url(case))
    document_extract_metadata(document_id=case.documents.get(original_name="Blood count.pdf").pk)
    assert "2 pages" in _holds(patient, case_url(case), settings)


@pytest.mark.django_db
def test_specialist_assigned_then_removed(case, people, settings):
    coordinator = _client(people["coordinator"])
    specialist = _client(people["specialist"])
    url = case_url(case)
    _flow(
        coordinator,
        url,
        settings,
        lambda: _post(
            coordinator,
            "cases:assignment_add",
            [case.reference],
            {"specialist": people["specialist"].pk, "discipline": "medical_oncology", "is_chair": "on"},
        ),
    )
    _kept(specialist, url)
    assignment = case.assignments.get()
    _post(coordinator, "cases:assignment_change", [case.reference, assignment.pk, "remove"], {})
    assert specialist.get(url).status_code == 404


@pytest.mark.django_db
def test_the_coordinators_role_changed_by_an_admin(case, people, settings):
    coordinator = _client(people["coordinator"])
    user = people["coordinator"]

    def demote():
        user.role = "admin"
        user.save(update_fields=["role"])

    _flow(coordinator, case_url(case), settings, demote)


@pytest.mark.django_db
def test_the_triage_refresh_and_the_metadata_sweep_run_by_the_worker(case, people, settings):
    from cases.services import cases_refresh_open_triage

    coordinator = _client(people["coordinator"])
    url = case_url(case)
    _kept(coordinator, url)
    type(case).objects.filter(pk=case.pk).update(priority="routine", suggested_priority="routine")
    coordinator.get(url)
    _kept(coordinator, url)
    cases_refresh_open_triage()
    _holds(coordinator, url, settings)


@pytest.mark.django_db
def test_the_step_after_an_autosave_and_a_save(patient, settings):
    client = _client(patient)
    draft = complete_case(patient)
    url = step_url(draft, "goals")
    page = client.get(url).content.decode()
    client.get(url)
    import re

    version = re.search(r'name="_version" value="(\d+)"', page).group(1)
    response = client.post(url, {"_version": version, "goals_text": "Autosaved hope"}, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 200 and response.json()["saved"], response.content
    after = _holds(client, url, settings)
    assert "Autosaved hope" in after
    _kept(client, url)
    response = client.post(url, {"_version": response.json()["version"], "goals_text": "Saved hope", "save": "1"})
    assert response.status_code == 302
    client.get(url)  # "Saved." shown once
    assert "Saved hope" in _holds(client, url, settings)


@pytest.mark.django_db
def test_the_records_step_after_an_upload(patient, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(patient)
    draft = complete_case(patient)
    url = step_url(draft, "records")
    _, after = _flow(
        client,
        url,
        settings,
        lambda: _post(
            client,
            "intake:upload",
            [draft.reference],
            {"kind": "pathology_report", "files": [SimpleUploadedFile("Blood count.pdf", PDF, "application/pdf")]},
        ),
    )
    assert "Blood count.pdf" in after


# --- The clock ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_day_turns_in_the_readers_time_zone_not_the_servers(settings):
    """The imaging report becomes older than IMAGING_MAX_AGE_DAYS at midnight in Tokyo, while it is still the same
    day in UTC: the page kept at 23:30 in Tokyo is not the one given at 00:30."""
    start = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        patient = UserFactory(email="patient@example.org")
        coordinator = UserFactory(email="coord@example.org", role="coordinator", time_zone="Asia/Tokyo")
        case = _submitted(patient, coordinator)  # its imaging report dated 2026-11-21
    url = case_url(case)
    threshold = datetime.date(2026, 11, 21) + datetime.timedelta(days=settings.IMAGING_MAX_AGE_DAYS)
    late_evening = datetime.datetime.combine(threshold, datetime.time(23, 30), zoneinfo.ZoneInfo("Asia/Tokyo"))
    with time_machine.travel(late_evening, tick=False):
        client = _client(coordinator)
        client.get(url)
        _kept(client, url)
        before = client.get(url).content.decode()
    with time_machine.travel(late_evening + datetime.timedelta(hours=1), tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == late_evening.astimezone(datetime.UTC).date()
        client = _client(coordinator)
        after = _holds(client, url, settings)
    assert same_page(before) != same_page(after)


@pytest.mark.django_db
def test_hours_passing_in_the_same_day_change_nothing_on_the_page(settings):
    morning = datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC)
    with time_machine.travel(morning, tick=False):
        patient = UserFactory(email="patient@example.org")
        coordinator = UserFactory(email="coord@example.org", role="coordinator")
        case = _submitted(patient, coordinator)
        url = case_url(case)
        client = _client(coordinator)
        _kept(client, url)
    with time_machine.travel(morning + datetime.timedelta(hours=22), tick=False):
        client = _client(coordinator)
        _holds(client, url, settings)


# --- Other apps' tables -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_erasure_asked_and_confirmed(case, people, settings):
    """privacy_erasurerequest has no trigger: asking shows nothing on the case page; confirming writes the case."""
    from privacy.models import ErasureRequest

    patient, coordinator = _client(people["patient"]), _client(people["coordinator"])
    url = case_url(case)
    _flow(coordinator, url, settings, lambda: _post(patient, "privacy:erasure_ask", [], {"confirm": "yes"}))
    _flow(patient, url, settings, lambda: None)
    pending = ErasureRequest.objects.get()
    _, after = _flow(
        coordinator, url, settings, lambda: _post(coordinator, "privacy:erasure_confirm", [pending.pk], {})
    )
    assert "Aigerim Nurlanovna" not in after


@pytest.mark.django_db
def test_the_consensus_agreed_changes_the_coordinators_next_step(case, people, settings):
    from reports.models import Consensus

    type(case).objects.filter(pk=case.pk).update(state=State.IN_REVIEW)
    coordinator = _client(people["coordinator"])
    url = case_url(case)
    consensus = Consensus.objects.create(case=case, chair=people["specialist"])
    before, after = _flow(
        coordinator,
        url,
        settings,
        lambda: Consensus.objects.filter(pk=consensus.pk).update(status=Consensus.Status.FINAL),
    )
    assert "The chair has agreed the consensus" in after and "The chair has agreed the consensus" not in before


@pytest.mark.django_db
def test_account_language_followed_on_a_browser_without_a_language_cookie(case, people, settings):
    """The account's language (AccountLanguageMiddleware) is part of the key through the active language."""
    user = people["patient"]
    patient = _client(user)
    url = case_url(case)

    def to_chinese():
        user.language = "zh-hans"
        user.save(update_fields=["language"])
        patient.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)

    _, after = _flow(patient, url, settings, to_chinese)
    assert 'lang="zh-hans"' in after


@pytest.mark.django_db
def test_input_kept_from_a_refused_note_comes_back_on_a_kept_page(case, people, settings):
    """A note posted on a page that went stale (the case closed meanwhile) is refused and its text kept in the
    session (cases.kept): the next page shows it once, from a fresh rendering, and then the kept page is fresh."""
    coordinator = _client(people["coordinator"])
    url = case_url(case)
    _kept(coordinator, url)
    response = coordinator.post(reverse("cases:note_add", args=[case.reference]), {"body": ""})
    assert response.status_code in (200, 302)
    coordinator.get(url)
    _holds(coordinator, url, settings)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sequences")
@pytest.mark.django_db
def test_page_change_ids_are_handed_out_one_at_a_time():
    """The stamp assumes an id taken later is larger: a sequence cache above 1 (ids handed to each connection in
    blocks) would let a change written after a page was kept commit with a smaller id than its stamp."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_size FROM pg_sequences WHERE sequencename = 'cases_pagechange_id_seq'")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_the_chairs_page_after_the_coordinator_moves_a_hope_to_the_questions(case, people, settings):
    from cases.models import CaseAssignment

    type(case).objects.filter(pk=case.pk).update(
        goals_text="Long-term control. Is immunotherapy an option for me?", state=State.READY_FOR_MDT
    )
    CaseAssignment.objects.create(
        case=case, specialist=people["specialist"], discipline="medical_oncology", is_chair=True
    )
    chair, coordinator = _client(people["specialist"]), _client(people["coordinator"])
    _, after = _flow(
        chair,
        case_url(case),
        settings,
        lambda: _post(
            coordinator,
            "cases:question_move",
            [case.reference],
            {"sentence": "Is immunotherapy an option for me?"},
        ),
    )
    assert "Is immunotherapy an option for me?" in after


@pytest.mark.django_db
def test_a_caregiver_accepts_acts_on_a_kept_step_and_is_revoked(patient, settings):
    """allauth's account_emailaddress has no trigger: it decides only whether the link can be accepted, and the
    acceptance writes cases_casecaregiver. Revoked, the caregiver's kept step is not given: access comes first."""
    from allauth.account.models import EmailAddress

    from cases.models import Notification
    from tests.cases.test_caregivers import _link

    draft = complete_case(patient)
    owner = _client(patient)
    helper = UserFactory(email="helper@example.org", first_name="Wei", last_name="Helper")
    EmailAddress.objects.update_or_create(user=helper, email=helper.email, defaults={"verified": True, "primary": True})
    url = case_url(draft)
    _post(owner, "cases:caregiver_invite", [draft.reference], {"invite-email": helper.email})
    link = _link(Notification.objects.filter(case=draft, to_email=helper.email).latest("pk"))
    owner.get(url)
    carer = _client(helper)
    _flow(owner, url, settings, lambda: carer.post(link))
    assert "Wei Helper" in _holds(owner, url, settings)
    step = step_url(draft, "goals")
    _kept(carer, step)
    invitation = draft.caregivers.get()
    _post(owner, "cases:caregiver_revoke", [draft.reference, invitation.pk], {})
    assert carer.get(step).status_code == 404
    assert carer.get(url).status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_a_case_row_written_between_the_access_check_and_the_stamp_is_not_kept_old(settings, monkeypatch):
    """The case is read for the access check before the stamp is read. A write to the case that leaves updated_at
    as it was (the queue's bulk assignment of a coordinator; case_refresh_triage's priority) committing between
    the two is in the stamp but not in the case the page was rendered from: that page, kept, would show the old
    coordinator under a key the next request (the new row, the same updated_at, the same stamp) reads again."""
    patient = UserFactory(email="patient@example.org")
    coordinator = UserFactory(email="coord@example.org", role="coordinator", first_name="Old", last_name="Coord")
    colleague = UserFactory(email="coord2@example.org", role="coordinator", first_name="Dana", last_name="Newcoord")
    case = _submitted(patient, coordinator)
    reader = _client(colleague)
    url = case_url(case)
    _kept(reader, url)

    from cases import audit

    real_record_read = audit.record_read
    armed = {"once": True}

    def record_read_then_someone_assigns(**kwargs):
        real_record_read(**kwargs)
        if armed.pop("once", False):

            def assign():
                try:
                    response = _client(coordinator).post(
                        reverse("cases:queue_bulk_assign"), {"cases": [case.reference], "coordinator": colleague.pk}
                    )
                    assert response.status_code == 302
                finally:
                    connections.close_all()

            other = threading.Thread(target=assign)
            other.start()
            other.join(30)

    monkeypatch.setattr(audit, "record_read", record_read_then_someone_assigns)
    reader.get(url)  # the request during which the assignment commits
    case.refresh_from_db()
    assert case.coordinator_id == colleague.pk
    page = _holds(reader, url, settings)
    assert "Coordinator: Dana Newcoord" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_the_readers_own_account_written_between_sign_in_and_the_stamp_is_not_kept_old(settings, monkeypatch):
    """The same for the reader, loaded by the authentication before the stamp: their address changed from another
    device while this request runs must not stay in the kept page's menu."""
    patient = UserFactory(email="patient@example.org")
    coordinator = UserFactory(email="coord@example.org", role="coordinator")
    case = _submitted(patient, coordinator)
    reader = _client(patient)
    url = case_url(case)
    _kept(reader, url)

    from cases import audit

    real_record_read = audit.record_read
    armed = {"once": True}

    def record_read_then_the_address_changes(**kwargs):
        real_record_read(**kwargs)
        if armed.pop("once", False):

            def change():
                try:
                    type(patient).objects.filter(pk=patient.pk).update(email="li.wei@example.org")
                finally:
                    connections.close_all()

            other = threading.Thread(target=change)
            other.start()
            other.join(30)

    monkeypatch.setattr(audit, "record_read", record_read_then_the_address_changes)
    reader.get(url)
    page = _holds(reader, url, settings)
    assert "li.wei@example.org" in page
