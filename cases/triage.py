"""The coordinator's workspace on the case page: triage at a glance, the next moves and their forms.

The case page (intake.views.cases.case_detail) shows it to whoever may triage
the case (cases.access.TRIAGE); the forms post to cases.views.case_actions.
"""

from django.utils import timezone
from django.utils.translation import get_language_info, gettext

from cases import access, compiled, states, workflow
from cases.access import can
from cases.assessment import flags_for, gaps_for
from cases.assessment import render as render_message
from cases.biomarker_view import biomarker_picture
from cases.clinical import codes
from cases.clinical.urgency import suggested_priority
from cases.forms import AssignmentForm, MeetingForm, PriorityForm, ReadyForm, RequestInformationForm
from cases.kept import kept
from cases.labels import code_label, diagnosis_line, join_list
from cases.lifecycle import allowed_targets, warnings_for
from cases.models import Case, State

# The plain moves offered as buttons; the others have their own forms.
_BUTTON_MOVES = (State.IN_TRIAGE, State.IN_REVIEW, State.CLOSED)


def triage_context(request, *, case: Case, full: Case, completeness) -> dict:
    """The coordinator's side of the case page: triage, requests, team, the move to the MDT."""
    targets = allowed_targets(request.user, case)
    # The team, read once: for the page's list and for the checks before the MDT (workflow.ready_problems).
    # Its SQL kept once per process (cases.compiled).
    compiled.prefetch_rows(
        case,
        "assignments",
        key=("team", "with specialists"),
        shape=lambda q: q.select_related("specialist").order_by("-is_chair", "discipline"),
    )
    context = {
        "full": full,
        "gaps": gaps_for(full),
        "triage": _triage(full, completeness),
        "can_edit_biomarkers": can(request.user, access.EDIT_BIOMARKERS, case),
        "moves": [(to, State(to).label) for to in targets if to in _BUTTON_MOVES],
        "assignments": case.assignments.all(),
        # Closing is final: the page asks first, and lists what the coordinator must knowingly go past.
        "close_warnings": warnings_for(case, State.CLOSED) if State.CLOSED in targets else [],
    }
    if not can(request.user, access.COORDINATE, case):
        return context  # closed or withdrawn: the coordinator reads, nobody acts
    context["priority_form"] = PriorityForm(
        initial=kept(request, case, "priority") or {"priority": case.priority_override, "reason": case.priority_reason}
    )
    if State.AWAITING_INFORMATION in targets or case.state == State.SUBMITTED:
        context["request_form"] = RequestInformationForm(
            request_items=workflow.request_items(full, completeness),
            initial={**(kept(request, case, "request") or {}), "version": case.version},
        )
    if State.READY_FOR_MDT in targets:
        context["ready_form"] = ReadyForm(initial={**(kept(request, case, "ready") or {}), "version": case.version})
        context["ready_problems"] = workflow.ready_problems(full, completeness=completeness)
    if case.state in states.TEAM_EDITABLE:
        context["assignment_form"] = AssignmentForm(case=case, initial=kept(request, case, "assignment"))
        context["meeting_form"] = MeetingForm(
            initial=kept(request, case, "meeting")
            or {"meeting_at": timezone.localtime(case.mdt_meeting_at) if case.mdt_meeting_at else None}
        )
    return context


def header_facts(case: Case) -> dict:
    """The diagnosis and the few facts staff look for first, for the case page's header (`case`: with clinical)."""
    facts = []
    if case.metastatic_sites:
        sites = join_list(code_label(codes.METASTATIC_SITES, site) for site in case.metastatic_sites)
        if case.cancer_type in codes.NO_METASTATIC_SPREAD:  # a blood cancer's sites are involvement (Lugano 2014)
            facts.append(gettext("Sites of involvement: %(sites)s") % {"sites": sites})
        else:
            facts.append(gettext("Spread: %(sites)s") % {"sites": sites})
    if case.ecog is not None:
        facts.append(gettext("ECOG %(n)s") % {"n": case.ecog})
    positives = list(
        dict.fromkeys(f"{b.marker} {b.value}".strip() for b in case.biomarkers.all() if b.result == "detected")
    )
    if positives:
        facts.append(gettext("Positive: %(markers)s") % {"markers": join_list(positives)})
    if case.report_language:
        try:
            name = get_language_info(case.report_language)["name_local"]
        except KeyError:
            name = case.report_language
        facts.append(gettext("Report in %(language)s") % {"language": name})
    return {"header_diagnosis": diagnosis_line(case), "header_facts": facts}


def _triage(case, completeness):
    """What a coordinator needs at a glance: gaps, missing items and urgency, with reasons."""
    flags = flags_for(case)
    biomarkers = biomarker_picture(case)
    return {
        "completeness": completeness,
        "items": [
            {"item": i, "text": render_message(i.coordinator_message, i.params)}
            for i in completeness.items
            if i.code != "biomarker_gap"  # listed with their reasons under gaps
        ],
        "biomarkers": biomarkers,
        "gaps": biomarkers["gaps"],
        "flags": [{"flag": f, "text": render_message(f.reason, f.params)} for f in flags],
        "priority": suggested_priority(flags),
    }
