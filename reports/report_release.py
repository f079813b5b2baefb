"""The second-opinion report: prepared from the agreed consensus, checked and released by a coordinator.

- ``report_prepare`` renders a version from the final consensus and stores it
  through the storage API with its SHA-256. While the newest version is
  unreleased, preparing again replaces it (same number): only released
  versions are permanent.
- ``report_release`` releases a version: from then on it never changes. The
  first release moves the case from in_review to report_issued in the same
  transaction, and the owner is emailed (cases.notifications).
- A correction after release is ``report_prepare`` with a note, then
  ``report_release``: a new version becomes current, the earlier ones are
  "superseded" and stay readable.

The lifecycle guard ``released_report_guard`` (registered in ReportsConfig.ready)
stops any path, including the generic transition view, from issuing a case
without a released report.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import notifications, states
from cases.access import people_acting_for_patient
from cases.errors import ActionRefused
from cases.lifecycle import case_transition
from cases.models import Case, CaseEvent, State
from reports import translations
from reports.models import Consensus, PatientReport

ERR_NOT_COORDINATOR = _("Only a coordinator can prepare or release the report.")
ERR_STATE = _("The report can be prepared once the case is in MDT review.")
ERR_ENDED = _("This case is closed or withdrawn: no report can be prepared or released any more.")
ERR_NO_CONSENSUS = _("The MDT chair has not agreed the consensus yet; the report is written from it.")
ERR_NOTE_NEEDED = _("Say what this version corrects: the patient sees the note next to the new version.")
ERR_ALREADY_RELEASED = _("This version has already been released.")
ERR_NOT_LATEST = _("A newer version has been prepared since; check and release that one.")
ERR_REPLACED = _("This version was prepared again since you opened it. Open the new file, check it, then release it.")
ERR_FILE_CHANGED = _("The stored file of this version does not match what was prepared. Prepare it again.")
ERR_CHANGED = _("The case or its consensus changed while the report was being prepared. Prepare it again.")
ERR_CONSENSUS_AMENDED = _(
    "The chair amended the consensus after this version was prepared. Prepare it again from the amended consensus."
)
ERR_NO_RELEASED_REPORT = _("The second-opinion report has not been released yet.")
ERR_LANGUAGE = _("Choose a language this service writes reports in.")
ERR_UNTRANSLATED = _(
    "This version cannot be released: these texts of the team have no checked translation yet (%(texts)s). "
    "Once translators have translated and checked them, prepare the version again."
)
ERR_TRANSLATIONS_CHANGED = _(
    "The translations were checked or changed after this version was prepared. Prepare it again, read it, then "
    "release it."
)


class ReportError(ActionRefused):
    """Preparing or releasing the report is refused."""


def _check_coordinator(user) -> None:
    if not user.is_coordinator:
        raise ReportError(ERR_NOT_COORDINATOR)


def report_prepare(
    *, case: Case, by, correction_note: str = "", language: str | None = None, bilingual: bool | None = None
) -> PatientReport:
    """Render a new, unreleased version from the agreed consensus and store it.

    The version number is the one after the last released version; an
    unreleased newer version (an earlier "prepare") is replaced, its file
    deleted once the new one is stored.

    The language is chosen here: by default the last version's (a correction keeps it), else the patient's
    report language; `bilingual` adds English after it. Each MDT text the team wrote in another language is
    sent for translation (reports.translations); the version shows the checked translations there are.
    """
    _check_coordinator(by)
    correction_note = correction_note.strip()
    # Render outside the transaction: a PDF takes seconds, and on SQLite an open
    # write transaction would hold every other writer for that long.
    case = Case.objects.select_related("owner").get(pk=case.pk)
    consensus, version = _prepare_check(case, correction_note)
    language, bilingual = _choose_language(case, language, bilingual)
    languages = translations.report_languages(language, bilingual)
    with transaction.atomic():
        translations.translations_request(case=case, consensus=consensus, languages=languages)
    checked = translations.checked_texts(case, consensus, languages)
    # Imported here: reports.apps imports this module in every process, and the renderer (WeasyPrint, pypdf) is
    # about 70 MB a process that never prepares a report does not need (issue 16).
    from reports.documents.patient_report import patient_report_pdf

    pdf = patient_report_pdf(
        case,
        language=language,
        bilingual=bilingual,
        version=version,
        correction_note=correction_note,
        translations=checked,
    )
    with transaction.atomic():
        # Race: two coordinators press "Prepare" at once, or the chair edits the consensus
        # while it renders. The case row lock serialises the writers; what was rendered is
        # checked against what is there now, and a change means "try again".
        locked = Case.objects.select_for_update().get(pk=case.pk)
        now_consensus, now_version = _prepare_check(locked, correction_note)
        if now_version != version or now_consensus.updated_at != consensus.updated_at:
            raise ReportError(ERR_CHANGED)
        drafts = list(locked.patient_reports.filter(released_at__isnull=True))
        old_names = [d.file.name for d in drafts if d.file]
        for draft in drafts:
            draft.delete()
        report = PatientReport(
            case=locked,
            version=version,
            language=language,
            bilingual=len(languages) > 1,
            translations=translations.fingerprint(checked),
            sha256=hashlib.sha256(pdf).hexdigest(),
            created_by=by,
            correction_note=correction_note,
            consensus_version=consensus.version,
        )
        report.file.save(f"v{version}.pdf", ContentFile(pdf), save=False)
        try:
            report.save()
        except Exception:
            report.file.storage.delete(report.file.name)
            raise
        CaseEvent.objects.create(
            case=locked,
            actor=by,
            kind="report_prepared",
            message=str(version),
            params={"languages": languages},
            internal=True,
        )
        transaction.on_commit(lambda: _delete_files(report.file.storage, old_names))
    return report


def default_language(case: Case) -> tuple[str, bool]:
    """The language (and bilingual or not) a new version starts from: the last version's, else the patient's."""
    last = case.patient_reports.order_by("-version").first()
    if last is not None:
        return last.language, last.bilingual
    from reports.documents.patient_report import report_language

    return report_language(case), False


def _choose_language(case: Case, language: str | None, bilingual: bool | None) -> tuple[str, bool]:
    default, default_bilingual = default_language(case)
    language = language or default
    if language not in dict(settings.LANGUAGES):
        raise ReportError(ERR_LANGUAGE)
    bilingual = default_bilingual if bilingual is None else bilingual
    return language, bilingual and language != translations.ENGLISH


def release_problems(case: Case, report: PatientReport) -> list[str]:
    """Why `report` cannot be released now because of its translations (empty when it can)."""
    consensus = Consensus.objects.filter(case=case, status=Consensus.Status.FINAL).first()
    if consensus is None:
        return [str(ERR_NO_CONSENSUS)]
    if report.consensus_version != consensus.version:
        return [str(ERR_CONSENSUS_AMENDED)]
    languages = translations.report_languages(report.language, report.bilingual)
    missing = translations.missing_translations(case, consensus, languages)
    if missing:
        return [str(ERR_UNTRANSLATED % {"texts": translations.describe_missing(case, missing)})]
    checked = translations.checked_texts(case, consensus, languages)
    if translations.fingerprint(checked) != (report.translations or {}):
        return [str(ERR_TRANSLATIONS_CHANGED)]
    return []


def _prepare_check(case: Case, correction_note: str) -> tuple[Consensus, int]:
    """The final consensus and the version number to prepare; ReportError if it cannot be prepared now."""
    if case.state not in states.REPORT_PREPARABLE:
        raise ReportError(ERR_ENDED if case.state in states.ENDED else ERR_STATE)
    consensus = Consensus.objects.filter(case=case, status=Consensus.Status.FINAL).first()
    if consensus is None:
        raise ReportError(ERR_NO_CONSENSUS)
    last_released = case.patient_reports.filter(released_at__isnull=False).aggregate(last=Max("version"))["last"]
    if last_released and not correction_note:
        raise ReportError(ERR_NOTE_NEEDED)
    return consensus, (last_released or 0) + 1


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def report_release(*, report: PatientReport, by, expected_sha256: str | None = None) -> PatientReport:
    """Release `report` to the patient; issue the case if it is in review; email the owner.

    `expected_sha256` is the checksum of the file the coordinator read: if the version was
    prepared again meanwhile (same number, new file), the release is refused.
    """
    _check_coordinator(by)
    with transaction.atomic():
        # Race: two coordinators release at once, or one prepares while another releases.
        # The case row lock serialises them; the second sees "already released" or "not the latest".
        case = Case.objects.select_for_update().select_related("owner").get(pk=report.case_id)
        fresh = PatientReport.objects.filter(case=case, version=report.version).first()
        if fresh is None or (expected_sha256 is not None and fresh.sha256 != expected_sha256):
            raise ReportError(ERR_REPLACED)
        report = fresh
        if report.released_at:
            raise ReportError(ERR_ALREADY_RELEASED)
        if case.state in states.ENDED:
            raise ReportError(ERR_ENDED)
        if case.patient_reports.filter(version__gt=report.version).exists():
            raise ReportError(ERR_NOT_LATEST)
        if stored_sha256(report) != report.sha256:
            raise ReportError(ERR_FILE_CHANGED)
        problems = release_problems(case, report)
        if problems:
            raise ReportError(problems[0])
        report.released_at = timezone.now()
        report.released_by = by
        report.save(update_fields=["released_at", "released_by"])
        # released_at is set first: the guard on in_review → report_issued looks for a released report.
        if case.state == State.IN_REVIEW:
            case_transition(case=case, to=State.REPORT_ISSUED, by=by)
        CaseEvent.objects.create(case=case, actor=by, kind="report_released", message=str(report.version))
        notifications.notify(
            notifications.REPORT_RELEASED,
            case=case,
            recipients=people_acting_for_patient(case),
            context={"version": report.version},
        )
    return report


def stored_sha256(report: PatientReport) -> str:
    digest = hashlib.sha256()
    with report.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def released_report_guard(case: Case, reason: str) -> list:
    """Lifecycle guard for in_review → report_issued: a released report must exist."""
    if case.patient_reports.filter(released_at__isnull=False).exists():
        return []
    return [ERR_NO_RELEASED_REPORT]


UNRELEASED_REPORT = "unreleased_report"
WARN_UNRELEASED = _(
    "Version %(n)s of the report was prepared but never released: closing the case means the patient never receives it."
)


def unreleased_report_warning(case: Case) -> list:
    """Lifecycle warning on report_issued → closed: a prepared version that was never released."""
    draft = case.patient_reports.filter(released_at__isnull=True).order_by("-version").first()
    return [WARN_UNRELEASED % {"n": draft.version}] if draft else []


# Reads -----------------------------------------------------------------------------------------------------------


def amended_since_release(case: Case):
    """The amendments of the consensus made after the latest released version was written (oldest first)."""
    released = case.patient_reports.filter(released_at__isnull=False).order_by("-version").first()
    consensus = Consensus.objects.filter(case=case, status=Consensus.Status.FINAL).first()
    if released is None or consensus is None or consensus.version <= released.consensus_version:
        return []
    return list(consensus.amendments.filter(version__gt=released.consensus_version).select_related("by"))


def released_reports(case: Case) -> list[PatientReport]:
    """Released versions, newest first: the first is current, the others superseded."""
    return list(case.patient_reports.filter(released_at__isnull=False).order_by("-version"))


def report_versions(case: Case) -> list[PatientReport]:
    """Every version, newest first (the coordinator's list)."""
    return list(case.patient_reports.select_related("created_by", "released_by").order_by("-version"))
