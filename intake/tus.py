"""Resumable uploads: the core of the tus 1.0 protocol (creation, termination).

Patients send imaging from slow, unstable links: the browser (tus-js-client)
sends a file in chunks; after a drop it asks how far we got (HEAD) and goes
on from there (PATCH). Bytes go straight to a staging file, never into
memory, and into a running SHA-256 kept with the upload between requests
(intake.sha256state); when the last byte arrives the file is checked like any
upload and moved into the private storage, without being read again for its
checksum. Each chunk checks access and loads the upload in one query, holds the
staging file (and, on PostgreSQL, the upload's row) while it writes: one writer
per upload on every database. It saves its progress in one conditional UPDATE.
"""

import base64
import binascii
import datetime
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.db import OperationalError, connection, transaction
from django.http import Http404, HttpResponse, JsonResponse, UnreadablePostError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.access import get_case_for, get_upload_for
from cases.models import UploadSession
from intake import sha256state, staging
from intake.services import UploadRefused, document_add, upload_session_start, upload_staging_path

if sys.platform != "win32":
    import fcntl

TUS_VERSION = "1.0.0"
CHUNK = 1024 * 1024  # read from the request and written to the staging file in blocks of this size


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(status: int, message: str) -> HttpResponse:
    return _tus(JsonResponse({"error": message}, status=status))


def _metadata(header: str) -> dict[str, str]:
    out = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, value = pair.partition(" ")
        try:
            out[key] = base64.b64decode(value).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            out[key] = ""
    return out


def staging_path(upload: UploadSession):
    settings.UPLOAD_STAGING_DIR.mkdir(parents=True, exist_ok=True)
    return upload_staging_path(upload.id)


@require_http_methods(["POST", "OPTIONS"])
def create(request, reference):
    if request.method == "OPTIONS":
        return _options()
    if not request.user.is_authenticated:
        return _error(401, _("Please log in again to continue the upload."))
    case = get_case_for(request.user, reference, "upload")
    meta = _metadata(request.headers.get("Upload-Metadata", ""))
    try:
        length = int(request.headers.get("Upload-Length", ""))
    except ValueError:
        return _error(400, _("The upload did not say how large the file is."))
    try:
        upload = upload_session_start(
            case=case,
            by=request.user,
            filename=meta.get("filename") or "upload",
            size=length,
            kind=meta.get("kind", ""),
            content_type=meta.get("filetype", ""),
            document_date=_date(meta.get("document_date", "")),
        )
    except UploadRefused as refusal:
        return _error(413 if refusal.code == "too_large" else 400, str(refusal.message))
    if not staging.shared():
        staging_path(upload).touch()
    response = _tus(HttpResponse(status=201))
    response["Location"] = request.build_absolute_uri(reverse("intake:tus_upload", args=[case.reference, upload.id]))
    return response


def _options() -> HttpResponse:
    response = _tus(HttpResponse(status=204))
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = "creation,termination"
    response["Tus-Max-Size"] = str(settings.MAX_UPLOAD_BYTES)
    return response


def _date(value: str) -> datetime.date | None:
    """An ISO date from the metadata; anything else is no date."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_http_methods(["HEAD", "PATCH", "DELETE"])
def upload(request, reference, upload_id):
    try:
        # Access is checked on every chunk: the upload with its case and the rules' facts in one query.
        session = get_upload_for(request.user, upload_id, reference)  # anonymous: 404 too
    except Http404:
        return _error(404, _("This upload is no longer available. Please choose the file again."))
    if request.method == "HEAD":
        if session.error:
            # Refused: nothing to resume. tus-js-client then forgets it, so the same file chosen again is
            # uploaded and checked again, rather than "resumed" to a false success.
            return _error(410, session.error)
        response = _tus(HttpResponse(status=200))
        response["Upload-Offset"] = str(session.offset)
        response["Upload-Length"] = str(session.length)
        return response
    if request.method == "DELETE":
        path, upload_id = staging_path(session), session.id
        session.delete()  # first: a chunk being written then finds no row to move on, and stores nothing (_writing)
        if staging.shared():
            staging.discard(upload_id)
        else:
            path.unlink(missing_ok=True)
        return _tus(HttpResponse(status=204))
    return _patch(request, session)


def _out_of_step() -> HttpResponse:
    # tus-js-client retries a 409: it asks with HEAD where we are and goes on from there.
    return _error(409, _("The upload got out of step; it will resume from the right place."))


class _Busy(Exception):
    """Another request is writing this upload's bytes."""


LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for FOR UPDATE NOWAIT meeting a held lock


@contextmanager
def _writing(session: UploadSession) -> Iterator[BinaryIO | None]:
    """Hold the upload while this request writes its bytes, with its progress read again under the hold; the
    staging file, opened for writing (None with shared staging, where each chunk is an object of its own, or
    when the file is gone).

    The race: two PATCHes at one offset (a client retrying while its first request still runs, or two tabs) both
    passed the offset check; the later one cut the staging file back to that offset while the earlier one wrote
    on, leaving a hole of zeros, and the first to finish stored a file unlike the checksum it took as the bytes
    came. The second request is answered 409 at once rather than kept until the first one ends, and the offset
    read under the hold is the one the previous writer saved (it saves before it lets go).
    """
    with _staging_held(session) as out:
        if out is not None and sys.platform != "win32":
            # The file's lock is the hold: no database transaction stays open while the bytes arrive, so a slow
            # or stalled client holds no row lock and no open transaction (a cancel, the sweep or retention
            # would wait behind it; security review). A row deleted meanwhile makes the closing conditional
            # UPDATE move nothing: the request is answered 409 and its bytes go with the unlinked file.
            _reload(session, UploadSession.objects.filter(pk=session.pk))
            yield out
            return
        with _row_held(session):  # shared staging (no file to lock), or Windows (no flock)
            yield out


@contextmanager
def _staging_held(session: UploadSession) -> Iterator[BinaryIO | None]:
    """The staging file under an exclusive flock of this request's own: on every database, SQLite included.

    flock, not fcntl's POSIX locks: a flock belongs to the open file, so two requests conflict whether they run
    in two gunicorn workers or in two threads of one, and it is let go when the file is closed, even by a worker
    that dies. It holds between the processes of one machine (UPLOAD_STAGING_DIR is local to the web processes
    by default; on a network volume flock is only as good as that filesystem's, and MDT_UPLOAD_STAGING=storage
    is the setting for several machines). Windows has no flock: there only PostgreSQL's row lock guards.
    """
    try:
        out = None if staging.shared() else staging_path(session).open("r+b", buffering=0)
    except FileNotFoundError:  # finished, refused or cancelled meanwhile: the upload's row says which
        out = None
    if out is None:
        yield None
        return
    with out:
        if sys.platform != "win32":
            try:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                raise _Busy from error
        yield out


@contextmanager
def _row_held(session: UploadSession) -> Iterator[None]:
    """On PostgreSQL, the upload's row (FOR UPDATE NOWAIT) for the chunk; elsewhere its progress read again.

    Used where no staging file can be locked: shared staging and Windows. There the row lock is the hold, and
    makes a cancellation (DELETE) wait for the chunk being written. The transaction lasts one chunk (UPLOAD_CHUNK_BYTES) and locks this row only; a PostgreSQL
    idle_in_transaction_session_timeout shorter than a chunk takes to arrive would cut it. SQLite has no row
    locks, and a transaction there (IMMEDIATE) would hold every writer of the database while a chunk arrives:
    there the staging file's lock is the hold, and shared staging's conditional UPDATE leaves one winner.
    """
    if not connection.features.has_select_for_update_nowait:
        _reload(session, UploadSession.objects.filter(pk=session.pk))
        yield
        return
    with transaction.atomic():
        fresh = UploadSession.objects.select_for_update(nowait=True).filter(pk=session.pk)
        try:
            _reload(session, fresh)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            raise _Busy from error
        yield


def _reload(session: UploadSession, fresh) -> None:
    row = fresh.values_list("offset", "sha256_state", "document_id", "error").first()
    if row is None:  # cancelled meanwhile
        raise _Busy
    session.offset, session.sha256_state, session.document_id, session.error = row


def _patch(request, session: UploadSession) -> HttpResponse:
    if request.content_type != "application/offset+octet-stream":
        return _error(415, _("Unexpected upload format."))
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return _error(400, _("The upload did not say where to continue."))
    try:
        with _writing(session) as out:
            if session.document_id:
                return _error(409, _("This file has already been received."))
            if session.error:
                return _error(422, session.error)  # refused, and its bytes are gone: nothing to continue
            if offset != session.offset:
                return _out_of_step()  # the client thinks we are elsewhere (a chunk was lost)
            if staging.shared():
                return _patch_shared(request, session)
            if out is None:  # its staging file is gone, yet the upload goes on: never write into nothing
                return _out_of_step()
            return _patch_local(request, session, out)
    except _Busy:
        return _out_of_step()


def _patch_local(request, session: UploadSession, out: BinaryIO) -> HttpResponse:
    path = staging_path(session)
    start = session.offset
    # The checksum goes on from where the last chunk left it (None: it could not, and the finished file is hashed).
    hasher = sha256state.resume(bytes(session.sha256_state), start)
    written, interrupted, hasher = _receive(request, out, start, session.length, hasher)
    # One conditional UPDATE: the offset moves on only from where this request started.
    moved = UploadSession.objects.filter(pk=session.pk, offset=start).update(
        offset=written, sha256_state=hasher.state() if hasher else b"", updated_at=timezone.now()
    )
    if not moved:
        return _out_of_step()
    session.offset = written
    if interrupted:
        # The connection dropped mid-request: every byte that arrived is kept; the browser resumes from there.
        return _error(400, _("The connection was interrupted; the upload will resume."))
    if written < session.length:
        response = _tus(HttpResponse(status=204))
        response["Upload-Offset"] = str(written)
        return response
    return _finish(request, session, path, hasher.hexdigest() if hasher else "")


def _receive(request, out: BinaryIO, start: int, length: int, hasher):
    """Write the request's bytes into the staging file from `start`: (offset reached, whether the connection
    dropped, the hasher or None if it failed). Each block is hashed on a thread while the next one is read."""
    written = start
    feed = _HashFeed(hasher)
    try:
        with feed:
            out.seek(start)
            out.truncate()
            while written < length:
                chunk = request.read(min(CHUNK, length - written))
                if not chunk:
                    break
                out.write(chunk)
                feed.put(chunk)
                written += len(chunk)
    except UnreadablePostError:
        return written, True, feed.result()
    return written, False, feed.result()


class _HashFeed:
    """Hands blocks to a hasher on a thread of its own. OpenSSL's SHA-256 runs without the GIL, so hashing one
    block overlaps reading the next from the socket and writing it (a third of an upload's time when in turn)."""

    def __init__(self, hasher):
        self._hasher = hasher
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)  # at most a few MB waiting
        self._thread: threading.Thread | None = None
        self._failed = False

    def __enter__(self):
        if self._hasher is not None:
            self._thread = threading.Thread(target=self._run, name="tus-sha256", daemon=True)
            self._thread.start()
        return self

    def put(self, block: bytes) -> None:
        if self._thread is not None:
            self._blocks.put(block)

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._blocks.put(None)
            self._thread.join()

    def _run(self) -> None:
        while (block := self._blocks.get()) is not None:
            if not self._failed:
                try:
                    self._hasher.update(block)
                except Exception:  # noqa: BLE001 - a checksum that failed is taken again from the finished file
                    self._failed = True

    def result(self):
        return None if self._failed else self._hasher


class StagedFile(File):
    """The finished staging file, handed to the storage as a temporary file: a storage on the same filesystem
    (FileSystemStorage) moves it into place instead of copying a file of up to 2 GB; any other storage reads it."""

    def temporary_file_path(self) -> str:
        return cast(BinaryIO, self.file).name  # the path the file was opened from


def _patch_shared(request, session: UploadSession) -> HttpResponse:
    """The same PATCH with the bytes kept in the record storage (intake.staging), for many web processes."""
    written = staging.append(session, request)  # also moves the offset and updated_at on
    if written < 0:
        return _out_of_step()
    if written < session.length:
        response = _tus(HttpResponse(status=204))
        response["Upload-Offset"] = str(written)
        return response
    try:
        with staging.assembled(session) as (path, sha256):
            return _finish(request, session, path, sha256)
    finally:
        staging.discard(session.id)


def _finish(request, session: UploadSession, path, sha256: str = "") -> HttpResponse:
    try:
        with StagedFile(path.open("rb")) as fh:
            document = document_add(
                case=session.case,
                by=request.user,
                fileobj=fh,
                name=session.filename,
                content_type=session.content_type,
                kind=session.kind,
                document_date=session.document_date,
                sha256=sha256,
            )
    except UploadRefused as refusal:
        path.unlink(missing_ok=True)
        session.error = str(refusal.message)
        session.save(update_fields=["error"])
        # tus-js-client does not retry a 4xx; the page shows this message beside the file.
        return _error(422, str(refusal.message))
    path.unlink(missing_ok=True)
    session.document = document
    session.save(update_fields=["document"])
    response = _tus(HttpResponse(status=204))
    response["Upload-Offset"] = str(session.offset)
    response["X-Document-Id"] = str(document.pk)
    return response
