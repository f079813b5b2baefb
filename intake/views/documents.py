"""Records: upload, list, view, download, remove, and who has opened them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from cases import audit
from cases.access import can, get_case_for
from cases.downloads import file_response
from intake.forms import UploadForm
from intake.middleware import sent_name
from intake.services import UploadRefused, document_add, document_open, document_remove

INLINE_TYPES = {"pdf", "jpeg", "png"}


@login_required
@require_POST
def upload(request, reference):
    """Plain multi-file upload (works without JavaScript); each file stands or falls alone."""
    case = get_case_for(request.user, reference, "upload")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, case)
    added = 0
    for uploaded in form.cleaned_data["files"]:
        try:
            document_add(
                case=case,
                by=request.user,
                fileobj=uploaded,
                name=sent_name(uploaded),
                content_type=uploaded.content_type or "",
                kind=form.cleaned_data["kind"],
                document_date=form.cleaned_data["document_date"],
            )
            added += 1
        except UploadRefused as refusal:
            messages.error(request, refusal.message)
    if added:
        messages.success(request, _("%(count)d file(s) added to your case.") % {"count": added})
    return _back(request, case)


def _back(request, case):
    """Back to where the form was: the records step while the intake can be changed, else the case page."""
    if can(request.user, "edit_intake", case):
        return redirect("intake:step", reference=case.reference, step="records")
    return redirect(reverse("intake:case_detail", args=[case.reference]) + "#records")


@login_required
@require_GET
def document_list(request, reference):
    """The records table alone, refreshed by htmx while uploads finish."""
    case = get_case_for(request.user, reference)
    return render(
        request,
        "intake/_documents.html",
        {
            "case": case,
            "documents": case.documents.all(),
            "can_remove": can(request.user, "remove_document", case),
            "preview": request.GET.get("preview") == "1",
        },
    )


def _document(request, reference, document_id, action="view"):
    case = get_case_for(request.user, reference, action)
    return get_object_or_404(case.documents, pk=document_id)


@login_required
@require_GET
@xframe_options_sameorigin
def document_file(request, reference, document_id, disposition):
    document = _document(request, reference, document_id)
    inline = disposition == "view" and document.detected_type in INLINE_TYPES
    handle = document_open(document=document, by=request.user, action="view" if inline else "download")
    response = file_response(
        handle,
        field_file=document.file,
        as_attachment=not inline,
        filename=document.original_name,
        content_type=document.mime,
    )
    # A record is shown as itself, never run as a page of ours. The bytes were checked to be a PDF or an
    # image (intake.filecheck) and nosniff is on. Chromium and Safari refuse to show a PDF in a sandboxed
    # document, so a PDF gets only the framing rule; images get the full sandbox.
    if document.detected_type == "pdf":
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_delete(request, reference, document_id):
    document = _document(request, reference, document_id, "remove_document")
    document_remove(document=document, by=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": document.original_name})
    return redirect("intake:step", reference=reference, step="records")


@login_required
@require_GET
def access_log(request, reference):
    case = get_case_for(request.user, reference, "view_access_log")
    return render(request, "intake/access_log.html", {"case": case, "entries": audit.trail_for_patient(case)})
