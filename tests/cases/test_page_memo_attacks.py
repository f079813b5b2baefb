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

    writer = _Writer(lambda: CaseNote.objects.create(case=case, author=coordinator, body="Written in a long transaction"))
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
        return sum(
            sys.getsizeof(page) + sum(sys.getsizeof(part) for part in key) for key, page in store._pages.items()
        )


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
