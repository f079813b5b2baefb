"""Resumable uploads: the core of the tus 1.0 protocol (creation, termination).

Patients send imaging from slow, unstable links: the browser (tus-js-client)
sends a file in chunks; after a drop it asks how far we got (HEAD) and goes
on from there (PATCH). Bytes go straight to a staging file, never into
memory; when the last byte arrives the file is checked like any upload and
moved into the private storage.
"""

import base64
import binascii
import datetime
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.http import Http404, HttpResponse, JsonResponse, UnreadablePostError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.access import get_case_for
from cases.models import UploadSession
from intake import staging
from intake.services import UploadRefused, document_add, upload_session_start, upload_staging_path

TUS_VERSION = "1.0.0"
CHUNK = 1024 * 1024


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


def _upload_for(request, reference, upload_id) -> UploadSession:
    case = get_case_for(request.user, reference, "upload")  # anonymous: 404 too
    return get_object_or_404(UploadSession, pk=upload_id, case=case, user=request.user)


@require_http_methods(["HEAD", "PATCH", "DELETE"])
def upload(request, reference, upload_id):
    try:
        session = _upload_for(request, reference, upload_id)
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
        if staging.shared():
            staging.discard(session.id)
        else:
            staging_path(session).unlink(missing_ok=True)
        session.delete()
        return _tus(HttpResponse(status=204))
    return _patch(request, session)


def _patch(request, session: UploadSession) -> HttpResponse:
    if request.content_type != "application/offset+octet-stream":
        return _error(415, _("Unexpected upload format."))
    if session.document_id:
        return _error(409, _("This file has already been received."))
    if session.error:
        return _error(422, session.error)  # refused, and its bytes are gone: nothing to continue
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return _error(400, _("The upload did not say where to continue."))
    if offset != session.offset:
        # The client thinks we are elsewhere (a chunk was lost): it will ask with HEAD.
        return _error(409, _("The upload got out of step; it will resume from the right place."))
    if staging.shared():
        return _patch_shared(request, session)
    path = staging_path(session)
    written = session.offset
    try:
        with path.open("r+b") as out:
            out.seek(written)
            out.truncate()
            while written < session.length:
                chunk = request.read(min(CHUNK, session.length - written))
                if not chunk:
                    break
                out.write(chunk)
                written += len(chunk)
    except UnreadablePostError:
        # The connection dropped mid-request: keep every byte that arrived; the browser resumes from there.
        session.offset = written
        session.save(update_fields=["offset", "updated_at"])
        return _error(400, _("The connection was interrupted; the upload will resume."))
    session.offset = written
    session.save(update_fields=["offset", "updated_at"])
    if written < session.length:
        response = _tus(HttpResponse(status=204))
        response["Upload-Offset"] = str(written)
        return response
    return _finish(request, session, path)


class StagedFile(File):
    """The finished staging file, handed to the storage as a temporary file: a storage on the same filesystem
    (FileSystemStorage) moves it into place instead of copying a file of up to 2 GB; any other storage reads it."""

    def temporary_file_path(self) -> str:
        return cast(BinaryIO, self.file).name  # the path the file was opened from


def _patch_shared(request, session: UploadSession) -> HttpResponse:
    """The same PATCH with the bytes kept in the record storage (intake.staging), for many web processes."""
    written = staging.append(session, request)
    if written < 0:
        return _error(409, _("The upload got out of step; it will resume from the right place."))
    session.save(update_fields=["updated_at"])
    if written < session.length:
        response = _tus(HttpResponse(status=204))
        response["Upload-Offset"] = str(written)
        return response
    try:
        with staging.assembled(session) as path:
            return _finish(request, session, path)
    finally:
        staging.discard(session.id)


def _finish(request, session: UploadSession, path) -> HttpResponse:
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
