"""The MDT's work on a case: each specialist's discipline opinion, then the chair's consensus.

An opinion is a draft until its author submits it; from then on it is fixed.
The chair writes the consensus once every assigned specialist has submitted,
or goes ahead without someone only with a recorded reason. Both services lock
the case row, so "are all opinions in?" is answered against a team that is not
changing under it. A submit that fails its checks still keeps the draft.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import F, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from cases import notifications, states
from cases.access import people_acting_for_patient
from cases.changes import COUNTS as CHANGE_COUNTS
from cases.changes import annotate_changes, change_total
from cases.clinical.response import CRITERIA
from cases.clinical.seed_questions import SEED_QUESTIONS
from cases.errors import ActionRefused
from cases.labels import join_list
from cases.models import Case, CaseAssignment, CaseEvent, Discipline, State
from cases.models.case import CareInChina
from reports.models import Consensus, ConsensusAmendment, Opinion, ResponseRead, TreatmentGoal

# Cancer types treated by haematologists: stem cell transplant and CAR-T are options there.
HAEMATOLOGICAL = frozenset({"aml", "myeloma", "lymphoma"})


@dataclass(frozen=True)
class OptionKind:
    code: str
    label: str | Promise  # gettext_lazy: translated when shown
    hint: str | Promise
    haematological_only: bool = False


OPTION_KINDS: dict[str, OptionKind] = {
    kind.code: kind
    for kind in (
        OptionKind(
            "systemic",
            gettext_lazy("Systemic therapy"),
            gettext_lazy("Chemotherapy, targeted therapy, immunotherapy, hormone therapy."),
        ),
        OptionKind(
            "local",
            gettext_lazy("Local treatment of metastases"),
            gettext_lazy("Surgery, radiotherapy or SBRT, ablation, when the disease is limited."),
        ),
        OptionKind(
            "transplant_cart",
            gettext_lazy("Stem cell transplant or CAR-T"),
            gettext_lazy("Allogeneic or autologous transplant, CAR-T cell therapy."),
            haematological_only=True,
        ),
        OptionKind(
            "trials",
            gettext_lazy("Clinical trials"),
            gettext_lazy("Trials the patient may be eligible for, and where."),
        ),
        OptionKind(
            "supportive",
            gettext_lazy("Supportive care"),
            gettext_lazy("Symptom control, nutrition, psychological support, palliative care."),
        ),
    )
}

# A response read needs the criteria behind it; "not evaluable" and NED may stand alone.
RESPONSES_NEEDING_CRITERIA = (ResponseRead.CR, ResponseRead.PR, ResponseRead.SD, ResponseRead.PD)

ERR_NOT_ON_TEAM = _("Only a specialist on this case's MDT team can write an opinion on it.")
ERR_OPINION_STATE = _("Opinions are written while the case is with the MDT.")
ERR_OPINION_SUBMITTED = _("This opinion has been submitted and can no longer be changed.")
ERR_ASSESSMENT = _("Write your assessment before submitting.")
ERR_CRITERIA = _("Say which criteria you used to read the response.")
ERR_NOT_CHAIR = _("Only the MDT chair can write the consensus.")
ERR_CONSENSUS_STATE = _("The consensus is written once the MDT review has started.")
ERR_CONSENSUS_AGREED = _("The consensus has been agreed and can no longer be changed.")
ERR_OPINIONS_MISSING = _(
    "Waiting for opinions from: %(names)s. Wait for them, or record why the MDT goes ahead without them."
)
ERR_GOAL = _("Choose the realistic treatment goal.")
ERR_PLAN = _("Write the recommended plan.")
ERR_SUMMARY = _("Write the plain summary for the patient.")
ERR_ANSWER = _("Answer the patient's question.")
ERR_CHINA = _("The patient asked about care in China: say whether it is suitable.")
ERR_AMEND_REASON = _("Say why the consensus is amended: the reason stays in its history.")
ERR_AMEND_NOTHING = _("Nothing was changed: the consensus stays as it was agreed.")
ERR_AMEND_STATE = _("The consensus can be amended while the case is in MDT review or its report is issued.")
ERR_NOT_AGREED = _("The consensus has not been agreed yet: change the draft instead.")
ERR_AMENDED_SINCE = _(
    "The consensus was amended after you opened this page (in another tab or by someone else). Nothing was "
    "saved: what you typed is "
    "still below; compare it with the current consensus and save again."
)
ERR_CANNOT_AMEND = _("The amended consensus is incomplete. Nothing was changed.")
ERR_CANNOT_AGREE = _("The consensus cannot be agreed yet. Your draft is saved.")
ERR_CANNOT_SUBMIT = _("The opinion cannot be submitted yet. Your draft is saved.")

OPINION_TEXT_FIELDS = ("assessment", "tests_other", "discussion_points")
CONSENSUS_TEXT_FIELDS = (
    "goal_explanation",
    "plan",
    "alternatives",
    "tests_first",
    "china_notes",
    "supportive_care",
    "patient_summary",
    "dissent",
)


class MdtError(ActionRefused):
    """An opinion or consensus refused; `problems` maps form field names ("" for none) to what is wrong."""

    def __init__(self, message, problems: dict[str, str] | None = None):
        super().__init__(message, dict(problems or {}))


@dataclass(frozen=True)
class Question:
    key: str  # "seed:<code>" or "own:<n>", the key in Consensus.answers
    text: str  # in the patient's words (a seed question in the reader's language)
    own: bool


def option_kinds_for(cancer_type: str) -> list[OptionKind]:
    haematological = cancer_type in HAEMATOLOGICAL
    return [k for k in OPTION_KINDS.values() if haematological or not k.haematological_only]


def patient_questions(case: Case) -> list[Question]:
    """The questions the patient wants answered: the seed questions they ticked, then their own, one a line."""
    questions = [
        Question(f"seed:{code}", gettext(SEED_QUESTIONS[code]), own=False)
        for code in case.question_codes or []
        if code in SEED_QUESTIONS
    ]
    own = [line.strip() for line in (case.own_questions or "").splitlines() if line.strip()]
    questions += [Question(f"own:{n}", text, own=True) for n, text in enumerate(own, start=1)]
    return questions


def gap_codes(gaps) -> list[str]:
    return [g.marker.code for g in gaps if g.is_gap]


# --- Opinions -------------------------------------------------------------------------------------


def _clean_opinion_data(data: dict, allowed_gaps: list[str] | None) -> dict:
    clean = {name: (data.get(name) or "").strip() for name in OPINION_TEXT_FIELDS}
    category = data.get("response_category") or ""
    clean["response_category"] = category if category in ResponseRead.values else ""
    criteria = data.get("response_criteria") or ""
    clean["response_criteria"] = criteria if criteria in CRITERIA else ""
    tests = [code for code in data.get("tests_from_gaps") or [] if allowed_gaps is None or code in allowed_gaps]
    clean["tests_from_gaps"] = list(dict.fromkeys(tests))
    options = data.get("options") or {}
    clean["options"] = {code: text.strip() for code, text in options.items() if code in OPTION_KINDS and text.strip()}
    return clean


def opinion_problems(opinion: Opinion) -> dict[str, str]:
    """What stops an opinion being submitted."""
    problems = {}
    if not opinion.assessment.strip():
        problems["assessment"] = str(ERR_ASSESSMENT)
    if opinion.response_category in RESPONSES_NEEDING_CRITERIA and not opinion.response_criteria:
        problems["response_criteria"] = str(ERR_CRITERIA)
    return problems


def opinion_save(
    *,
    case: Case,
    by,
    data: dict,
    submit: bool = False,
    allowed_gaps: list[str] | None = None,
    check_only: bool = False,
) -> Opinion:
    """Save `by`'s opinion on `case` as a draft, or submit it; raise MdtError saying why not.

    `check_only` (with `submit`): save the draft and say whether it could be submitted, without submitting
    (the page then asks the specialist to confirm, as a submitted opinion cannot be changed).

    `allowed_gaps` (the case's biomarker gap codes) limits the tests picked from the gaps.
    A submit whose checks fail keeps the draft and raises with the problems.
    """
    with transaction.atomic():
        # Race: the last specialist submits while the chair agrees the consensus. Both lock the
        # case row, so the chair's "who is missing" check sees either all of this submit or none.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.state not in states.MDT_OPINION:
            raise MdtError(ERR_OPINION_STATE)
        assignment = locked.assignments.filter(specialist=by).first()
        if assignment is None:
            raise MdtError(ERR_NOT_ON_TEAM)
        opinion = Opinion.objects.select_for_update().filter(case=locked, author=by).first()
        if opinion is None:
            opinion = Opinion(case=locked, author=by)
        elif opinion.status == Opinion.Status.SUBMITTED:
            raise MdtError(ERR_OPINION_SUBMITTED)
        for name, value in _clean_opinion_data(data, allowed_gaps).items():
            setattr(opinion, name, value)
        opinion.discipline = assignment.discipline
        problems = opinion_problems(opinion) if submit else {}
        if submit and not problems and not check_only:
            opinion.status = Opinion.Status.SUBMITTED
            opinion.submitted_at = timezone.now()
        opinion.save()
        if opinion.status == Opinion.Status.SUBMITTED:
            _opinion_submitted(locked, opinion, by, assignment)
    if problems:
        raise MdtError(ERR_CANNOT_SUBMIT, problems)
    return opinion


def _opinion_submitted(case: Case, opinion: Opinion, by, assignment: CaseAssignment) -> None:
    CaseEvent.objects.create(
        case=case,
        actor=by,
        kind="opinion_submitted",
        message=str(by),
        params={"discipline": assignment.discipline},
        internal=True,
    )
    if not missing_opinions(case):
        chair = next((a.specialist for a in case.assignments.select_related("specialist") if a.is_chair), None)
        notifications.notify(
            notifications.OPINIONS_COMPLETE,
            case=case,
            recipients=[*notifications.coordinators_for(case), chair],
        )


def missing_opinions(case: Case) -> list[CaseAssignment]:
    """The team members who have not submitted an opinion yet (chair first, then by discipline)."""
    submitted = Opinion.objects.filter(case=case, status=Opinion.Status.SUBMITTED).values("author_id")
    return list(
        case.assignments.exclude(specialist_id__in=submitted)
        .select_related("specialist")
        .order_by("-is_chair", "discipline", "pk")
    )


# --- Consensus ------------------------------------------------------------------------------------


def recommended_tests(opinions: list[Opinion]) -> dict[str, list[str]]:
    """Marker code → the disciplines whose submitted opinions recommend testing it."""
    recommended: dict[str, list[str]] = {}
    for o in opinions:
        if o.status == Opinion.Status.SUBMITTED:
            for code in o.tests_from_gaps or []:
                recommended.setdefault(code, []).append(str(Discipline(o.discipline).label))
    return recommended


def china_asked(case: Case) -> bool:
    return case.care_in_china in (CareInChina.YES, CareInChina.UNSURE) or "options_china" in (case.question_codes or [])


def _clean_consensus_data(case: Case, data: dict, allowed_gaps: list[str] | None) -> dict:
    clean = {name: (data.get(name) or "").strip() for name in CONSENSUS_TEXT_FIELDS}
    goal = data.get("goal") or ""
    clean["goal"] = goal if goal in TreatmentGoal.values else ""
    china = data.get("china") or ""
    clean["china"] = china if china in Consensus.ChinaSuitability.values else ""
    tests = [code for code in data.get("tests_from_gaps") or [] if allowed_gaps is None or code in allowed_gaps]
    clean["tests_from_gaps"] = list(dict.fromkeys(tests))
    keys = {q.key for q in patient_questions(case)}
    answers = data.get("answers") or {}
    clean["answers"] = {key: text.strip() for key, text in answers.items() if key in keys and text.strip()}
    languages = dict(settings.LANGUAGES)
    if data.get("written_in") in languages:
        clean["written_in"] = data["written_in"]
    return clean


def consensus_problems(case: Case, consensus: Consensus) -> dict[str, str]:
    """What stops the chair agreeing the consensus (besides missing opinions)."""
    problems = {}
    if not consensus.goal:
        problems["goal"] = str(ERR_GOAL)
    if not consensus.plan:
        problems["plan"] = str(ERR_PLAN)
    if not consensus.patient_summary:
        problems["patient_summary"] = str(ERR_SUMMARY)
    if china_asked(case) and not consensus.china:
        problems["china"] = str(ERR_CHINA)
    for question in patient_questions(case):
        if not consensus.answers.get(question.key):
            problems[f"answer:{question.key}"] = str(ERR_ANSWER)
    return problems


def missing_names(assignments: list[CaseAssignment]) -> str:
    return join_list(f"{a.specialist} ({Discipline(a.discipline).label})" for a in assignments)


def consensus_save(
    *,
    case: Case,
    by,
    data: dict,
    agree: bool = False,
    allowed_gaps: list[str] | None = None,
    check_only: bool = False,
) -> Consensus:
    """Save the chair's consensus as a draft, or agree it; raise MdtError saying why not.

    `check_only` (with `agree`): save the draft and say whether it could be agreed, without agreeing it.

    Agreeing needs every assigned specialist's submitted opinion, or a reason to go ahead
    without the missing ones (`data["go_ahead_reason"]`, recorded on the timeline).
    A refused agreement keeps the draft and raises with the problems.
    """
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)  # see opinion_save
        if not locked.assignments.filter(specialist=by, is_chair=True).exists():
            raise MdtError(ERR_NOT_CHAIR)
        if locked.state != State.IN_REVIEW:
            raise MdtError(ERR_CONSENSUS_STATE)
        consensus = Consensus.objects.select_for_update().filter(case=locked).first()
        if consensus is None:
            consensus = Consensus(case=locked, chair=by)
        elif consensus.status == Consensus.Status.FINAL:
            raise MdtError(ERR_CONSENSUS_AGREED)
        for name, value in _clean_consensus_data(locked, data, allowed_gaps).items():
            setattr(consensus, name, value)
        consensus.chair = by
        problems, missing, reason = {}, [], (data.get("go_ahead_reason") or "").strip()
        if agree:
            problems = consensus_problems(locked, consensus)
            missing = missing_opinions(locked)
            if missing and not reason:
                problems["go_ahead_reason"] = str(ERR_OPINIONS_MISSING % {"names": missing_names(missing)})
        if agree and not problems and not check_only:
            consensus.status = Consensus.Status.FINAL
            consensus.agreed_at = timezone.now()
        consensus.save()
        if consensus.status == Consensus.Status.FINAL:
            _consensus_agreed(locked, by, missing, reason)
    if problems:
        raise MdtError(ERR_CANNOT_AGREE, problems)
    return consensus


def _consensus_agreed(case: Case, by, missing: list[CaseAssignment], reason: str) -> None:
    # The timeline words it in the reader's language from these values.
    params = {"names": missing_names(missing), "reason": reason} if missing else {}
    CaseEvent.objects.create(case=case, actor=by, kind="consensus_agreed", params=params, internal=True)
    notifications.notify(notifications.CONSENSUS_AGREED, case=case, recipients=notifications.coordinators_for(case))


# Fields an amendment compares, in the order its history lists them.
AMENDABLE_FIELDS = ("goal", *CONSENSUS_TEXT_FIELDS, "china", "tests_from_gaps", "written_in")


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value or "")


def consensus_amend(
    *,
    case: Case,
    by,
    data: dict,
    reason: str,
    allowed_gaps: list[str] | None = None,
    seen_version: int | None = None,
) -> ConsensusAmendment:
    """The chair changes the agreed consensus, giving a reason; each change is kept in its history.

    The consensus stays agreed and complete (the same rules as agreeing it). Its version goes up: a report prepared
    from the earlier version can no longer be released, and once a version was released the coordinator is asked
    for a correction (reports.report_release). Changed texts mark their translations out of date, and whoever
    translated or checked them is told (reports.translations.translations_amended). `seen_version` is the version
    the chair's page showed: if the consensus moved on since, nothing is changed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise MdtError(ERR_CANNOT_AMEND, {"amend_reason": str(ERR_AMEND_REASON)})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not locked.assignments.filter(specialist=by, is_chair=True).exists():
            raise MdtError(ERR_NOT_CHAIR)
        if locked.state not in (State.IN_REVIEW, State.REPORT_ISSUED):
            raise MdtError(ERR_AMEND_STATE)
        consensus = Consensus.objects.select_for_update().filter(case=locked).first()
        if consensus is None or consensus.status != Consensus.Status.FINAL:
            raise MdtError(ERR_NOT_AGREED)
        if seen_version is not None and consensus.version != seen_version:
            # A page opened before another amendment would silently undo it (a second tab, a stale page).
            raise MdtError(ERR_AMENDED_SINCE)
        # Here, not at the top: reports.translations reads this module's patient questions.
        from reports import translations

        translated = translations.translations_current(case=locked, consensus=consensus)
        before = {name: getattr(consensus, name) for name in AMENDABLE_FIELDS}
        before_answers = dict(consensus.answers or {})
        for name, value in _clean_consensus_data(locked, data, allowed_gaps).items():
            setattr(consensus, name, value)
        changes = [
            {"field": name, "old": _shown(before[name]), "new": _shown(getattr(consensus, name))}
            for name in AMENDABLE_FIELDS
            if before[name] != getattr(consensus, name)
        ]
        for key in dict.fromkeys([*before_answers, *(consensus.answers or {})]):
            old, new = before_answers.get(key, ""), (consensus.answers or {}).get(key, "")
            if old != new:
                changes.append({"field": f"answer:{key}", "old": old, "new": new})
        if not changes:
            raise MdtError(ERR_AMEND_NOTHING)
        problems = consensus_problems(locked, consensus)
        if problems:
            raise MdtError(ERR_CANNOT_AMEND, problems)
        consensus.version += 1
        consensus.save()
        amendment = ConsensusAmendment.objects.create(
            consensus=consensus, version=consensus.version, by=by, reason=reason, changes=changes
        )
        CaseEvent.objects.create(
            case=locked,
            actor=by,
            kind="consensus_amended",
            message=reason[:2000],
            params={"version": consensus.version, "fields": [c["field"] for c in changes]},
            internal=True,
        )
        _consensus_amended(locked, by, amendment)
        translations.translations_amended(case=locked, consensus=consensus, current=translated, by=by)
    return amendment


def _consensus_amended(case: Case, by, amendment: ConsensusAmendment) -> None:
    """Email the team and the coordinators (not the chair who amended); the patient side once per release."""
    team = [a.specialist for a in case.assignments.select_related("specialist")]
    notifications.notify(
        notifications.CONSENSUS_AMENDED,
        case=case,
        recipients=[u for u in [*team, *notifications.coordinators_for(case)] if u.pk != by.pk],
        context={"changes": len(amendment.changes), "version": amendment.version},
    )
    released = case.patient_reports.filter(released_at__isnull=False).order_by("-version").first()
    # Told at the first amendment since the release they read, not at each: the corrected version's release
    # email follows. Nothing staff-internal (the reason, what changed) goes to them; the corrected report says it.
    if released is not None and released.consensus_version == amendment.version - 1:
        notifications.notify(
            notifications.REPORT_CORRECTION_COMING, case=case, recipients=people_acting_for_patient(case)
        )


# --- What each specialist is expected to do -----------------------------------------------------


@dataclass(frozen=True)
class Expected:
    code: str  # a key of EXPECTED_LABELS
    label: str | Promise
    needs_me: bool


EXPECTED_LABELS = {
    "not_ready": gettext_lazy("Nothing yet: the case is still being prepared"),
    "write_opinion": gettext_lazy("Write your opinion"),
    "continue_opinion": gettext_lazy("Finish and submit your opinion (draft saved)"),
    "opinion_submitted": gettext_lazy("Opinion submitted"),
    "wait_opinions": gettext_lazy("Opinion submitted; waiting for the others before the consensus"),
    "wait_review": gettext_lazy("Opinion submitted; the consensus follows once the review starts"),
    "write_consensus": gettext_lazy("Write the consensus"),
    "done": gettext_lazy("Done"),
}


def expected_of(assignment: CaseAssignment, case: Case, opinions: list[Opinion], consensus: Consensus | None):
    """What the team member of `assignment` is expected to do next on `case`.

    `opinions` are all the case's opinions (prefetched by the caller, so a list page stays at a constant
    number of queries).
    """

    def result(code: str) -> Expected:
        needs_me = code in ("write_opinion", "continue_opinion", "write_consensus")
        return Expected(code, EXPECTED_LABELS[code], needs_me)

    if case.state in states.BEFORE_MDT:
        return result("not_ready")
    if case.state not in states.MDT_OPINION:
        return result("done")
    mine = next((o for o in opinions if o.author_id == assignment.specialist_id), None)
    if mine is None:
        return result("write_opinion")
    if mine.status != Opinion.Status.SUBMITTED:
        return result("continue_opinion")
    if not assignment.is_chair:
        return result("opinion_submitted")
    if consensus is not None and consensus.status == Consensus.Status.FINAL:
        return result("done")
    if case.state != State.IN_REVIEW:
        return result("wait_review")
    submitted = {o.author_id for o in opinions if o.status == Opinion.Status.SUBMITTED}
    if all(a.specialist_id in submitted for a in case.assignments.all()):
        return result("write_consensus")
    return result("wait_opinions")


@dataclass(frozen=True)
class MdtRow:
    assignment: CaseAssignment
    case: Case
    expected: Expected
    # Closed or withdrawn: the specialist no longer sees the case, only their submitted opinion (if any).
    ended: bool = False
    wrote: bool = False


def mdt_assignments_for(*, specialist) -> list[MdtRow]:
    """A specialist's MDT cases (not drafts or withdrawn): open ones by soonest meeting, finished ones last.

    Three queries whatever the number of cases: the assignments with their cases and consensus,
    then every team's assignments and opinions.
    """
    finished = DbCase(
        When(case__state__in=states.MDT_FINISHED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    assignments = (
        CaseAssignment.objects.filter(specialist=specialist)
        .exclude(case__state__in=[State.DRAFT, State.WITHDRAWN])
        .select_related("case", "case__consensus")
        .prefetch_related(
            "case__assignments",
            Prefetch("case__opinions", queryset=Opinion.objects.only("id", "case_id", "author_id", "status")),
        )
        .annotate(finished=finished)
        .order_by("finished", F("case__mdt_meeting_at").asc(nulls_last=True), "case__reference")
    )
    # What changed since the specialist last opened each case: subqueries of the same query (cases.changes).
    assignments = annotate_changes(assignments, specialist, case_path="case__")
    rows = []
    for assignment in assignments:
        case = assignment.case
        for name in ("seen_at", *CHANGE_COUNTS):
            setattr(case, name, getattr(assignment, name))
        case.change_total = change_total(case)  # type: ignore[attr-defined]  # shown by the list
        consensus = getattr(case, "consensus", None)
        opinions = list(case.opinions.all())
        wrote = any(o.author_id == specialist.pk and o.status == Opinion.Status.SUBMITTED for o in opinions)
        expected = expected_of(assignment, case, opinions, consensus)
        rows.append(MdtRow(assignment, case, expected, ended=case.state in states.ENDED, wrote=wrote))
    return rows


def opinions_after_leaving(*, specialist) -> list[Opinion]:
    """Opinions `specialist` submitted on cases they no longer follow (taken off the team, or withdrawn).

    Theirs to read still (cases.access.get_own_for); closed cases stay in their list with a link instead.
    """
    following = CaseAssignment.objects.filter(specialist=specialist).values("case")
    return list(
        Opinion.objects.filter(author=specialist, status=Opinion.Status.SUBMITTED)
        .filter(Q(case__state=State.WITHDRAWN) | ~Q(case__in=following))
        .select_related("case")
        .order_by("-submitted_at")
    )
