"""The case packet on the coordinator's case page, and its files.

The panel is a partial: the case page loads it with htmx and it refreshes
itself every 2 s while a packet is being compiled. Only the care team sees
packets (coordinators, and specialists assigned to the case); anyone else gets
a 404, as for any case they may not see.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import access
from cases.access import can, get_case_for
from cases.downloads import file_response
from reports.models import Packet
from reports.packets import (
    PART_NAMES,
    PacketError,
    packet_compilable,
    packet_download_name,
    packet_file_open,
    packet_request_by_coordinator,
)

CONTENT_TYPES = {"summary": "application/pdf", "packet": "application/pdf", "archive": "application/zip"}


def _panel(request, case, problem=""):
    packets = list(case.packets.select_related("requested_by"))
    latest = packets[0] if packets else None
    return render(
        request,
        "reports/packet/_panel.html",
        {
            "case": case,
            "latest": latest,
            "earlier": [p for p in packets[1:] if p.status == Packet.Status.DONE],
            "can_compile": can(request.user, access.COMPILE_PACKET, case) and packet_compilable(case),
            "polling": latest is not None and latest.is_active,
            "problem": problem,
        },
    )


@login_required
@require_GET
def packet_panel(request, reference):
    return _panel(request, get_case_for(request.user, reference, access.SEE_PACKET))


@login_required
@require_POST
def packet_compile_view(request, reference):
    """'Compile again' and 'Try again': coordinators only."""
    case = get_case_for(request.user, reference, access.COMPILE_PACKET)
    problem = ""
    try:
        packet_request_by_coordinator(case=case, by=request.user)
    except PacketError as error:
        problem = error.message
    if request.htmx:
        return _panel(request, case, problem=problem)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("The packet is being compiled."))
    return redirect(reverse("intake:case_detail", args=[case.reference]) + "#packet")


@login_required
@require_GET
def packet_file(request, reference, version, part):
    case = get_case_for(request.user, reference, access.SEE_PACKET)
    if part not in PART_NAMES:
        raise Http404
    packet = get_object_or_404(case.packets, version=version, status=Packet.Status.DONE)
    handle = packet_file_open(packet=packet, part=part, by=request.user)
    response = file_response(
        handle,
        field_file=getattr(packet, part),
        as_attachment=part == "archive",
        filename=packet_download_name(packet, part),
        content_type=CONTENT_TYPES[part],
    )
    return private(response)


def private(response):
    # No CSP "sandbox" here: Chrome's and Safari's PDF viewers refuse to run in a sandboxed
    # document. These files are PDFs or a ZIP we made, sent with their own type and nosniff
    # (SECURE_CONTENT_TYPE_NOSNIFF), so the browser never reads them as a page of ours.
    response["Cache-Control"] = "private, no-store"
    return response
