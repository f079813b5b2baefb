"""The coordinator's actions on a case page, and the thread both sides write in.

Each view parses a POST, calls one service in cases.workflow or
cases.lifecycle, and returns to the case page at the section it came from
with a message saying what happened or why not.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import workflow
from cases.access import get_case_for
from cases.forms import (
    AnswerForm,
    AssignmentForm,
    MeetingForm,
    MessageForm,
    NoteForm,
    PriorityForm,
    ReadyForm,
    RequestInformationForm,
    TransitionForm,
)
from cases.lifecycle import TransitionError, case_transition
from cases.models import CaseAssignment, State


def _back(case, anchor=""):
    url = reverse("intake:case_detail", args=[case.reference])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _transition_failed(request, error: TransitionError):
    messages.error(request, error.message)
    for problem in error.problems:
        messages.error(request, problem)


@login_required
@require_POST
def transition(request, reference):
    """The plain moves: start triage, back to triage, start the MDT review, withdraw."""
    case = get_case_for(request.user, reference, "triage")
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to"] == State.READY_FOR_MDT:
        messages.error(request, _("That action is not possible."))
        return _back(case)
    to = form.cleaned_data["to"]
    try:
        case_transition(
            case=case,
            to=to,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except TransitionError as error:
        _transition_failed(request, error)
    else:
        messages.success(request, _("The case is now “%(state)s”.") % {"state": State(to).label})
    return _back(case)


@login_required
@require_POST
def ready_for_mdt(request, reference):
    case = get_case_for(request.user, reference, "triage")
    form = ReadyForm(request.POST)
    form.is_valid()
    try:
        workflow.case_ready_for_mdt(
            case=case,
            by=request.user,
            go_ahead_reason=form.cleaned_data.get("go_ahead_reason", ""),
            expected_version=form.cleaned_data.get("version"),
        )
    except TransitionError as error:
        _transition_failed(request, error)
        return _back(case, "ready")
    messages.success(request, _("The case is ready for the MDT."))
    return _back(case)


@login_required
@require_POST
def request_information(request, reference):
    case = get_case_for(request.user, reference, "triage")
    form = RequestInformationForm(request.POST, request_items=workflow.request_items(case))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "request")
    try:
        workflow.information_request(
            case=case,
            by=request.user,
            body=form.cleaned_data["body"],
            item_keys=form.cleaned_data["items"],
            expected_version=form.cleaned_data["version"],
        )
    except (TransitionError, workflow.WorkflowError) as error:
        messages.error(request, error.message)
        for problem in getattr(error, "problems", ()):
            messages.error(request, problem)
        return _back(case, "request")
    messages.success(request, _("The request has been sent to the patient."))
    return _back(case, "thread")


@login_required
@require_POST
def priority(request, reference):
    case = get_case_for(request.user, reference, "triage")
    form = PriorityForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "triage")
    try:
        workflow.priority_set(
            case=case, by=request.user, priority=form.cleaned_data["priority"], reason=form.cleaned_data["reason"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Priority saved."))
    return _back(case, "triage")


@login_required
@require_POST
def assignment_add(request, reference):
    case = get_case_for(request.user, reference, "triage")
    form = AssignmentForm(request.POST, case=case)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "team")
    try:
        workflow.assignment_add(
            case=case,
            by=request.user,
            specialist=form.cleaned_data["specialist"],
            discipline=form.cleaned_data["discipline"],
            is_chair=form.cleaned_data["is_chair"],
        )
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s has been added to the team.") % {"name": form.cleaned_data["specialist"]})
    return _back(case, "team")


@login_required
@require_POST
def assignment_change(request, reference, assignment_id, change):
    case = get_case_for(request.user, reference, "triage")
    assignment = get_object_or_404(CaseAssignment.objects.select_related("specialist"), pk=assignment_id, case=case)
    try:
        if change == "chair":
            workflow.assignment_make_chair(case=case, by=request.user, assignment=assignment)
            messages.success(request, _("%(name)s now chairs the MDT.") % {"name": assignment.specialist})
        elif change == "remove":
            workflow.assignment_remove(case=case, by=request.user, assignment=assignment)
            messages.success(request, _("%(name)s has been removed from the team.") % {"name": assignment.specialist})
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    return _back(case, "team")


@login_required
@require_POST
def meeting(request, reference):
    case = get_case_for(request.user, reference, "triage")
    form = MeetingForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "team")
    try:
        workflow.meeting_set(case=case, by=request.user, when=form.cleaned_data["meeting_at"])
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("MDT meeting saved."))
    return _back(case, "team")


@login_required
@require_POST
def note_add(request, reference):
    case = get_case_for(request.user, reference, "notes")
    form = NoteForm(request.POST)
    if form.is_valid():
        workflow.note_add(case=case, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Note added."))
    else:
        _form_errors(request, form)
    return _back(case, "notes")


@login_required
@require_POST
def message_post(request, reference):
    case = get_case_for(request.user, reference, "post_message")
    form = MessageForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "thread")
    try:
        workflow.message_post(case=case, by=request.user, body=form.cleaned_data["body"])
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Message sent."))
    return _back(case, "thread")


@login_required
@require_POST
def answer(request, reference):
    """The patient's answer to a request for information."""
    case = get_case_for(request.user, reference, "answer_request")
    form = AnswerForm(request.POST)
    form.is_valid()
    try:
        workflow.information_answer(case=case, by=request.user, body=form.cleaned_data.get("body", ""))
    except (TransitionError, workflow.WorkflowError) as error:
        messages.error(request, error.message)
        return _back(case, "request")
    messages.success(request, _("Thank you. Your answer has been sent to the coordinator."))
    return _back(case, "thread")
