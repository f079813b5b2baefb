"""Two PATCHes to one upload at once (a client retrying while its first request still runs, or two tabs), each
on its own thread and database connection, as two gunicorn workers would take them. On PostgreSQL and on SQLite
(DATABASE_URL unset)."""

import hashlib
import threading

import pytest
from django.db import connection
from django.test import Client

from tests.factories import CaseFactory, UserFactory
from tests.helpers.files import dicom_zip_bytes
from tests.intake.test_tus import create

# On every database: PostgreSQL holds the upload's row too, SQLite only the staging file (intake.tus._writing).
pytestmark = pytest.mark.django_db(transaction=True)


class _HeldStream:
    """A request body that sends `send` bytes, says so, and sends the rest only once `go` is set (a slow link)."""

    def __init__(self, data: bytes, send: int):
        self.data, self.send, self.at = data, send, 0
        self.sent, self.go = threading.Event(), threading.Event()

    def read(self, size=-1):
        if self.at >= self.send and not self.go.is_set():
            self.sent.set()
            assert self.go.wait(30), "the test never let the request go on"
        size = len(self.data) - self.at if size is None or size < 0 else size
        if not self.go.is_set():
            size = min(size, self.send - self.at)
        chunk = self.data[self.at : self.at + size]
        self.at += len(chunk)
        return chunk

    def readline(self, size=-1):
        return self.read(size)


class _Patch(threading.Thread):
    def __init__(self, client: Client, location: str, body: _HeldStream):
        super().__init__(daemon=True)
        self.client, self.location, self.body, self.status = client, location, body, None

    def run(self):
        try:
            response = self.client.patch(
                self.location,
                content_type="application/offset+octet-stream",
                HTTP_TUS_RESUMABLE="1.0.0",
                HTTP_UPLOAD_OFFSET="0",
                CONTENT_LENGTH=str(len(self.body.data)),
                CONTENT_TYPE="application/offset+octet-stream",
                **{"wsgi.input": self.body},
            )
            self.status = response.status_code
        finally:
            connection.close()  # this thread's own connection


def _wait_until(event: threading.Event, or_done: threading.Thread) -> None:
    for _ in range(300):
        if event.wait(0.1) or not or_done.is_alive():
            return
    raise AssertionError("the request neither read its body nor answered")


def test_a_retried_chunk_overlapping_the_first_is_refused_and_the_file_matches_its_checksum():
    patient = UserFactory(email="patient@example.org")
    case = CaseFactory(owner=patient)
    first_tab, second_tab = Client(), Client()
    first_tab.force_login(patient)
    second_tab.force_login(patient)
    content = dicom_zip_bytes()
    location = create(first_tab, case, len(content))["Location"]

    # The first request has sent half the file when the client (or another tab) sends it again from offset 0.
    first = _Patch(first_tab, location, _HeldStream(content, len(content) // 2))
    first.start()
    _wait_until(first.body.sent, first)
    retry = _Patch(second_tab, location, _HeldStream(content, 100))
    retry.start()
    _wait_until(retry.body.sent, retry)
    # The first request's bytes then arrive, and it is the last one: the file is checked and stored.
    first.body.go.set()
    first.join(30)
    document = case.documents.first()
    stored = b""
    if document:  # read before the retry goes on: its late bytes could mend the file
        with document.file.open("rb") as fh:
            stored = fh.read()
    retry.body.go.set()
    retry.join(30)

    # Unguarded, the retry cut the file back to offset 0 under the first request: a hole of zeros in the file,
    # which the ZIP check then refused (422), or a stored file unlike its checksum.
    assert (first.status, retry.status) == (204, 409)
    assert stored == content
    assert document.sha256 == hashlib.sha256(content).hexdigest()


def test_a_cancel_is_not_kept_waiting_by_a_slow_chunk_and_nothing_of_it_is_stored():
    """A chunk arriving slowly holds no database transaction: the patient's cancel answers at once, and the chunk,
    when it ends, finds its upload gone (409) and stores nothing."""
    patient = UserFactory(email="patient@example.org")
    case = CaseFactory(owner=patient)
    uploading, cancelling = Client(), Client()
    uploading.force_login(patient)
    cancelling.force_login(patient)
    content = dicom_zip_bytes()
    location = create(uploading, case, len(content))["Location"]

    slow = _Patch(uploading, location, _HeldStream(content, len(content) // 2))
    slow.start()
    _wait_until(slow.body.sent, slow)
    cancelled = threading.Event()
    status = {}

    def cancel():
        try:
            status["delete"] = cancelling.delete(location, HTTP_TUS_RESUMABLE="1.0.0").status_code
            cancelled.set()
        finally:
            connection.close()

    canceller = threading.Thread(target=cancel, daemon=True)
    canceller.start()
    answered_while_the_chunk_was_held = cancelled.wait(10)
    slow.body.go.set()
    slow.join(30)
    canceller.join(30)

    assert answered_while_the_chunk_was_held and status["delete"] == 204
    assert slow.status == 409
    assert not case.documents.exists() and not case.upload_sessions.exists()
