"""What the patient's actions do: saving intake steps and handling records."""

import datetime
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import audit
from cases.clinical import codes
from cases.errors import ActionRefused
from cases.jobs import enqueue
from cases.models import Biomarker, Case, CaseEvent, Document, ReadKind, UploadSession
from cases.models.documents import DocumentKind
from cases.services import case_mark_step_saved, case_record_consent, case_refresh_triage
from intake import biomarker_rows, editors, filecheck, staging, stepsave
from intake.edits import step_changes

log = logging.getLogger(__name__)

ERR_DUPLICATE = _("%(name)s was already uploaded to this case as “%(existing)s”; it was not added again.")
ERR_UPLOAD_KIND = _("Choose what kind of record %(name)s is.")


class UploadRefused(ActionRefused):
    """An upload that is refused; `code` says why (e.g. "duplicate"), for the tus and form views."""

    def __init__(self, message, code="refused"):
        super().__init__(message, code=code)


def limits() -> filecheck.Limits:
    return filecheck.Limits(max_bytes=settings.MAX_UPLOAD_BYTES)


def biomarkers_save(*, case, forms) -> bool:
    """Store each answered result row (bound, valid forms of intake.biomarker_forms); a cleared row is removed.

    A row edits the record whose id it carries, if that record is this case's;
    otherwise it is a new result. Only the fields the form showed are written,
    so a patient's simpler form never clears what a coordinator completed.
    Returns whether anything changed.
    """
    existing = {b.pk: b for b in case.biomarkers.all()}
    claimed = {form.cleaned_data.get("record") for form in forms}
    changed = False
    for form in forms:
        data = form.cleaned_data
        record = existing.pop(data.get("record"), None) if data.get("record") else None
        code = data.get("code") or (record.marker if record else "")
        if not code:
            continue
        if not form.answered():
            if record is not None:
                record.delete()
                changed = True
            continue
        values = form.record_values()
        if record is None:
            record = _same_result(existing, claimed, code, values)
        if record is None:
            # The page's autosave writes the new id into the row (intake.stepsave), so its next save updates it.
            form.instance = Biomarker.objects.create(case=case, marker=code, **values)
            changed = True
        elif not data.get("record"):
            form.instance = record  # the page gets this id back and edits this record from now on
        elif any(getattr(record, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(record, key, value)
            record.save()
            changed = True
    return changed


def _same_result(existing: dict, claimed: set, code: str, values: dict):
    """A record no row of this save edits that holds exactly this new row's answer, or None.

    The same answer sent twice without the id the first save gave it (a "Save and continue" pressed while the
    autosave was on its way, or two devices answering the same marker alike) is one result, not two.
    """
    for pk, record in list(existing.items()):
        if pk in claimed or record.marker != code:
            continue
        if all(getattr(record, k) == v for k, v in values.items()):
            return existing.pop(pk)
    return None


@transaction.atomic
def biomarkers_complete(*, case, by, forms) -> None:
    """A coordinator completes the biomarker records from the reports; the timeline says so."""
    if biomarkers_save(case=case, forms=forms):
        CaseEvent.objects.create(case=case, actor=by, kind="biomarkers_completed")
        case_refresh_triage(case=case)


@transaction.atomic
def biomarker_records_save(*, case: Case, data, build, by) -> stepsave.Outcome:
    """Save the coordinator's biomarker page, merged answer by answer with what was saved since it was opened.

    The page carries a snapshot of the records it showed (`_base`): a field only this page changed is saved, one
    only another tab or person changed since is kept, and one both changed differently is a conflict that keeps
    the newer saved value and shows both (stepsave, as the patient's steps do). `build(case, data)` makes
    {"formset": ...}, unbound when `data` is None.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    base = stepsave.parse_base(data.get("_base"))
    if base is not None:
        data = _claim_results_saved_since(locked, data, base, build)
    outcome = stepsave.save_step(
        data=data,
        build=lambda d: build(locked, d),
        persist=lambda forms: biomarkers_complete(case=locked, by=by, forms=forms["formset"].forms),
        base=base,
        changed_by=editors.changed_by(case=locked, step="biomarkers", data=data, by=by),
    )
    if outcome.saved:  # the patient's biomarker step shows these records: a page open there merges against them
        editors.step_edited(case=locked, step="biomarkers", by=by)
    return outcome


def _claim_results_saved_since(case: Case, data, base: dict, build):
    """An empty row of marker X on a page opened before X's first result was saved elsewhere is that result.

    Without this the older page would add its row as a second, new result of X beside the newer one. The row is
    given the record's id and the page is taken to have shown it empty (base), so the merge keeps the newer
    values, takes this page's where only it changed them, and shows a conflict where both did.
    """
    prefix = biomarker_rows.PREFIX
    shown = {key.split("#", 1)[1].split(".", 1)[0] for key in base if key.startswith(f"{prefix}#")}
    saved_since: dict[str, list[int]] = {}
    for record in case.biomarkers.order_by("pk"):
        if str(record.pk) not in shown:
            saved_since.setdefault(record.marker, []).append(record.pk)
    if not saved_since:
        return data
    data = data.copy()
    current = stepsave.snapshot(build(case, None))
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return data
    for i in range(total):
        code = data.get(f"{prefix}-{i}-marker", "")
        if data.get(f"{prefix}-{i}-record") or not saved_since.get(code):
            continue
        pk = saved_since[code].pop(0)
        data[f"{prefix}-{i}-record"] = str(pk)
        for key in current:
            if key.startswith(f"{prefix}#{pk}."):
                base.setdefault(key, [""])
    return data


def tnm_clear_if_not_staged_so(*, case: Case) -> None:
    """Blank the T, N and M of a blood cancer (cases.clinical.tnm.NO_TNM), unsaved: letters entered while the
    type was another one, or carried over, are not its staging, and its form no longer shows them to change."""
    if case.cancer_type in codes.NO_TNM:
        case.t_category = case.n_category = case.m_category = ""


@transaction.atomic
def step_save(*, case: Case, step: str, forms: dict, by=None) -> None:
    """Save one intake step from its bound, valid forms and formsets, and mark the step saved.

    The step's writes stand or fall together: a failure part-way leaves the case as it was. Once the case was
    submitted, what changed (each field's old and new value) goes on the timeline, for the team.
    """
    changes = step_changes(forms) if case.submitted_at is not None else []
    if step == "biomarkers":
        biomarkers_save(case=case, forms=forms["formset"].forms)
        forms["form"].save()
        forms["extras"].save()
    elif step == "records":
        forms["form"].save(commit=False)
        case_record_consent(case=case)
    elif step == "diagnosis":
        tnm_clear_if_not_staged_so(case=forms["form"].instance)
        forms["form"].save()
    else:
        for item in forms.values():
            item.save()
    case_mark_step_saved(case=case, step=step)
    if changes:
        CaseEvent.objects.create(case=case, actor=by, kind="intake_edited", params={"step": step, "changes": changes})


@transaction.atomic
def step_answers_save(*, case: Case, step: str, data, build, by=None) -> tuple[stepsave.Outcome, Case]:
    """Save what a step page sent, merged with what another device saved since the page was opened.

    `build(case, data)` makes the step's forms (unbound when `data` is None). Every valid answer is saved;
    an invalid one, or one in conflict, is shown back to the patient with what is saved (stepsave).
    Returns the outcome and the case as saved, with the step's new version.
    """
    # Two devices saving one step at once: the row lock makes the second merge against the first's answers.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    outcome = stepsave.save_step(
        data=data,
        build=lambda d: build(locked, d),
        persist=lambda forms: step_save(case=locked, step=step, forms=forms, by=by),
        base=stepsave.parse_base(data.get("_base")),
        changed_by=editors.changed_by(case=locked, step=step, data=data, by=by),
    )
    fresh = Case.objects.get(pk=case.pk)
    if outcome.saved:
        editors.step_edited(case=fresh, step=step, by=by)
    return outcome, fresh


def step_version(case: Case, step: str) -> int:
    return (case.intake_versions or {}).get(step, {}).get("version", 0)


def step_saved_at(case: Case, step: str) -> datetime.datetime | None:
    text = (case.intake_versions or {}).get(step, {}).get("saved_at")
    return datetime.datetime.fromisoformat(text) if text else None


def upload_session_start(
    *,
    case: Case,
    by,
    filename: str,
    size: int,
    kind: str,
    content_type: str = "",
    document_date: datetime.date | None = None,
) -> UploadSession:
    """Open a resumable upload of `size` bytes, or raise UploadRefused before any byte is sent.

    The file itself is checked by document_add once its last byte has arrived.
    """
    label = filecheck.display_name(filename)
    try:
        filecheck.check_name(filename, label)
    except filecheck.Rejected as refusal:
        raise UploadRefused(refusal.message, refusal.code) from None
    if size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES
        params = {"name": label, "size": filecheck.in_words(size), "limit": filecheck.in_words(limit)}
        raise UploadRefused(filecheck.messages.TOO_LARGE % params, "too_large")
    if size == 0:
        raise UploadRefused(filecheck.messages.EMPTY % {"name": label}, "empty")
    if kind not in DocumentKind.values:
        raise UploadRefused(ERR_UPLOAD_KIND % {"name": label}, "kind")
    return UploadSession.objects.create(
        case=case,
        user=by,
        kind=kind,
        document_date=document_date,
        filename=filename[:255],
        content_type=content_type[:100],
        length=size,
    )


def document_add(
    *, case, by, fileobj, name: str, content_type: str = "", kind: str, document_date=None, sha256: str = ""
) -> Document:
    """Check a file from its bytes and store it privately, or raise UploadRefused.

    `fileobj` is a seekable binary file already on disk (a Django temporary
    upload or a finished resumable upload): it is streamed, never read whole.
    `sha256`: its checksum if it was taken while the bytes arrived (a resumable upload); else it is taken here.
    """
    try:
        inspection = filecheck.inspect_file(
            fileobj, name=name, content_type=content_type, kind=kind, limits=limits(), sha256=sha256
        )
    except filecheck.Rejected as refusal:
        raise UploadRefused(refusal.message, refusal.code) from None
    same = case.documents.filter(sha256=inspection.sha256).first()
    if same:
        existing = filecheck.display_name(same.original_name)
        raise UploadRefused(ERR_DUPLICATE % {"name": filecheck.display_name(name), "existing": existing}, "duplicate")
    fileobj.seek(0)
    document = Document(
        case=case,
        kind=kind,
        original_name=name[:255],
        size=inspection.size,
        sha256=inspection.sha256,
        detected_type=inspection.detected_type,
        mime=inspection.mime,
        document_date=document_date,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            # A File that names a temporary file on disk (a large multipart upload, a finished resumable
            # upload) is moved into a storage on the same filesystem, not copied.
            document.file.save("upload", fileobj if isinstance(fileobj, File) else File(fileobj), save=False)
            document.save()
            CaseEvent.objects.create(case=case, actor=by, kind="document_added", message=document.original_name)
    except IntegrityError:
        # The same file arrived twice at once; the first one won.
        document.file.delete(save=False)
        label = filecheck.display_name(name)
        raise UploadRefused(ERR_DUPLICATE % {"name": label, "existing": label}, "duplicate") from None
    case_refresh_triage(case=case)
    transaction.on_commit(lambda: _enqueue_metadata(document.pk))
    return document


def _enqueue_metadata(document_id: int) -> bool:
    Document.objects.filter(pk=document_id).update(metadata_queued_at=timezone.now())
    try:
        enqueue("intake.tasks.extract_document_metadata", document_id)
    except Exception:  # noqa: BLE001 - the broker being down must not lose the upload
        log.exception("Could not enqueue metadata extraction for document %s; the sweeper will retry", document_id)
        return False
    return True


def documents_metadata_sweep() -> int:
    """Enqueue again the reading of every upload still "Reading…" METADATA_RETRY_SECONDS after it was last
    enqueued (the broker was down at upload, or lost the message). Run by every worker and by beat."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.METADATA_RETRY_SECONDS)
    waiting = Document.objects.filter(metadata_status=Document.MetadataStatus.PENDING).filter(
        models.Q(metadata_queued_at__lt=cutoff) | models.Q(metadata_queued_at__isnull=True, uploaded_at__lt=cutoff)
    )
    return sum(_enqueue_metadata(pk) for pk in waiting.values_list("pk", flat=True))


@transaction.atomic
def document_remove(*, document: Document, by) -> None:
    CaseEvent.objects.create(case=document.case, actor=by, kind="document_removed", message=document.original_name)
    storage_file = document.file
    case = document.case
    document.delete()
    case_refresh_triage(case=case)
    transaction.on_commit(lambda: storage_file.delete(save=False))


def document_open(*, document: Document, by, action: str):
    """Open a record for reading through the storage API, recording the read in the audit trail."""
    audit.record_read(user=by, case=document.case, what=ReadKind.RECORD, obj=document, detail=action)
    return document.file.open("rb")


def document_extract_metadata(*, document_id: int) -> None:
    """Read page counts and DICOM metadata (run by the worker)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return  # removed before the worker got to it
    try:
        with document.file.open("rb") as fh:
            document.metadata = filecheck.extract_metadata(fh, document.detected_type)
        document.metadata_status = Document.MetadataStatus.DONE
    except Exception:  # noqa: BLE001 - an unreadable record is shown as such, not retried forever
        log.exception("Metadata extraction failed for document %s", document_id)
        document.metadata_status = Document.MetadataStatus.FAILED
    document.save(update_fields=["metadata", "metadata_status"])
    case_refresh_triage(case=document.case)  # a DICOM study date can make imaging current


def upload_staging_path(session_id) -> Path:
    """Where a resumable upload's bytes are assembled before they are checked."""
    return Path(settings.UPLOAD_STAGING_DIR) / f"{session_id}.part"


def upload_sessions_sweep(*, now: datetime.datetime | None = None) -> int:
    """Remove refused upload sessions, and any other not touched for UPLOAD_SESSION_MAX_AGE_HOURS,
    with their staging files; then staging files left without a session. Returns sessions removed.

    A patient who closes the tab mid-upload leaves a session and a partial file
    of up to 2 GB behind; a refused file leaves a session whose bytes are gone.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.UPLOAD_SESSION_MAX_AGE_HOURS)
    removed = 0
    for session_id in _sweepable_sessions(cutoff):
        # Conditional on the same test, so a session that a PATCH just touched survives.
        deleted, _ = _sweepable(UploadSession.objects.filter(pk=session_id), cutoff).delete()
        if deleted:
            upload_staging_path(session_id).unlink(missing_ok=True)
            if staging.shared():
                staging.discard(session_id)
            removed += 1
    _sweep_orphan_staging_files(cutoff)
    _sweep_upload_temp_files(cutoff)
    return removed


def _sweep_upload_temp_files(cutoff: datetime.datetime) -> None:
    """Multipart uploads a killed web process left in FILE_UPLOAD_TEMP_DIR (Django removes the others)."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        try:
            if path.is_file() and datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC) < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def _sweepable(sessions, cutoff):
    return sessions.filter(models.Q(updated_at__lt=cutoff) | ~models.Q(error=""))


def _sweepable_sessions(cutoff) -> list:
    return list(_sweepable(UploadSession.objects.all(), cutoff).values_list("pk", flat=True))


def _sweep_orphan_staging_files(cutoff: datetime.datetime) -> None:
    """Staging files whose session is gone (a case deleted, a crash between the two removals)."""
    folder = Path(settings.UPLOAD_STAGING_DIR)
    if not folder.is_dir():
        return
    for path in folder.glob("*.part"):
        try:
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        except FileNotFoundError:
            continue
        session_id = _uuid_or_none(path.stem)
        if modified < cutoff and (session_id is None or not UploadSession.objects.filter(pk=session_id).exists()):
            path.unlink(missing_ok=True)


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
