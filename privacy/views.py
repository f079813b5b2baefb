"""The patient's "My data" page (archive, erasure request) and the coordinators' erasure requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases import access
from privacy.erasure import (
    ErasureRefused,
    erasure_blockers,
    erasure_confirm,
    erasure_pending,
    erasure_request,
    erasure_requests_pending,
)
from privacy.export import data_export_error, data_export_open, data_export_request, data_exports_for
from privacy.models import DataExport


def _panel(request):
    latest = data_exports_for(request.user).first()
    return render(
        request,
        "privacy/_export_panel.html",
        {
            "latest": latest,
            "polling": latest is not None and latest.is_active,
            "error": data_export_error(latest) if latest else "",
        },
    )


@never_cache
@login_required
@require_GET
def my_data(request):
    access.require(request.user, access.MY_DATA)
    return render(
        request,
        "privacy/my_data.html",
        {
            "can_erase": access.can(request.user, access.REQUEST_ERASURE),
            "pending_erasure": erasure_pending(user=request.user),
        },
    )


@login_required
@require_GET
def export_panel(request):
    access.require(request.user, access.MY_DATA)
    return _panel(request)


@login_required
@require_POST
def export_request(request):
    access.require(request.user, access.MY_DATA)
    data_export_request(user=request.user)
    if request.htmx:
        return _panel(request)
    messages.success(request, _("Your archive is being built. This page shows when it is ready."))
    return redirect("privacy:my_data")


@never_cache
@login_required
@require_GET
def export_download(request, export_id):
    access.require(request.user, access.MY_DATA)
    export = get_object_or_404(data_exports_for(request.user), pk=export_id, status=DataExport.Status.DONE)
    response = FileResponse(
        data_export_open(export=export, by=request.user),
        as_attachment=True,
        filename=f"mdt-my-data-{export.finished_at:%Y%m%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def erasure_ask(request):
    access.require(request.user, access.REQUEST_ERASURE)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want your data erased."))
        return redirect("privacy:my_data")
    try:
        erasure_request(user=request.user)
    except ErasureRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Your request has been sent. A coordinator will confirm it, and we will erase your data.")
        )
    return redirect("privacy:my_data")


@never_cache
@login_required
@require_GET
def erasure_list(request):
    access.require(request.user, access.CONFIRM_ERASURE)
    pending = [{"request": r, "blockers": erasure_blockers(r)} for r in erasure_requests_pending()]
    return render(request, "privacy/erasure_requests.html", {"pending": pending})


@login_required
@require_POST
def erasure_confirm_view(request, request_id):
    access.require(request.user, access.CONFIRM_ERASURE)
    try:
        done = erasure_confirm(request_id=request_id, by=request.user)
    except ErasureRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Erased: %(cases)s. The audit trail is kept.") % {"cases": ", ".join(done.case_references) or "—"},
        )
    return redirect("privacy:erasure_list")
