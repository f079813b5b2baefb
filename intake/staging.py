"""Where a resumable (tus) upload's bytes wait until the last one arrives.

`local` (the default): one file per upload in UPLOAD_STAGING_DIR, on this machine's disk (or a volume every
web process mounts). `storage` (MDT_UPLOAD_STAGING=storage, the choice with object storage): each PATCH's
bytes become one object in the record storage under `upload-staging/<upload id>/`, so consecutive chunks of
one upload can be taken by different web processes that share nothing but the database, Redis and the
object store. The upload's offset in the database is the truth: a chunk's object is named by the byte range
it holds, and the offset moves on with a conditional UPDATE, so two processes racing on one chunk leave one
winner. When the last byte has arrived the objects are streamed, in order, into one local temporary file
(FILE_UPLOAD_TEMP_DIR) that the usual checks read, and then deleted.
"""

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import NamedTemporaryFile
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from cases.models import UploadSession

PREFIX = "upload-staging"
CHUNK = 1024 * 1024


def shared() -> bool:
    return settings.UPLOAD_STAGING == "storage"


def _folder(session_id) -> str:
    return f"{PREFIX}/{session_id}"


def append(session: UploadSession, body: IO[bytes]) -> int:
    """Store the bytes of one PATCH (from session.offset on) as one object; the new offset, or -1 if another
    process moved the offset meanwhile (the object is removed and the client resumes from HEAD)."""
    start = session.offset
    with NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, prefix="tus-") as tmp:
        written = start
        while written < session.length:
            chunk = body.read(min(CHUNK, session.length - written))
            if not chunk:
                break
            tmp.write(chunk)
            written += len(chunk)
        if written == start:
            return start
        tmp.flush()
        tmp.seek(0)
        name = default_storage.save(f"{_folder(session.id)}/{start:016d}-{written:016d}-{uuid.uuid4().hex}", File(tmp))
    moved = UploadSession.objects.filter(pk=session.pk, offset=start).update(offset=written, updated_at=timezone.now())
    if not moved:
        default_storage.delete(name)
        return -1
    session.offset = written
    return written


def _parts(session_id) -> list[tuple[int, int, str]]:
    try:
        _dirs, files = default_storage.listdir(_folder(session_id))
    except FileNotFoundError:
        return []
    parts = []
    for name in files:
        start, _sep, rest = name.partition("-")
        end = rest.partition("-")[0]
        if start.isdigit() and end.isdigit():
            parts.append((int(start), int(end), f"{_folder(session_id)}/{name}"))
    return sorted(parts)


@contextmanager
def assembled(session: UploadSession) -> Iterator[tuple[Path, str]]:
    """The whole upload as one local file (removed afterwards) and its SHA-256, taken as it is written: from
    each offset, the object reaching furthest (a retried chunk may have left a shorter twin; the bytes of one
    offset are the same)."""
    parts = _parts(session.id)
    out = NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, prefix="tus-whole-", delete=False)
    digest = hashlib.sha256()
    try:
        cursor = 0
        while cursor < session.length:
            reaching = [p for p in parts if p[0] == cursor]
            if not reaching:
                raise FileNotFoundError(f"upload {session.id}: no stored bytes from offset {cursor}")
            _start, end, name = max(reaching)
            with default_storage.open(name, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
            cursor = end
        out.close()
        yield Path(out.name), digest.hexdigest()
    finally:
        out.close()
        Path(out.name).unlink(missing_ok=True)


def discard(session_id) -> None:
    for _start, _end, name in _parts(session_id):
        default_storage.delete(name)
