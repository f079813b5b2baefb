"""A patient's data archive: requested on "My data", built by a worker, downloaded by them alone, swept when old.

The archive holds, per case: what they entered (answers.json: the intake fields, the clinical rows and the
messages they wrote), their records as stored (checked against the SHA-256 taken at upload), the released
reports (never a version being prepared) and their patient copy, and the access log (who opened the case)
as CSV; README.txt, in the patient's language, says what is where.

It is never held in memory whole: records are streamed from storage into a ZIP in a temporary file under
the data folder, and the ZIP is stored through the storage API. A build is claimed with a conditional
UPDATE (queued → running), so a second message for the same export does nothing.
"""

import csv
import hashlib
import io
import json
import logging
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError, transaction
from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from cases import audit
from cases.jobs import enqueue
from cases.models import Case, ReadKind
from config import datadirs
from privacy.models import DataExport

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OSError, OperationalError)
CHUNK = 1024 * 1024

# DataExport.error keeps a code; the patient reads the label in their language.
ERR_CHECKSUM = "checksum"
ERR_MISSING = "missing"
ERR_INTERNAL = "internal"
ERRORS = {
    ERR_CHECKSUM: _(
        "One of your records no longer matches the file you uploaded. The service has been told; please try again later."
    ),
    ERR_MISSING: _(
        "One of your records could not be found in storage. The service has been told; please try again later."
    ),
    ERR_INTERNAL: _("The archive could not be built. Please try again later."),
}

# Fields of a case that are the service's bookkeeping, not what the patient entered.
_NOT_ANSWERS = {
    "id",
    "owner",
    "version",
    "coordinator",
    "priority",
    "suggested_priority",
    "priority_override",
    "priority_reason",
    "completeness_score",
    "intake_steps_saved",
}


class ExportFailed(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- Requesting and reading ---------------------------------------------------------------------


def data_export_request(*, user) -> DataExport:
    """A new archive for `user`, or the one still being built; the build is enqueued after commit."""
    with transaction.atomic():
        active = data_exports_for(user).filter(status__in=[DataExport.Status.QUEUED, DataExport.Status.RUNNING]).first()
        if active is not None:
            return active
        export = DataExport.objects.create(requested_by=user)
        transaction.on_commit(lambda: data_export_enqueue(export_id=export.pk), robust=True)
    return export


def data_export_enqueue(*, export_id: int) -> bool:
    try:
        enqueue("privacy.tasks.build_data_export", export_id)
    except Exception:  # noqa: BLE001 - a broker that is down must not lose the request: the sweeper retries
        log.exception("Could not enqueue data export %s; the sweeper will", export_id)
        return False
    return True


def data_exports_for(user):
    """The archives `user` asked for (and only those): the selector every export view fetches through."""
    return DataExport.objects.filter(requested_by_id=user.pk)


def data_export_open(*, export: DataExport, by):
    """Open a finished archive through the storage API, recording the download in the audit trail."""
    audit.record_own(user=by, what=ReadKind.DATA_EXPORT, reference=f"export-{export.pk}", obj_id=export.pk)
    return export.file.open("rb")


def data_export_error(export: DataExport) -> str:
    return str(ERRORS.get(export.error, ERRORS[ERR_INTERNAL])) if export.error else ""


# --- Building -----------------------------------------------------------------------------------


def data_export_build(*, export_id: int) -> DataExport | None:
    """Build export `export_id` if it is waiting; None if another worker has it or it is finished."""
    if not DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).update(
        status=DataExport.Status.RUNNING, started_at=timezone.now(), percent=0
    ):
        return None
    export = DataExport.objects.select_related("requested_by").get(pk=export_id)
    try:
        name, size = _build_and_store(export)
    except ExportFailed as failure:
        _finish(export, status=DataExport.Status.FAILED, error=failure.code)
    except TRANSIENT_ERRORS:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.QUEUED, attempts=export.attempts + 1)
        raise
    except Exception:  # noqa: BLE001 - any other failure is shown to the patient, not retried forever
        log.exception("Data export %s failed", export_id)
        _finish(export, status=DataExport.Status.FAILED, error=ERR_INTERNAL)
    else:
        _finish(
            export,
            status=DataExport.Status.DONE,
            file=name,
            size=size,
            percent=100,
            expires_at=timezone.now() + timedelta(days=settings.DATA_EXPORT_DAYS),
        )
    return DataExport.objects.get(pk=export_id)


def _finish(export: DataExport, **fields) -> None:
    DataExport.objects.filter(pk=export.pk).update(finished_at=timezone.now(), **fields)


def _build_and_store(export: DataExport) -> tuple[str, int]:
    user = export.requested_by
    # A scratch file in this worker's work folder (config.datadirs): removed when done, or at the next
    # worker start if this one is killed.
    work_dir = datadirs.process_work_dir()
    cases = list(Case.objects.filter(owner=user).order_by("created_at", "pk"))
    language = user.language or settings.LANGUAGE_CODE
    with tempfile.NamedTemporaryFile(dir=work_dir, prefix="export-", suffix=".zip") as tmp:
        with (
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
            translation.override(language),
        ):
            for index, case in enumerate(cases, start=1):
                _add_case(archive, case)
                DataExport.objects.filter(pk=export.pk).update(percent=int(90 * index / len(cases)))
            archive.writestr(
                "README.txt", render_to_string("privacy/export_readme.txt", {"user": user, "cases": cases})
            )
        tmp.flush()
        size = Path(tmp.name).stat().st_size
        tmp.seek(0)
        field = DataExport._meta.get_field("file")
        name = field.storage.save(field.generate_filename(export, "data.zip"), File(tmp, name="data.zip"))
    return name, size


def _add_case(archive: zipfile.ZipFile, case: Case) -> None:
    folder = PurePosixPath(case.reference)
    answers = case_answers(case)
    archive.writestr(
        str(folder / "answers.json"), json.dumps(answers, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    )
    for index, document in enumerate(case.documents.all(), start=1):
        _add_stored(
            archive,
            document.file,
            str(folder / "records" / _safe_name(index, document.original_name)),
            sha256=document.sha256,
        )
    for report in case.patient_reports.filter(released_at__isnull=False):
        _add_stored(
            archive, report.file, str(folder / "reports" / f"report-v{report.version}.pdf"), sha256=report.sha256
        )
    copy = getattr(case, "patient_copy", None)
    if copy is not None and copy.file:
        _add_stored(archive, copy.file, str(folder / "patient-copy.pdf"))
    with archive.open(str(folder / "access-log.csv"), "w", force_zip64=True) as raw:
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
            write_access_log(case, out)


def _safe_name(index: int, original: str) -> str:
    # The original name is kept as far as it is safe: no folders, no "..", no control characters.
    name = get_valid_filename(PurePosixPath(original.replace("\\", "/")).name) or "file"
    return f"{index:02d}-{name}"[:150]


def _add_stored(archive: zipfile.ZipFile, field_file, member: str, *, sha256: str = "") -> None:
    """Stream a stored file into the archive, checking it against the checksum taken when it was stored."""
    try:
        source = field_file.open("rb")
    except FileNotFoundError:
        raise ExportFailed(ERR_MISSING) from None
    digest = hashlib.sha256()
    with (
        source,
        archive.open(zipfile.ZipInfo(member, date_time=timezone.now().timetuple()[:6]), "w", force_zip64=True) as out,
    ):
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if sha256 and digest.hexdigest() != sha256:
        log.error("Stored file %s no longer matches its checksum", field_file.name)
        raise ExportFailed(ERR_CHECKSUM)


def _row(obj: Model, *, exclude=("id", "case")) -> dict:
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in exclude}


def case_answers(case: Case) -> dict:
    """What the patient entered on `case`: the intake fields, the clinical rows and the messages they wrote."""
    answers = _row(case, exclude=_NOT_ANSWERS)
    answers["state"] = case.state
    return {
        "case": answers,
        "biomarkers": [_row(b) for b in case.biomarkers.all()],
        "treatment_lines": [_row(t) for t in case.treatment_lines.all()],
        "local_treatments": [_row(t) for t in case.local_treatments.all()],
        "response_assessments": [
            _row(r, exclude=("id", "case", "entered_by")) for r in case.response_assessments.all()
        ],
        "ecog_records": [_row(r) for r in case.ecog_records.all()],
        "lab_results": [_row(r) for r in case.labs.all()],
        "documents": [
            _row(d, exclude=("id", "case", "file", "uploaded_by", "metadata_status")) for d in case.documents.all()
        ],
        "messages": [
            {"at": m.created_at, "kind": m.kind, "body": m.body}
            for m in case.messages.filter(Q(author_id=case.owner_id) | Q(author__caregiving__case=case)).distinct()
        ],
    }


ACCESS_LOG_HEADER = ["at", "who", "role", "what", "detail"]


def write_access_log(case: Case, out) -> None:
    """Who opened the case's records, as the patient's access log shows it, written row by row to `out`."""
    writer = csv.writer(out)
    writer.writerow(ACCESS_LOG_HEADER)
    for record in audit.reads_by_others(case).iterator(chunk_size=2000):
        writer.writerow(
            [
                record.at.isoformat(),
                record.reader_name or record.reader_email,
                audit.role_label(record),
                audit.what_label(record),
                record.detail,
            ]
        )


# --- The sweeper --------------------------------------------------------------------------------


def data_exports_sweep(*, now=None) -> dict:
    """Delete expired archives' files; enqueue exports never started or whose worker died. Returns counts."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(status=DataExport.Status.DONE, expires_at__lte=now):
        name = export.file.name
        # Conditional: the row is marked expired once, and its file deleted by whoever marked it.
        if DataExport.objects.filter(pk=export.pk, status=DataExport.Status.DONE).update(
            status=DataExport.Status.EXPIRED, file=""
        ):
            _delete_file(name)
            expired += 1
    stale = now - timedelta(hours=1)
    DataExport.objects.filter(status=DataExport.Status.RUNNING, started_at__lt=stale).update(
        status=DataExport.Status.QUEUED
    )
    waiting = DataExport.objects.filter(status=DataExport.Status.QUEUED, created_at__lt=now - timedelta(minutes=5))
    enqueued = sum(data_export_enqueue(export_id=pk) for pk in waiting.values_list("pk", flat=True)[:100])
    return {"expired": expired, "enqueued": enqueued}


def _delete_file(name: str) -> None:
    if not name:
        return
    try:
        DataExport._meta.get_field("file").storage.delete(name)
    except OSError:
        log.warning("Could not delete data export %s", name, exc_info=True)
