from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, audit, changes, compiled, page_memo, workflow
from cases.access import can, get_case_for, visible_cases
from cases.assessment import CLINICAL_RELATIONS, case_with_clinical, completeness_for, gaps_for, with_clinical
from cases.assessment import render as render_message
from cases.caregivers import caregiver_rows
from cases.forms import (
    AnswerForm,
    CaregiverInviteForm,
    MessageForm,
    NoteForm,
)
from cases.kept import kept
from cases.lifecycle import TransitionError, allowed_targets, case_transition
from cases.models import Case, ReadKind, State
from cases.questions import hope_sentences
from cases.services import case_create, case_submit
from cases.triage import header_facts, triage_context
from intake.forms import UploadForm
from intake.steps import STEPS, first_unfinished, step_states, steps_done


def home(request):
    if not request.user.is_authenticated:
        return render(request, "intake/landing.html")
    if can(request.user, access.USE_QUEUE):
        return redirect("cases:queue")
    if can(request.user, access.MDT_CASES):
        return redirect("reports:mdt_cases")
    if can(request.user, access.TRANSLATIONS):
        return redirect("reports:translation_queue")
    return redirect("intake:case_list")


@login_required
def case_list(request):
    cases = visible_cases(request.user).select_related("owner").order_by("-updated_at")
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    drafts = [case for case in page.object_list if case.state == State.DRAFT]
    prefetch_related_objects(drafts, *CLINICAL_RELATIONS)  # one query per table, however many drafts
    for case in page.object_list:
        case.can_edit = can(request.user, access.EDIT_INTAKE, case)
        if case.state == State.DRAFT:
            states = step_states(case, completeness_for(case))
            case.steps_done = steps_done(states)
            case.next_step = first_unfinished(states)
    return render(request, "intake/case_list.html", {"page": page, "step_count": len(STEPS)})


@login_required
@require_POST
def case_start(request):
    if not can(request.user, access.START_CASE):
        messages.error(request, _("Only patients and caregivers start cases."))
        return redirect("intake:case_list")
    case = case_create(owner=request.user)
    return redirect("intake:step", reference=case.reference, step="diagnosis")


def _messages(items):
    return [{"item": i, "text": render_message(i.patient_message, i.params)} for i in items]


@login_required
def case_review(request, reference):
    case = get_case_for(request.user, reference)
    case = case_with_clinical(case)
    completeness = completeness_for(case)
    problems = []
    if request.method == "GET":
        audit.record_read(user=request.user, case=case, what=ReadKind.CASE_REVIEW)
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
            "can_edit": can(request.user, access.EDIT_INTAKE, case),
        },
    )


@login_required
def case_detail(request, reference):
    case = get_case_for(request.user, reference, stamped=True)
    _reader_as_person_of(case, request.user)
    audit.record_read(user=request.user, case=case, what=ReadKind.CASE_PAGE)
    memo = page_memo.Memo(request, case, "case_detail")
    tracks_changes = changes.tracks_changes(request.user, case)
    if (response := memo.kept()) is not None:  # nothing on the page changed since this reader's last look
        if tracks_changes and memo.look_due():
            changes.mark_seen(case, request.user)
        return response
    events = _events(request.user, case)
    full = with_clinical(case)  # the case page reads its case once, with every clinical row
    completeness = completeness_for(full)
    thread = compiled.related_rows(case, "messages", key=("with authors",), shape=lambda q: q.select_related("author"))
    prefetch_related_objects(thread, "documents")
    request_open = workflow.open_request_in(thread)
    states = step_states(case, completeness)
    context = {
        "case": case,
        "events": events,
        "documents": full.documents.all(),
        "steps": states,
        "continue_step": first_unfinished(states),
        "can_edit": can(request.user, "edit_intake", case),
        "can_withdraw": State.WITHDRAWN in allowed_targets(request.user, case),
        "first_step": STEPS[0],
        "show_packet": can(request.user, access.SEE_PACKET, case),
        "show_mdt": can(request.user, access.SEE_MDT, case),
        "thread": thread,
        "open_request": request_open,
        "request_items": [workflow.item_text(i) for i in request_open.items] if request_open else [],
        "request_has_gaps": bool(
            request_open and any(i["key"].startswith("biomarker_gap") for i in request_open.items)
        ),
        "answer_form": AnswerForm(initial=kept(request, case, "answer"))
        if can(request.user, "answer_request", case)
        else None,
        "message_form": MessageForm(initial=kept(request, case, "message"))
        if can(request.user, "post_message", case) and workflow.can_post_message(case)
        else None,
    }
    if case.state != State.DRAFT and can(request.user, access.UPLOAD, case):
        context["upload_form"] = UploadForm()  # records added after submission, marked as new for the team
    context.update(_people(request.user, case))
    if can(request.user, access.SEE_MDT, case):  # the care team: the diagnosis and key facts in the header
        context.update(header_facts(full))
    if can(request.user, "triage", case):
        context.update(triage_context(request, case=case, full=full, completeness=completeness))
    if can(request.user, "notes", case):
        context["notes"] = compiled.related_rows(
            case, "notes", key=("with authors",), shape=lambda q: q.select_related("author")
        )
        if can(request.user, access.WRITE_NOTE, case):
            context["note_form"] = NoteForm(initial=kept(request, case, "note"))
    if can(request.user, access.MOVE_QUESTION, case):
        sentences = hope_sentences(case.goals_text)
        context["hope_sentences"] = sentences
        context["hope_questions"] = [s for s in sentences if s["is_question"]]
        context["hope_other_sentences"] = [s for s in sentences if not s["is_question"]]
    if tracks_changes:
        # What is new to this reader is read before their visit is recorded: the marks show on this page, once.
        context["thread"] = thread = list(thread)
        context["events"] = events = list(events)
        context["documents"] = documents = list(context["documents"])
        context["changes"] = changes.changes_for(case, request.user, thread=thread, documents=documents, events=events)
        changes.mark_seen(case, request.user)
    response = render(request, "intake/case_detail.html", memo.holes(context))
    return memo.keep(response, shown_once=bool(context.get("changes") and context["changes"].any))


def _events(user, case) -> list:
    """The case's timeline for this reader: the internal events for the care team only (its SQL kept: cases.compiled)."""
    if can(user, "notes", case):
        return compiled.related_rows(case, "events", key=("with actors",), shape=lambda q: q.select_related("actor"))
    return compiled.related_rows(
        case, "events", key=("public", "with actors"), shape=lambda q: q.select_related("actor").filter(internal=False)
    )


def _reader_as_person_of(case, user) -> None:
    """The reader is the case's owner or its coordinator more often than not: the page names them (the caregivers'
    card, the header) from the user the request already loaded instead of reading them again."""
    for field in (Case.owner.field, Case.coordinator.field):
        if getattr(case, field.attname) == user.pk:
            field.set_cached_value(case, user)


def _people(user, case) -> dict:
    """Who acts for the patient: wording on the page, and the card the patient's side manages them on."""
    # The caregivers, read once (its SQL kept): for whose messages are the patient's, and the patient side's card.
    rows = caregiver_rows(case)
    context = {
        "for_patient": access.acts_for_patient(user, case),
        "patient_side_ids": access.patient_side_ids(case, rows=rows),
    }
    if not can(user, access.SEE_CAREGIVERS, case):
        return context
    context.update(
        caregivers=[c for c in rows if c.revoked_at is None],
        can_invite=can(user, access.INVITE_CAREGIVER, case),
        can_revoke=can(user, access.REVOKE_CAREGIVER, case),
        can_hand_over=can(user, access.HAND_OVER, case),
        invite_form=CaregiverInviteForm(prefix="invite"),
        hand_over_form=CaregiverInviteForm(prefix="handover"),
    )
    return context


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
