"""The coordinator's actions on a case page, and the thread both sides write in.

Each view parses a POST, calls one service in cases.workflow or
cases.lifecycle, and returns to the case page at the section it came from
with a message saying what happened or why not. When an action is refused,
what the person typed is kept (in their session) and put back in the form,
so a long request or answer is never lost to a stale page or a typo.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, questions, workflow
from cases.access import get_case_for
from cases.errors import ActionRefused
from cases.forms import (
    AnswerForm,
    AssignmentForm,
    MeetingForm,
    MessageForm,
    NoteForm,
    PriorityForm,
    QuestionMoveForm,
    ReadyForm,
    RequestInformationForm,
    TransitionForm,
)
from cases.kept import keep
from cases.lifecycle import case_transition
from cases.models import CaseAssignment, State

ERR_CONFIRM_CLOSE = _("Tick the box to confirm that you want to close the case: it cannot be reopened.")


def _back(case, anchor=""):
    url = reverse("intake:case_detail", args=[case.reference])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _act(request, case, *, form, name: str, anchor: str, action: Callable[[dict], object], done, done_anchor=None):
    """Validate `form`, run `action(cleaned_data)`; on any refusal say why and keep the input."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ActionRefused as error:
            messages.error(request, error.message)
            for problem in error.problems:
                messages.error(request, problem)
        else:
            messages.success(request, done(form.cleaned_data) if callable(done) else done)
            return _back(case, anchor if done_anchor is None else done_anchor)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    keep(request, case, name)
    return _back(case, anchor)


@login_required
@require_POST
def transition(request, reference):
    """The plain moves: start triage, back to triage, start the MDT review, close."""
    case = get_case_for(request.user, reference, access.COORDINATE)
    form = TransitionForm(request.POST)
    to = request.POST.get("to", "")
    if to not in State.values or to == State.READY_FOR_MDT:
        messages.error(request, _("That action is not possible."))
        return _back(case)

    if to == State.CLOSED and request.POST.get("confirm") != "on":
        messages.error(request, ERR_CONFIRM_CLOSE)
        return _back(case, "actions")

    def move(data):
        case_transition(
            case=case,
            to=to,
            by=request.user,
            reason=data["reason"],
            expected_version=data["version"],
            acknowledged=set(data.get("acknowledge") or []),
        )

    done = _("The case is now “%(state)s”.") % {"state": State(to).label}
    return _act(request, case, form=form, name="transition", anchor="", action=move, done=done)


@login_required
@require_POST
def ready_for_mdt(request, reference):
    case = get_case_for(request.user, reference, access.COORDINATE)

    def ready(data):
        workflow.case_ready_for_mdt(
            case=case, by=request.user, go_ahead_reason=data["go_ahead_reason"], expected_version=data["version"]
        )

    return _act(
        request,
        case,
        form=ReadyForm(request.POST),
        name="ready",
        anchor="ready",
        action=ready,
        done=_("The case is ready for the MDT."),
        done_anchor="",
    )


@login_required
@require_POST
def request_information(request, reference):
    case = get_case_for(request.user, reference, access.COORDINATE)
    form = RequestInformationForm(request.POST, request_items=workflow.request_items(case))

    def send(data):
        workflow.information_request(
            case=case, by=request.user, body=data["body"], item_keys=data["items"], expected_version=data["version"]
        )

    return _act(
        request,
        case,
        form=form,
        name="request",
        anchor="request",
        action=send,
        done=_("The request has been sent to the patient."),
        done_anchor="thread",
    )


@login_required
@require_POST
def priority(request, reference):
    case = get_case_for(request.user, reference, access.COORDINATE)

    def save(data):
        workflow.priority_set(case=case, by=request.user, priority=data["priority"], reason=data["reason"])

    return _act(
        request,
        case,
        form=PriorityForm(request.POST),
        name="priority",
        anchor="triage",
        action=save,
        done=_("Priority saved."),
    )


@login_required
@require_POST
def assignment_add(request, reference):
    case = get_case_for(request.user, reference, access.COORDINATE)

    def add(data):
        workflow.assignment_add(
            case=case,
            by=request.user,
            specialist=data["specialist"],
            discipline=data["discipline"],
            is_chair=data["is_chair"],
        )

    return _act(
        request,
        case,
        form=AssignmentForm(request.POST, case=case),
        name="assignment",
        anchor="team",
        action=add,
        done=lambda data: _("%(name)s has been added to the team.") % {"name": data["specialist"]},
    )


@login_required
@require_POST
def assignment_change(request, reference, assignment_id, change):
    case = get_case_for(request.user, reference, access.COORDINATE)
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
    case = get_case_for(request.user, reference, access.COORDINATE)
    return _act(
        request,
        case,
        form=MeetingForm(request.POST),
        name="meeting",
        anchor="team",
        action=lambda data: workflow.meeting_set(case=case, by=request.user, when=data["meeting_at"]),
        done=_("MDT meeting saved."),
    )


@login_required
@require_POST
def note_add(request, reference):
    case = get_case_for(request.user, reference, access.WRITE_NOTE)
    return _act(
        request,
        case,
        form=NoteForm(request.POST),
        name="note",
        anchor="notes",
        action=lambda data: workflow.note_add(case=case, by=request.user, body=data["body"]),
        done=_("Note added."),
    )


@login_required
@require_POST
def message_post(request, reference):
    case = get_case_for(request.user, reference, "post_message")
    return _act(
        request,
        case,
        form=MessageForm(request.POST),
        name="message",
        anchor="thread",
        action=lambda data: workflow.message_post(case=case, by=request.user, body=data["body"]),
        done=_("Message sent."),
    )


@login_required
@require_POST
def answer(request, reference):
    """The patient's answer to a request for information."""
    case = get_case_for(request.user, reference, "answer_request")
    return _act(
        request,
        case,
        form=AnswerForm(request.POST),
        name="answer",
        anchor="request",
        action=lambda data: workflow.information_answer(case=case, by=request.user, body=data["body"]),
        done=_("Thank you. Your answer has been sent to the coordinator."),
        done_anchor="thread",
    )


@login_required
@require_POST
def question_move(request, reference):
    """Move a question the patient wrote among their hopes to their questions (the coordinator or the chair)."""
    case = get_case_for(request.user, reference, access.MOVE_QUESTION)
    return _act(
        request,
        case,
        form=QuestionMoveForm(request.POST),
        name="question_move",
        anchor="hopes-questions",
        action=lambda data: questions.question_move(case=case, by=request.user, sentence=data["sentence"]),
        done=_("Moved to the patient's questions: the team now answers it."),
    )
