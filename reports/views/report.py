"""The second-opinion report on the case page (an htmx panel), and its PDF files.

Coordinators prepare a version from the agreed consensus, preview it, and
release it; after release they can prepare a correction. The patient sees
released versions only (the current one first, earlier ones "superseded"),
and nothing at all before the first release. Assigned specialists see the
released versions. Anyone else gets a 404, as for any case they may not see.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from cases import access, audit, states
from cases.access import can, get_case_for
from cases.models import ReadKind
from reports import translations
from reports.documents.patient_report import report_filename, report_language
from reports.forms import PrepareForm, ReleaseForm, language_value
from reports.models import Consensus
from reports.report_release import (
    ReportError,
    amended_since_release,
    default_language,
    release_problems,
    released_reports,
    report_prepare,
    report_release,
    report_versions,
)


def _coordinator_case(request, reference):
    return get_case_for(request.user, reference, access.PREPARE_REPORT)


@login_required
@require_GET
def report_panel(request, reference):
    case = get_case_for(request.user, reference)
    return _panel(request, case)


def _panel(request, case, *, problem="", notice="", prepare_form=None, release_form=None):
    if can(request.user, access.SEE_REPORT_VERSIONS, case):
        return _coordinator_panel(request, case, problem, notice, prepare_form, release_form)
    released = released_reports(case) if can(request.user, access.READ_REPORT, case) else []
    if not released:
        return HttpResponse("")  # nothing to show before the first release
    return render(
        request,
        "reports/report/_panel_reader.html",
        {
            "case": case,
            "current": released[0],
            "earlier": released[1:],
            "for_patient": access.acts_for_patient(request.user, case),
            # The consensus was amended since: the current version is being corrected (the patient is emailed too).
            "correction_coming": bool(amended_since_release(case)),
        },
    )


def _prepare_form(case, data=None, draft=None, amended=()):
    language, bilingual = default_language(case)
    # After the chair amended the consensus, the correction starts from their reasons (the coordinator may reword).
    amended_note = " ".join(a.reason for a in amended)
    initial = {
        "correction_note": draft.correction_note if draft else amended_note,
        "language": language_value(language, bilingual),
    }
    return PrepareForm(data, initial=initial, patient_language=report_language(case))


def _coordinator_panel(request, case, problem, notice, prepare_form, release_form):
    versions = report_versions(case)
    draft = versions[0] if versions and versions[0].released_at is None else None
    released = [v for v in versions if v.released_at]
    consensus = Consensus.objects.filter(case=case).first()
    final = consensus is not None and consensus.status == Consensus.Status.FINAL
    draft_languages = translations.report_languages(draft.language, draft.bilingual) if draft else []
    may_release = draft is not None and can(request.user, access.PREPARE_REPORT, case)
    amended = amended_since_release(case)
    return render(
        request,
        "reports/report/_panel_coordinator.html",
        {
            "case": case,
            "draft": draft,
            "draft_language": " + ".join(translations.language_name(code) for code in draft_languages),
            "draft_translations": translations.case_rows(case, draft_languages) if draft else [],
            "release_blocked": release_problems(case, draft) if may_release else [],
            "released": released,
            "consensus_final": final,
            "can_prepare": final
            and case.state in states.REPORT_PREPARABLE
            and can(request.user, access.PREPARE_REPORT, case),
            "needs_note": bool(released),
            "prepare_form": prepare_form or _prepare_form(case, draft=draft, amended=amended),
            "amended": amended,
            "release_form": release_form
            or (ReleaseForm(initial={"version": draft.version, "sha256": draft.sha256}) if may_release else None),
            "problem": problem,
            "notice": notice,
        },
    )


def _back(request, case, *, problem="", notice="", **forms):
    """htmx: the panel again, with the outcome; otherwise the case page with a message."""
    if request.htmx:
        return _panel(request, case, problem=problem, notice=notice, **forms)
    if problem:
        messages.error(request, problem)
    elif notice:
        messages.success(request, notice)
    return redirect(reverse("intake:case_detail", args=[case.reference]) + "#report")


@login_required
@require_POST
def report_prepare_view(request, reference):
    case = _coordinator_case(request, reference)
    form = _prepare_form(case, request.POST)
    if not form.is_valid():
        return _back(request, case, problem=_("Please check the language and the correction note."), prepare_form=form)
    language, bilingual = form.cleaned_data["language"]
    try:
        report = report_prepare(
            case=case,
            by=request.user,
            correction_note=form.cleaned_data["correction_note"],
            language=language,
            bilingual=bilingual,
        )
    except ReportError as error:
        return _back(request, case, problem=error.message, prepare_form=form)
    notice = _("Version %(n)s is ready. Open it to check it, then release it.") % {"n": report.version}
    return _back(request, case, notice=notice)


@login_required
@require_POST
def report_release_view(request, reference):
    case = _coordinator_case(request, reference)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        problem = " ".join(e for errors in form.errors.values() for e in errors)
        return _back(request, case, problem=problem, release_form=form)
    report = get_object_or_404(case.patient_reports, version=form.cleaned_data["version"])
    try:
        report_release(report=report, by=request.user, expected_sha256=form.cleaned_data["sha256"])
    except ReportError as error:
        return _back(request, case, problem=error.message)
    notice = _("Version %(n)s has been released. The patient has been emailed.") % {"n": report.version}
    if request.htmx:
        # The case's state and the next steps on the page changed too: reload the whole page
        # (a redirect to the same page with "#report" would only scroll).
        messages.success(request, notice)
        return HttpResponseClientRefresh()
    return _back(request, case, notice=notice)


@login_required
@require_GET
def report_file(request, reference, version):
    """One version as PDF, inline (or ?download=1): coordinators any version, everyone else released ones only."""
    case = get_case_for(request.user, reference, access.READ_REPORT)
    reports = case.patient_reports.all()
    if not can(request.user, access.SEE_REPORT_VERSIONS, case):
        reports = reports.filter(released_at__isnull=False)
    report = get_object_or_404(reports, version=version)
    audit.record_read(user=request.user, case=case, what=ReadKind.REPORT, obj=report, detail=str(report.version))
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=request.GET.get("download") == "1",
        filename=report_filename(case, report.version),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
