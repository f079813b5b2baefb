from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import can, get_case_for
from cases.assessment import completeness_for, flags_for, gaps_for, prefetch_clinical
from cases.assessment import render as render_message
from cases.clinical.urgency import suggested_priority
from cases.lifecycle import TransitionError, allowed_targets, case_transition
from cases.models import Case, State
from cases.services import case_create, case_submit
from intake.steps import STEPS, step_states


def home(request):
    if not request.user.is_authenticated:
        return render(request, "intake/landing.html")
    return redirect("intake:case_list")


@login_required
def case_list(request):
    cases = Case.objects.visible_to(request.user).distinct().select_related("owner").order_by("-updated_at")
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(request, "intake/case_list.html", {"page": page})


@login_required
@require_POST
def case_start(request):
    if not request.user.is_patient:
        messages.error(request, _("Only patients and caregivers start cases."))
        return redirect("intake:case_list")
    case = case_create(owner=request.user)
    return redirect("intake:step", reference=case.reference, step="diagnosis")


def _messages(items):
    return [{"item": i, "text": render_message(i.patient_message, i.params)} for i in items]


@login_required
def case_review(request, reference):
    case = get_case_for(request.user, reference)
    case = prefetch_clinical(Case.objects.filter(pk=case.pk)).select_related("owner").get()
    completeness = completeness_for(case)
    problems = []
    if request.method == "POST":
        case = get_case_for(request.user, reference, "submit")
        try:
            case_submit(case=case, by=request.user)
        except TransitionError as error:
            problems = error.problems or [error.message]
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your case %(ref)s has been submitted.") % {"ref": case.reference})
            return redirect("intake:case_detail", reference=case.reference)
    return render(
        request,
        "intake/review.html",
        {
            "case": case,
            "steps": step_states(case, completeness),
            "completeness": completeness,
            "required": _messages(completeness.required),
            "recommended": _messages(completeness.recommended),
            "stale": _messages(completeness.stale),
            "gaps": gaps_for(case),
            "problems": problems,
            "can_submit": can(request.user, "submit", case),
        },
    )


@login_required
def case_detail(request, reference):
    case = get_case_for(request.user, reference)
    events = case.events.select_related("actor")
    if request.user.is_patient:
        events = events.filter(internal=False)
    documents = case.documents.all()
    full = prefetch_clinical(Case.objects.filter(pk=case.pk)).get()
    completeness = completeness_for(full)
    return render(
        request,
        "intake/case_detail.html",
        {
            "triage": _triage(full, completeness) if request.user.is_coordinator else None,
            "case": case,
            "events": events,
            "documents": documents,
            "steps": step_states(case, completeness),
            "can_edit": can(request.user, "edit_intake", case),
            "can_withdraw": State.WITHDRAWN in allowed_targets(request.user, case),
            "first_step": STEPS[0],
        },
    )


def _triage(case, completeness):
    """What a coordinator needs at a glance: gaps, missing items and urgency, with reasons."""
    flags = flags_for(case)
    return {
        "completeness": completeness,
        "items": [
            {"item": i, "text": render_message(i.coordinator_message, i.params)}
            for i in completeness.items
            if i.code != "biomarker_gap"  # listed with their reasons under gaps
        ],
        "gaps": [g for g in gaps_for(case) if g.is_gap],
        "flags": [{"flag": f, "text": render_message(f.reason, f.params)} for f in flags],
        "priority": suggested_priority(flags),
    }


@login_required
@require_POST
def case_withdraw(request, reference):
    case = get_case_for(request.user, reference)
    try:
        case_transition(case=case, to=State.WITHDRAWN, by=request.user, reason=request.POST.get("reason", "")[:2000])
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The case has been withdrawn."))
    return redirect("intake:case_detail", reference=case.reference)
