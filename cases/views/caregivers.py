"""The patient's side of a case: who may act on it, and accepting an invitation to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import access, caregivers
from cases.access import get_case_for
from cases.errors import ActionRefused
from cases.forms import CaregiverInviteForm


def _back(case):
    return redirect(reverse("intake:case_detail", args=[case.reference]) + "#caregivers")


def _invite(request, reference, *, action: str, prefix: str, service, done: str):
    case = get_case_for(request.user, reference, action)
    form = CaregiverInviteForm(request.POST, prefix=prefix)
    if not form.is_valid():
        for text in form.errors.get("email", []):
            messages.error(request, str(text))
        return _back(case)
    try:
        service(case=case, by=request.user, email=form.cleaned_data["email"])
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"email": form.cleaned_data["email"]})
    return _back(case)


@login_required
@require_POST
def caregiver_invite(request, reference):
    done = _("We have emailed an invitation to %(email)s.")
    return _invite(
        request,
        reference,
        action=access.INVITE_CAREGIVER,
        prefix="invite",
        service=caregivers.caregiver_invite,
        done=done,
    )


@login_required
@require_POST
def case_hand_over(request, reference):
    done = _("We have emailed %(email)s a link to take over this case.")
    return _invite(
        request, reference, action=access.HAND_OVER, prefix="handover", service=caregivers.case_hand_over, done=done
    )


@login_required
@require_POST
def caregiver_revoke(request, reference, caregiver_id):
    case = get_case_for(request.user, reference, access.REVOKE_CAREGIVER)
    caregiver = get_object_or_404(case.caregivers, pk=caregiver_id)
    try:
        caregivers.caregiver_revoke(caregiver=caregiver, by=request.user)
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(email)s can no longer act on this case.") % {"email": caregiver.email})
    return _back(case)


@login_required
@require_http_methods(["GET", "POST"])
def caregiver_accept(request, token):
    """GET asks to confirm (a link scanner opening the email must not accept it); POST accepts."""
    if request.method == "POST":
        try:
            invitation = caregivers.caregiver_accept(token=token, user=request.user)
        except ActionRefused as error:
            return render(request, "cases/caregiver_accept.html", {"problem": error.message}, status=403)
        messages.success(request, _("You can now act on case %(ref)s.") % {"ref": invitation.case.reference})
        return redirect("intake:case_detail", reference=invitation.case.reference)
    problem = caregivers.invitation_problem(token=token, user=request.user)
    return render(request, "cases/caregiver_accept.html", {"problem": problem}, status=403 if problem else 200)
