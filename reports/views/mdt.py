"""The MDT's pages: a specialist's case list, the MDT panel on the case page, the opinion and consensus forms.

Who may do what is decided by cases.access (`give_opinion`, `write_consensus`)
and the services in reports.opinions; a case the user may not see, or an
action they may not take, is a 404 like any other case they do not have.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases import access, audit, states
from cases.access import can, get_case_for, get_own_for, require
from cases.assessment import gaps_for
from cases.clinical import codes
from cases.labels import cancer_type_label, code_label, criteria_name, join_list, stage_label
from cases.models import Case, Discipline, ReadKind
from reports.forms import ConsensusForm, OpinionForm, marker_label
from reports.models import Consensus, Opinion, Packet, ResponseRead, TreatmentGoal
from reports.opinions import (
    ERR_CONSENSUS_AGREED,
    ERR_OPINION_SUBMITTED,
    OPTION_KINDS,
    MdtError,
    china_asked,
    consensus_save,
    expected_of,
    mdt_assignments_for,
    missing_opinions,
    opinion_save,
    opinions_after_leaving,
    option_kinds_for,
    patient_questions,
    recommended_tests,
)
from reports.opinions import consensus_amend as consensus_amend_service


def _case_page(case, anchor="mdt"):
    return redirect(reverse("intake:case_detail", args=[case.reference]) + f"#{anchor}")


@login_required
@require_GET
def mdt_cases(request):
    """My MDT cases: what a specialist has on, soonest meeting first, and what is expected of them."""
    require(request.user, access.MDT_CASES)
    rows = [
        {"row": row, "cancer": cancer_type_label(row.case.cancer_type), "stage": _stage(row.case)}
        for row in mdt_assignments_for(specialist=request.user)
    ]
    return render(
        request,
        "reports/mdt/cases.html",
        {
            "rows": rows,
            "needs_me": sum(1 for item in rows if item["row"].expected.needs_me),
            "left": [
                {"opinion": o, "discipline": code_label(Discipline, o.discipline)}
                for o in opinions_after_leaving(specialist=request.user)
            ],
        },
    )


def _stage(case) -> str:
    if case.stage_group == "unknown" and case.cancer_type not in codes.NO_STAGE_GROUP:
        return _("Stage not known")
    return stage_label(case.cancer_type, case.stage_group, case.histology)


def opinion_view(opinion: Opinion) -> dict:
    """An opinion as the panel and pages show it: codes turned into words in the reader's language."""
    return {
        "opinion": opinion,
        "discipline": Discipline(opinion.discipline).label if opinion.discipline in Discipline.values else "",
        "response": ResponseRead(opinion.response_category).label if opinion.response_category else "",
        "criteria": criteria_name(opinion.response_criteria),
        "tests": [marker_label(code) for code in opinion.tests_from_gaps or []],
        "options": [
            (kind.label, opinion.options[code]) for code, kind in OPTION_KINDS.items() if opinion.options.get(code)
        ],
    }


def consensus_view(case: Case, consensus: Consensus) -> dict:
    answers = consensus.answers or {}
    questions = patient_questions(case)
    return {
        "consensus": consensus,
        "tests": [marker_label(code) for code in consensus.tests_from_gaps or []],
        "answers": [(q, answers.get(q.key, "")) for q in questions],
        "history": [
            {"amendment": a, "changes": [_amended_change(c, questions) for c in a.changes]}
            for a in consensus.amendments.select_related("by")
        ],
    }


def _amended_change(change: dict, questions) -> dict:
    field = change.get("field", "")
    return {
        "label": _amended_label(field, questions),
        "old": _amended_value(field, change.get("old")),
        "new": _amended_value(field, change.get("new")),
    }


def _amended_value(field: str, value) -> str:
    """A value the history keeps (reports.opinions._shown: codes, lists joined by ", ") in the reader's words."""
    if not value:
        return ""
    if field == "goal":
        return code_label(TreatmentGoal, value)
    if field == "china":
        return code_label(Consensus.ChinaSuitability, value)
    if field == "written_in":
        return code_label(settings.LANGUAGES, value)
    if field == "tests_from_gaps":
        markers = value if isinstance(value, list) else str(value).split(", ")
        return join_list(marker_label(code) for code in markers)
    return str(value)


def _amended_label(field: str, questions) -> str:
    """An amended field's name for the reader: the consensus field's label, or the question an answer is to."""
    if field.startswith("answer:"):
        key = field.removeprefix("answer:")
        text = next((q.text for q in questions if q.key == key), key)
        return _("Answer to “%(question)s”") % {"question": text}
    try:
        return capfirst(str(Consensus._meta.get_field(field).verbose_name))  # "MDT" stays capitals
    except Exception:  # noqa: BLE001 - a field since removed: its stored name
        return field


def _team(case: Case, opinions: list[Opinion]) -> list[dict]:
    by_author = {o.author_id: o for o in opinions}
    assignments = case.assignments.select_related("specialist").order_by("-is_chair", "discipline", "pk")
    return [{"assignment": a, "opinion": by_author.get(a.specialist_id)} for a in assignments]


@login_required
@require_GET
def mdt_panel(request, reference):
    """The MDT section of the case page (an htmx fragment): packet, opinions, consensus."""
    case = get_case_for(request.user, reference, access.SEE_MDT)
    audit.record_read(user=request.user, case=case, what=ReadKind.MDT_PANEL)
    user = request.user
    opinions = list(case.opinions.select_related("author"))
    consensus = Consensus.objects.filter(case=case).first()
    team = _team(case, opinions)
    mine = next((row["assignment"] for row in team if row["assignment"].specialist_id == user.pk), None)
    submitted = [opinion_view(o) for o in opinions if o.status == Opinion.Status.SUBMITTED]
    context = {
        "case": case,
        "waiting": case.state in states.BEFORE_MDT,
        "mine": mine,
        "my_opinion": next((o for o in opinions if o.author_id == user.pk), None),
        "expected": expected_of(mine, case, opinions, consensus) if mine else None,
        "team": team,
        "submitted": submitted,
        "consensus": consensus,
        "consensus_view": consensus_view(case, consensus)
        if consensus and consensus.status == Consensus.Status.FINAL
        else None,
        "missing": [row["assignment"] for row in team if not _is_submitted(row["opinion"])],
        "can_give_opinion": can(user, access.GIVE_OPINION, case),
        "can_write_consensus": can(user, access.WRITE_CONSENSUS, case),
        "can_amend_consensus": can(user, access.AMEND_CONSENSUS, case),
        "packet": case.packets.filter(status=Packet.Status.DONE).order_by("-version").first() if mine else None,
    }
    return render(request, "reports/mdt/_panel.html", context)


def _is_submitted(opinion: Opinion | None) -> bool:
    return opinion is not None and opinion.status == Opinion.Status.SUBMITTED


@login_required
@require_GET
def own_opinion(request, reference):
    """An opinion its author submitted, read-only, after they left the team or the case was closed."""
    mine = get_own_for(request.user, Opinion.objects.filter(case__reference=reference, status=Opinion.Status.SUBMITTED))
    return render(request, OPINION_PAGE.template, {"case": mine.case, "view": opinion_view(mine), "own_only": True})


@login_required
@require_http_methods(["GET", "POST"])
def opinion(request, reference):
    """A specialist's opinion: a form while it is a draft, read-only once submitted."""
    case = get_case_for(request.user, reference, access.GIVE_OPINION)
    if request.method == "GET":
        audit.record_read(user=request.user, case=case, what=ReadKind.OPINION)
    existing = Opinion.objects.filter(case=case, author=request.user).first()
    if _is_submitted(existing):
        return _fixed(request, case, OPINION_PAGE, {"case": case, "view": opinion_view(existing)})
    form = OpinionForm(
        request.POST or None,
        initial=OpinionForm.initial_from(existing),
        gaps=gaps_for(case),
        option_kinds=option_kinds_for(case.cancer_type),
    )
    return _draft(
        request,
        case,
        OPINION_PAGE,
        form,
        save=lambda data, finish, allowed_gaps, check_only: opinion_save(
            case=case, by=request.user, data=data, submit=finish, allowed_gaps=allowed_gaps, check_only=check_only
        ),
        context=lambda: {
            "case": case,
            "draft": existing,
            "assignment": _assignment(case, request),
            # Every question the patient asked (one moved from their hopes included), to keep in mind.
            "questions": patient_questions(case),
            # The summary one click from the form (the specialist is on the team: SEE_PACKET).
            "packet": case.packets.filter(status=Packet.Status.DONE).order_by("-version").first()
            if can(request.user, access.SEE_PACKET, case)
            else None,
        },
    )


def _assignment(case, request):
    return case.assignments.filter(specialist=request.user).first()


@login_required
@require_http_methods(["GET", "POST"])
def consensus(request, reference):
    """The chair's consensus: a form while it is a draft, read-only once agreed."""
    case = get_case_for(request.user, reference, access.WRITE_CONSENSUS)
    if request.method == "GET":
        audit.record_read(user=request.user, case=case, what=ReadKind.CONSENSUS)
    existing = Consensus.objects.filter(case=case).first()
    opinions = list(case.opinions.select_related("author"))
    context = {
        "case": case,
        "submitted": [opinion_view(o) for o in opinions if _is_submitted(o)],
        "missing": missing_opinions(case),
    }
    if existing and existing.status == Consensus.Status.FINAL:
        return _fixed(
            request,
            case,
            CONSENSUS_PAGE,
            {
                **context,
                "view": consensus_view(case, existing),
                "can_amend": can(request.user, access.AMEND_CONSENSUS, case),
            },
        )
    recommended = recommended_tests(opinions)
    form = ConsensusForm(
        request.POST or None,
        initial=ConsensusForm.initial_from(existing, language=_language(), recommended=recommended),
        gaps=gaps_for(case),
        questions=patient_questions(case),
        recommended=recommended,
    )
    return _draft(
        request,
        case,
        CONSENSUS_PAGE,
        form,
        save=lambda data, finish, allowed_gaps, check_only: consensus_save(
            case=case, by=request.user, data=data, agree=finish, allowed_gaps=allowed_gaps, check_only=check_only
        ),
        context=lambda: {**context, "draft": existing, "china_asked": china_asked(case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consensus_amend(request, reference):
    """The chair amends the agreed consensus: the same form, a reason, and a history that keeps both."""
    case = get_case_for(request.user, reference, access.AMEND_CONSENSUS)
    consensus = get_object_or_404(Consensus, case=case, status=Consensus.Status.FINAL)
    recommended = recommended_tests(list(case.opinions.all()))
    form = ConsensusForm(
        request.POST or None,
        initial=ConsensusForm.initial_from(consensus, language=_language(), recommended=recommended),
        gaps=gaps_for(case),
        questions=patient_questions(case),
        recommended=recommended,
    )
    # Tests the agreed consensus asked for stay choosable even if the records no longer show them as gaps.
    tests = form.fields["tests_from_gaps"]
    offered = {code for code, _label in tests.choices}
    extra = [(code, marker_label(code)) for code in consensus.tests_from_gaps or [] if code not in offered]
    tests.choices = [*tests.choices, *extra]
    reason = request.POST.get("amend_reason", "").strip()[:2000]
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            consensus_amend_service(
                case=case,
                by=request.user,
                data=form.to_data(),
                reason=reason,
                allowed_gaps=[code for code, _label in form.fields["tests_from_gaps"].choices],
                seen_version=_seen_version(request),
            )
        except MdtError as error:
            problems = error.problems if isinstance(error.problems, dict) else {}
            form.add_problems({k: v for k, v in problems.items() if k != "amend_reason"})
            audit.record_read(user=request.user, case=case, what=ReadKind.CONSENSUS)
            return render(
                request,
                "reports/mdt/consensus_amend.html",
                {
                    "case": case,
                    "form": form,
                    "problem": error.message,
                    "reason": reason,
                    "reason_problem": problems.get("amend_reason", ""),
                    "consensus": consensus,
                },
            )
        messages.success(
            request,
            _(
                "The consensus is amended. The team and the coordinator are emailed; the coordinator sees the reason "
                "with the report."
            ),
        )
        return _case_page(case)
    audit.record_read(user=request.user, case=case, what=ReadKind.CONSENSUS)  # the agreed consensus, shown
    return render(
        request,
        "reports/mdt/consensus_amend.html",
        {"case": case, "form": form, "problem": problem, "reason": reason, "consensus": consensus},
    )


def _seen_version(request) -> int | None:
    """The consensus version the amend page showed (its hidden field); None from a page without one."""
    value = request.POST.get("consensus_version", "")
    return int(value) if value.isdigit() else None


# --- The flow both MDT forms share: a draft saved or finished, then fixed -----------------------


@dataclass(frozen=True)
class _Page:
    template: str
    url_name: str  # the page itself, where saving a draft comes back to
    finish: str  # the "action" button value that submits or agrees rather than saves a draft
    finished: str  # what the user is told once it is finished
    fixed: str  # the refusal when a finished one is posted again
    confirm_title: str  # the question asked before finishing
    confirm_text: str  # what cannot be undone
    confirm_button: str


OPINION_PAGE = _Page(
    "reports/mdt/opinion.html",
    "reports:opinion",
    "submit",
    gettext_lazy("Your opinion has been submitted."),
    ERR_OPINION_SUBMITTED,
    gettext_lazy("Submit your opinion?"),
    gettext_lazy(
        "Once submitted, your opinion cannot be changed: the rest of the team reads it and the chair writes the "
        "consensus from it. Your draft is saved; go back to it if you want to change anything first."
    ),
    gettext_lazy("Yes, submit my opinion"),
)
CONSENSUS_PAGE = _Page(
    "reports/mdt/consensus.html",
    "reports:consensus",
    "agree",
    gettext_lazy("The consensus is agreed. The coordinator has been told."),
    ERR_CONSENSUS_AGREED,
    gettext_lazy("Agree the consensus?"),
    gettext_lazy(
        "Once agreed, the consensus cannot be changed: the coordinator prepares the patient's report from it, and "
        "its texts go to translation. Your draft is saved; go back to it if you want to change anything first."
    ),
    gettext_lazy("Yes, agree the consensus"),
)


def _fixed(request, case: Case, page: _Page, context: dict):
    """A submitted opinion or agreed consensus: shown read-only; a post to it is refused."""
    if request.method == "POST":
        messages.error(request, page.fixed)
        return _case_page(case)
    return render(request, page.template, context)


def _draft(request, case: Case, page: _Page, form, *, save, context):
    """Save the bound form as a draft, or finish it, through `save`; the service's problems become form errors.

    `save(data, finish, allowed_gaps, check_only)` calls the service; `context()` is the rest of the page's context.
    """
    problem = ""
    if request.method == "POST" and form.is_valid():
        finish = request.POST.get("action") == page.finish
        # Finishing cannot be undone: the first press saves the draft, checks it and asks; the page that asks
        # carries the same fields and "confirmed", so it works without JavaScript and nothing typed is lost.
        ask = finish and request.POST.get("confirmed") != "1"
        try:
            save(form.to_data(), finish, [code for code, _label in form.fields["tests_from_gaps"].choices], ask)
        except MdtError as error:
            if not error.problems:
                messages.error(request, error.message)
                return _case_page(case)
            problem = error.message
            form.add_problems(error.problems)
        else:
            if ask:
                return render(request, "reports/mdt/confirm.html", {"case": case, "page": page, "form": form})
            if finish:
                messages.success(request, page.finished)
                return _case_page(case)
            messages.success(request, _("Your draft is saved. You can come back to it at any time."))
            return redirect(page.url_name, reference=case.reference)
    return render(request, page.template, {**context(), "form": form, "problem": problem})


def _language() -> str:
    """The site language in use, as one of settings.LANGUAGES (the MDT usually writes in it)."""
    current = (get_language() or settings.LANGUAGE_CODE).lower()
    codes = [code for code, _name in settings.LANGUAGES]
    return next((code for code in codes if current.startswith(code)), settings.LANGUAGE_CODE)
