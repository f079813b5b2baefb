"""Trying to break the kept pages (cases.page_memo) with real requests: another reader's, role's or case's page,
a page kept from before access changed, the holes, request input in the key, the triggers under erasure and
retention, and the store's size."""

import datetime
import re
import sys
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import page_memo
from cases.models import CaseAssignment, CaseCaregiver, CaseNote, State, User
from tests.factories import UserFactory, add_document, complete_case

pytestmark = pytest.mark.django_db


def case_url(case):
    return reverse("intake:case_detail", args=[case.reference])


def step_url(case, step="diagnosis"):
    return reverse("intake:step", args=[case.reference, step])


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def warm(client, url) -> str:
    """Read twice: the second is the kept page (or rendered and kept)."""
    client.get(url)
    return client.get(url).content.decode()


@pytest.fixture
def submitted(patient, coordinator):
    case = complete_case(patient, patient_name="Aigerim Nurlanovna")
    type(case).objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    case.refresh_from_db()
    add_document(case, "pathology_report", datetime.date(2026, 1, 5), name="Biopsy.pdf")
    CaseNote.objects.create(case=case, author=coordinator, body="Internal note for the team only")
    return case


# --- Concurrency: a write committed after a newer one -------------------------------------------------------------


class _Writer(threading.Thread):
    """A transaction in another connection that writes `write()`, then waits to commit until told to."""

    def __init__(self, write):
        super().__init__(daemon=True)
        self.write = write
        self.written = threading.Event()
        self.commit = threading.Event()
        self.error = None

    def run(self):
        try:
            with transaction.atomic():
                self.write()
                self.written.set()
                assert self.commit.wait(30)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            self.written.set()
        finally:
            connections.close_all()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time: ids commit in order")
@pytest.mark.django_db(transaction=True)
def test_a_write_committed_after_a_newer_change_is_never_hidden_by_a_kept_page(patient, coordinator):
    """The stamp is max(id); ids are handed out when a row is written, not when it commits. A transaction that wrote
    first and commits last (an erasure, a worker) must not leave a page kept without its change under a stamp that
    its commit does not raise."""
    case = complete_case(patient, patient_name="Aigerim Nurlanovna")
    type(case).objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    someone = UserFactory(role="patient", email="someone-else@example.org")
    client = login(coordinator)
    url = case_url(case)
    warm(client, url)

    writer = _Writer(
        lambda: CaseNote.objects.create(case=case, author=coordinator, body="Written in a long transaction")
    )
    writer.start()
    assert writer.written.wait(30) and writer.error is None
    # Meanwhile anyone's change commits with a newer id (case 0: every page's stamp moves).
    User.objects.filter(pk=someone.pk).update(first_name="Renamed")
    warm(client, url)  # rendered without the uncommitted note, and kept?
    writer.commit.set()
    writer.join(30)
    assert writer.error is None
    page = client.get(url).content.decode()
    assert "Written in a long transaction" in page
    assert "Written in a long transaction" in client.get(url).content.decode()


# --- The store's size ---------------------------------------------------------------------------------------------


def _held_bytes() -> int:
    """What the kept pages and their keys really hold in memory."""
    store = page_memo.STORE
    with store._lock:
        return sum(sys.getsizeof(page) + sum(sys.getsizeof(part) for part in key) for key, page in store._pages.items())


def test_one_reader_cannot_make_the_store_hold_more_than_its_limit(patient, submitted, settings):
    """A patient's own text with one character outside Latin-1 (an emoji in a name) makes Python hold the page at
    4 bytes a character; addresses differing by their query string are pages of their own, with long keys."""
    type(submitted).objects.filter(pk=submitted.pk).update(patient_name="Aigerim \U0001f33b Nurlanovna")
    settings.PAGE_MEMO_MB = 1
    client = login(patient)
    padding = "p" * 2000
    for n in range(60):
        assert client.get(case_url(submitted), {"n": n, "x": padding}).status_code == 200
    assert len(page_memo.STORE) > 0
    assert _held_bytes() <= 1024 * 1024


# --- Access changed after a page was kept -------------------------------------------------------------------------

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')
SECONDS = re.compile(r'data-seconds-left="[^"]*"')


def same_page(html: str) -> str:
    return SECONDS.sub("", TOKEN.sub(r"\1TOKEN", html))


def fresh(client, url, settings, **headers) -> str:
    settings.PAGE_MEMO_MB = 0
    try:
        return client.get(url, **headers).content.decode()
    finally:
        settings.PAGE_MEMO_MB = 32


def test_a_revoked_caregiver_gets_no_kept_page(patient, submitted, settings):
    carer = UserFactory(role="patient", email="carer@example.org")
    link = CaseCaregiver.objects.create(
        case=submitted, email=carer.email, invited_by=patient, user=carer, accepted_at=timezone.now()
    )
    client, owner = login(carer), login(patient)
    assert submitted.reference in warm(client, case_url(submitted))
    assert carer.email in warm(owner, case_url(submitted))
    CaseCaregiver.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert client.get(case_url(submitted)).status_code == 404
    assert client.get(step_url(submitted)).status_code == 404
    page = owner.get(case_url(submitted)).content.decode()
    assert same_page(page) == same_page(fresh(owner, case_url(submitted), settings))


def test_a_role_changed_or_a_deactivated_reader_gets_no_kept_page(submitted, coordinator):
    client = login(coordinator)
    assert "Internal note for the team only" in warm(client, case_url(submitted))
    User.objects.filter(pk=coordinator.pk).update(role="specialist")
    response = client.get(case_url(submitted))
    assert response.status_code == 404  # a specialist not assigned
    CaseAssignment.objects.create(case=submitted, specialist=coordinator, discipline="pathology")
    page = warm(client, case_url(submitted))
    assert 'href="/queue/' not in page.split("</nav>")[0]  # a specialist's menu, not the coordinator's
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    response = client.get(case_url(submitted))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_specialist_unassigned_or_a_coordinator_reassigned_gets_no_kept_page(
    submitted, specialist, coordinator, settings
):
    assignment = CaseAssignment.objects.create(case=submitted, specialist=specialist, discipline="pathology")
    theirs = login(specialist)
    warm(theirs, case_url(submitted))
    assignment.delete()
    assert theirs.get(case_url(submitted)).status_code == 404
    other = UserFactory(role="coordinator", email="next-coordinator@example.org")
    mine = login(coordinator)
    warm(mine, case_url(submitted))
    type(submitted).objects.filter(pk=submitted.pk).update(coordinator=other)
    page = mine.get(case_url(submitted)).content.decode()
    assert same_page(page) == same_page(fresh(mine, case_url(submitted), settings))


def test_a_withdrawn_case_is_shown_withdrawn_at_once(patient, submitted, settings):
    client = login(patient)
    warm(client, case_url(submitted))
    assert client.post(reverse("intake:case_withdraw", args=[submitted.reference]), {"reason": "x"}).status_code == 302
    client.get(case_url(submitted))  # the message, shown once
    page = client.get(case_url(submitted)).content.decode()
    assert same_page(page) == same_page(fresh(client, case_url(submitted), settings))
    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN


def test_an_erased_patients_data_is_gone_from_every_kept_page(patient, submitted, coordinator, settings):
    from privacy.erasure import erasure_confirm, erasure_request

    staff = login(coordinator)
    page = warm(staff, case_url(submitted))
    assert "Aigerim" in page and "Biopsy.pdf" in page and "Internal note for the team only" in page
    mine = login(patient)
    warm(mine, case_url(submitted))
    erasure_confirm(request_id=erasure_request(user=patient).pk, by=coordinator)
    staff.get(case_url(submitted))  # what is new since the last look, shown once
    page = staff.get(case_url(submitted)).content.decode()
    assert "Aigerim" not in page and "Biopsy.pdf" not in page and "Internal note for the team only" not in page
    assert same_page(page) == same_page(fresh(staff, case_url(submitted), settings))
    assert mine.get(case_url(submitted)).status_code == 302  # the account is closed


def test_records_deleted_by_retention_are_gone_from_the_kept_page(patient, submitted, coordinator, settings):
    from privacy.retention import retention_apply

    type(submitted).objects.filter(pk=submitted.pk).update(
        state=State.CLOSED, state_changed_at=timezone.now() - datetime.timedelta(days=5000)
    )
    client = login(patient)
    assert "Biopsy.pdf" in warm(client, case_url(submitted))
    assert retention_apply() == 1
    page = client.get(case_url(submitted)).content.decode()
    assert "Biopsy.pdf" not in page
    assert same_page(page) == same_page(fresh(client, case_url(submitted), settings))


def test_a_deleted_case_cascades_and_its_reference_serves_nothing(patient, submitted):
    client = login(patient)
    warm(client, case_url(submitted))
    before = page_memo.stamp(submitted.pk)
    type(submitted).objects.filter(pk=submitted.pk).delete()
    assert page_memo.stamp(submitted.pk) != before
    assert client.get(case_url(submitted)).status_code == 404


def test_another_patient_never_gets_the_page(submitted, other_patient):
    client = login(other_patient)
    assert client.get(case_url(submitted)).status_code == 404
    assert client.get(step_url(submitted)).status_code == 404


# --- The holes ----------------------------------------------------------------------------------------------------


def test_text_that_looks_like_a_hole_stays_text_and_no_response_carries_a_hole(patient, submitted, coordinator):
    """The holes are random for each process and never sent: typing their shape does nothing."""
    lookalike = "mdtcsrf" + "0" * 24 + " mdtseconds" + "0" * 24
    CaseNote.objects.create(case=submitted, author=coordinator, body=lookalike)
    type(submitted).objects.filter(pk=submitted.pk).update(patient_name="mdtcsrf" + "a" * 24)
    staff = login(coordinator)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        for _ in range(3):
            page = staff.get(case_url(submitted), **headers).content.decode()
            assert lookalike in page
            assert page_memo._CSRF_HOLE not in page and page_memo._SECONDS_HOLE not in page
    for _ in range(3):
        page = login(patient).get(step_url(submitted, "diagnosis")).content.decode()
        assert page_memo._CSRF_HOLE not in page and page_memo._SECONDS_HOLE not in page


def test_a_kept_page_carries_each_sessions_own_valid_token(coordinator, submitted):
    """The same reader on two devices: the kept page is one, each gets their own token, valid only for them."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(coordinator)
    second.force_login(coordinator)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    warm(first, case_url(submitted))
    page = second.get(case_url(submitted)).content.decode()  # the page first kept
    theirs = token.search(page).group(1)
    mine = token.search(first.get(case_url(submitted)).content.decode()).group(1)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    url = reverse("cases:note_add", args=[submitted.reference])
    # The first device's token does not pass with the second's cookie; each passes with its own.
    assert second.post(url, {"csrfmiddlewaretoken": mine, "body": "Crossed"}).status_code == 403
    assert second.post(url, {"csrfmiddlewaretoken": theirs, "body": "Own"}).status_code == 302
    assert not CaseNote.objects.filter(body="Crossed").exists()


# --- Request input and the key ------------------------------------------------------------------------------------


def test_request_input_changes_only_the_askers_own_pages(patient, submitted, coordinator, settings):
    staff = login(coordinator)
    warm(staff, case_url(submitted))
    client = login(patient)
    url = case_url(submitted)
    # A reflected query string is in the address, so in the asker's key only.
    evil = client.get(url, {"next": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in evil
    assert "alert" not in staff.get(url).content.decode()
    # htmx requests are neither served a kept page nor kept.
    kept = len(page_memo.STORE)
    staff.get(url, HTTP_HX_REQUEST="false")
    assert len(page_memo.STORE) == kept
    # Another language or time zone is another page, rendered as it should be.
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert same_page(chinese) == same_page(fresh(client, url, settings, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    client.cookies["mdt_tz"] = "Asia/Almaty"
    almaty = client.get(url).content.decode()
    assert same_page(almaty) == same_page(fresh(client, url, settings))
    # Nothing of the patient's asking reaches the coordinator's page.
    page = staff.get(url).content.decode()
    assert same_page(page) == same_page(fresh(staff, url, settings))


def test_one_reader_cannot_push_out_everyone_elses_pages(patient, submitted, coordinator, settings):
    """Query strings, languages and time zones are the reader's to choose: each is a page of its own."""
    settings.PAGE_MEMO_MB = 1
    staff = login(coordinator)
    warm(staff, case_url(submitted))
    warm(staff, case_url(submitted))
    assert any(key[2] == coordinator.pk for key in list(page_memo.STORE._pages))
    client = login(patient)
    for n in range(80):
        assert client.get(case_url(submitted), {"n": n}).status_code == 200
    assert any(key[2] == coordinator.pk for key in list(page_memo.STORE._pages))
    assert 0 < page_memo.STORE._reader_bytes[patient.pk] <= 1024 * 1024 // page_memo.READER_SHARE


def _secrets_of_every_token(html: str) -> set[str]:
    from django.middleware.csrf import _unmask_cipher_token

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"', html)
    return {_unmask_cipher_token(a or b) for a, b in tokens}


@pytest.mark.parametrize("reader", ["patient", "coordinator"])
def test_every_token_on_a_page_kept_on_another_device_is_this_devices_own(reader, patient, coordinator, submitted):
    """Each form's token (not only the base page's) unmasks to the secret of the session reading the kept page."""
    from intake.steps import STEPS

    draft = complete_case(patient)
    user = patient if reader == "patient" else coordinator
    first, second = login(user), login(user)
    urls = [case_url(submitted), case_url(draft)] + [step_url(draft, step.code) for step in STEPS]
    for url in urls:
        warm(first, url)
        for client in (first, second):
            page = client.get(url).content.decode()
            secrets = _secrets_of_every_token(page)
            assert secrets == {client.cookies["csrftoken"].value}, url


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock")
@pytest.mark.django_db(transaction=True)
def test_reading_a_stamp_leaves_no_lock_behind(patient):
    """A lock left held by a reader would stop every write: none is, in autocommit or in a transaction."""
    case = complete_case(patient)
    for atomic in (False, True):
        if atomic:
            with transaction.atomic():
                page_memo.stamp_settled(case.pk)
                held = _advisory_locks_held()
        else:
            page_memo.stamp_settled(case.pk)
            held = _advisory_locks_held()
        assert held == 0
    CaseNote.objects.create(case=case, author=patient, body="still writable")


def _advisory_locks_held() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        return cursor.fetchone()[0]


# --- A write between the reader's and the case's loading and the stamp ---------------------------------------------


def _write_once_after_the_access_check(monkeypatch, write):
    """A write committed by someone else between the access check (which loads the reader and the case) and the
    stamp: the audit record is written in between."""
    from cases import audit

    record_read, done = audit.record_read, []

    def record_then_write(**kwargs):
        record_read(**kwargs)
        if not done:
            done.append(True)
            write()

    monkeypatch.setattr(audit, "record_read", record_then_write)


def test_a_role_changed_while_the_page_is_read_is_not_kept_under_the_new_stamp(
    submitted, coordinator, monkeypatch, settings
):
    CaseAssignment.objects.create(case=submitted, specialist=coordinator, discipline="pathology")
    client = login(coordinator)
    warm(client, case_url(submitted))
    _write_once_after_the_access_check(
        monkeypatch, lambda: User.objects.filter(pk=coordinator.pk).update(role="specialist")
    )
    client.get(case_url(submitted))  # rendered for the coordinator the request loaded, under the stamp after
    page = client.get(case_url(submitted)).content.decode()
    assert same_page(page) == same_page(fresh(client, case_url(submitted), settings))


def test_a_case_changed_while_the_page_is_read_is_not_kept_under_the_new_stamp(
    submitted, coordinator, monkeypatch, settings
):
    client = login(coordinator)
    warm(client, case_url(submitted))
    _write_once_after_the_access_check(
        monkeypatch, lambda: type(submitted).objects.filter(pk=submitted.pk).update(patient_name="Changed Meanwhile")
    )
    client.get(case_url(submitted))
    page = client.get(case_url(submitted)).content.decode()
    assert "Changed Meanwhile" in page
    assert same_page(page) == same_page(fresh(client, case_url(submitted), settings))


def test_a_caregiver_revoked_while_the_owner_reads_is_not_kept(patient, submitted, monkeypatch, settings):
    carer = UserFactory(role="patient", email="carer@example.org")
    link = CaseCaregiver.objects.create(
        case=submitted, email=carer.email, invited_by=patient, user=carer, accepted_at=timezone.now()
    )
    client = login(carer)
    warm(client, case_url(submitted))
    other = Client()
    other.force_login(carer)
    _write_once_after_the_access_check(
        monkeypatch, lambda: CaseCaregiver.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    )
    client.get(case_url(submitted))  # allowed by the check before the revocation
    assert other.get(case_url(submitted)).status_code == 404


def test_a_kept_page_is_sent_with_the_same_headers_as_a_fresh_one(coordinator, submitted, settings):
    """No header the fresh response carries (caching, content type, security policy) is lost on a kept one."""
    client = login(coordinator)
    warm(client, case_url(submitted))
    kept = client.get(case_url(submitted))
    settings.PAGE_MEMO_MB = 0
    afresh = client.get(case_url(submitted))
    differs = {"X-Request-ID"}  # each request's own
    assert {k: v for k, v in kept.items() if k not in differs} == {k: v for k, v in afresh.items() if k not in differs}
