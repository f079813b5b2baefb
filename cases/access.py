"""Who may see and do what: the one place that decides.

Every view that takes a case reference or a document id fetches through
`get_case_for(user, reference, action)`, so a case that is not yours, or an
action you may not take on it, is a 404, never someone else's data. A view
that shows or hides a button asks `can(user, action, case)`; pages that are not
about one case (the queue, starting a case) ask `can(user, action)`.

The roles are defined once, on the user (`is_patient`, `is_coordinator`,
`is_specialist`); the care team of a case is its coordinators and the
specialists assigned to it, never its owner. Whoever acts for the patient is
the owner or a caregiver they invited who accepted and was not revoked
(`acts_for_patient`); only the owner decides who that is.
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from cases import audit, compiled, page_memo, states
from cases.models.caregivers import CaseCaregiver
from cases.models.case import Case, CaseAssignment, CaseQuerySet, State
from cases.models.documents import UploadSession
from cases.models.users import Relationship, User

# --- What is asked of a case ---------------------------------------------------------------------
VIEW = "view"  # see the case page and its records
EDIT_INTAKE = "edit_intake"  # change what the patient entered
SEE_INTAKE = "see_intake"  # open the intake's step pages: to edit them, or read-only once they may not be changed
EDIT_BIOMARKERS = "edit_biomarkers"  # complete the biomarker records from the reports (the coordinator's page)
UPLOAD = "upload"  # add records (also after submission, until the case ends)
REMOVE_DOCUMENT = "remove_document"
SUBMIT = "submit"
VIEW_ACCESS_LOG = "view_access_log"  # who opened the records
TRIAGE = "triage"  # see the coordinator's workspace (triage at a glance, the team, the timeline)
COORDINATE = "coordinate"  # act in it: moves, requests, team, priority, meeting
ANSWER_REQUEST = "answer_request"
POST_MESSAGE = "post_message"
NOTES = "notes"  # read the internal notes: the service's people, never the patient
WRITE_NOTE = "write_note"
SEE_PACKET = "see_packet"
COMPILE_PACKET = "compile_packet"  # ask for a packet again (when is decided by reports.packets)
PATIENT_COPY = "patient_copy"  # the patient's copy of what they submitted
MOVE_QUESTION = "move_question"  # move a question the patient wrote among their hopes to their questions
SEE_MDT = "see_mdt"  # the MDT panel: team, opinions, consensus
GIVE_OPINION = "give_opinion"
WRITE_CONSENSUS = "write_consensus"
AMEND_CONSENSUS = "amend_consensus"  # the chair changes the agreed consensus, with a reason
READ_REPORT = "read_report"  # released versions of the second-opinion report
SEE_REPORT_VERSIONS = "see_report_versions"  # every version, prepared or released
PREPARE_REPORT = "prepare_report"  # prepare a version (or a correction) and release it
SEE_CAREGIVERS = "see_caregivers"  # the people who can act on the case
INVITE_CAREGIVER = "invite_caregiver"  # the owner only
REVOKE_CAREGIVER = "revoke_caregiver"  # the owner only
HAND_OVER = "hand_over"  # a caregiver who registered the case gives it to the patient's own account

# --- What is asked of the product, outside any one case --------------------------------------------
USE_QUEUE = "use_queue"
START_CASE = "start_case"
MDT_CASES = "mdt_cases"  # a specialist's own list of MDT cases
AUDIT = "audit"  # the audit trail of every case: coordinators and admins
MY_DATA = "my_data"  # a patient's "My data" page: ask for an archive of everything they gave us
REQUEST_ERASURE = "request_erasure"  # a patient asks for their account and cases to be erased
CONFIRM_ERASURE = "confirm_erasure"  # a coordinator sees the pending requests and carries them out
TRANSLATIONS = "translations"  # the translation queue: staff who translate the MDT's texts

# --- What is asked of one MDT text's translation (reports.models.TextTranslation) ---------------------------------
TRANSLATE = "translate"  # write or correct the translation
CHECK_TRANSLATION = "check_translation"  # confirm someone else's translation is right

_USER_ACTIONS = {
    USE_QUEUE: lambda user: user.is_coordinator,
    START_CASE: lambda user: user.is_patient,
    MDT_CASES: lambda user: user.is_specialist,
    AUDIT: lambda user: user.is_coordinator,
    MY_DATA: lambda user: user.is_patient,
    REQUEST_ERASURE: lambda user: user.is_patient,
    CONFIRM_ERASURE: lambda user: user.is_coordinator,
    TRANSLATIONS: lambda user: user.is_translator,
}


# A case its patient never submitted: a draft, or a draft they withdrew. It stays theirs alone, whatever
# state it is in (the lifecycle sets submitted_at on the first move to "submitted" and never clears it).
def never_submitted(prefix: str = "") -> Q:
    """Cases (reached through `prefix`, e.g. "case__") that their patient never submitted: nobody else's to read,
    the admin included."""
    return Q(**{f"{prefix}state": State.DRAFT}) | Q(
        **{f"{prefix}state": State.WITHDRAWN, f"{prefix}submitted_at__isnull": True}
    )


def _acting_for_patient(user) -> Q:
    # A subquery rather than a join, so a case with several caregivers is still one row in the queue.
    cared_for = CaseCaregiver.objects.active().filter(user=user).values("case_id")
    return Q(owner=user) | Q(pk__in=cared_for)


def acts_for_patient(user, case: Case) -> bool:
    """The owner, or a caregiver who accepted the owner's invitation and was not revoked."""
    if not user.is_authenticated or not user.is_active:
        return False
    if case.owner_id == user.pk:
        return True
    known = case.__dict__.get("_caregiver_of")  # read with the case by get_case_for, for this user
    if known is not None and known[0] == user.pk:
        return known[1]
    return CaseCaregiver.objects.active().filter(case_id=case.pk, user=user).exists()


def people_acting_for_patient(case: Case) -> list:
    """The owner and their active caregivers: who hears what is addressed to the patient."""
    caregivers = [c.user for c in CaseCaregiver.objects.active().filter(case_id=case.pk).select_related("user")]
    return [case.owner, *caregivers]


def patient_side_ids(case: Case, rows: list[CaseCaregiver] | None = None) -> set[int]:
    """Everyone who has acted for the patient on `case` (revoked caregivers too): whose messages are the patient's.

    `rows`: every caregiver row of the case, revoked ones too, when the caller has read them already.
    """
    if rows is None:
        ids = set(CaseCaregiver.objects.filter(case_id=case.pk, user__isnull=False).values_list("user_id", flat=True))
    else:
        ids = {c.user_id for c in rows if c.user_id is not None}
    return ids | {case.owner_id}


def visible_cases_filter(user) -> Q:
    """The one rule for which cases a user may see at all."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_coordinator:
        # Coordinators work on submitted cases; a patient's draft is private until submitted.
        return ~never_submitted() | _acting_for_patient(user)
    if user.is_specialist:
        # Their assigned cases while the service works on them; once a case is closed or withdrawn, or they
        # are taken off its team, they keep only what they wrote (`get_own_for`).
        # A subquery, not a join: each case is one row, with no DISTINCT over the whole result.
        assigned = CaseAssignment.objects.filter(specialist=user).values("case_id")
        return Q(pk__in=assigned) & ~never_submitted() & ~Q(state__in=states.ENDED)
    return _acting_for_patient(user)


def visible_cases(user) -> CaseQuerySet:
    """The cases `user` may see, each once (every rule above is a subquery, never a join, so no DISTINCT is needed,
    and the database can walk an index in the page's order instead of sorting every visible case)."""
    return Case.objects.filter(visible_cases_filter(user))


def _on_care_team(user, case: Case) -> bool:
    # A specialist sees only the cases assigned to them (visible_cases_filter), so here the role is enough.
    return case.owner_id != user.pk and (user.is_coordinator or user.is_specialist)


def _is_assigned(user, case: Case, *, chair: bool = False) -> bool:
    assignments = case.assignments.filter(specialist=user)
    return user.is_specialist and (assignments.filter(is_chair=True) if chair else assignments).exists()


class _Facts:
    """What the case rules are written in, worked out once for each `can()`."""

    __slots__ = ("user", "case", "owns", "owner", "coordinator", "submitted", "ended")

    def __init__(self, user, case: Case):
        self.user = user
        self.case = case
        self.owns = case.owner_id == user.pk
        # "owner" in the rules below means whoever acts for the patient: the owner or a caregiver.
        self.owner = acts_for_patient(user, case)
        self.coordinator = user.is_coordinator and not self.owner
        self.submitted = case.state != State.DRAFT
        # Closed and withdrawn cases can be read by those who could read them, and changed by nobody.
        self.ended = case.state in states.ENDED


# Built once: `can()` is asked a dozen times on a page, and building thirty closures each time cost more than the
# answer (issue 16).
_CASE_RULES: dict[str, Callable[[_Facts], object]] = {
    VIEW: lambda f: True,
    EDIT_INTAKE: lambda f: f.owner and f.case.state in states.PATIENT_EDITABLE,
    SEE_INTAKE: lambda f: f.owner,
    EDIT_BIOMARKERS: lambda f: f.coordinator and f.submitted and not f.ended,
    UPLOAD: lambda f: f.owner and f.case.state in states.PATIENT_CAN_ADD,
    REMOVE_DOCUMENT: lambda f: f.owner and f.case.state == State.DRAFT,
    SUBMIT: lambda f: f.owner and f.case.state == State.DRAFT,
    VIEW_ACCESS_LOG: lambda f: f.owner or f.user.is_coordinator,
    TRIAGE: lambda f: f.user.is_coordinator and f.submitted,
    COORDINATE: lambda f: f.user.is_coordinator and f.submitted and not f.ended,
    ANSWER_REQUEST: lambda f: f.owner and f.case.state == State.AWAITING_INFORMATION,
    POST_MESSAGE: lambda f: (f.owner or f.user.is_coordinator) and f.submitted,
    NOTES: lambda f: _on_care_team(f.user, f.case),
    WRITE_NOTE: lambda f: _on_care_team(f.user, f.case) and not f.ended,
    SEE_PACKET: lambda f: _on_care_team(f.user, f.case),
    COMPILE_PACKET: lambda f: f.coordinator and not f.ended,
    PATIENT_COPY: lambda f: (f.owner or f.user.is_coordinator) and f.case.submitted_at is not None,
    SEE_MDT: lambda f: _on_care_team(f.user, f.case),
    # The coordinator or the case's chair, while the team still answers the questions.
    MOVE_QUESTION: lambda f: (
        f.case.state in states.TEAM_EDITABLE and (f.coordinator or _is_assigned(f.user, f.case, chair=True))
    ),
    GIVE_OPINION: lambda f: f.case.state in states.MDT_OPINION and _is_assigned(f.user, f.case),
    WRITE_CONSENSUS: lambda f: f.case.state == State.IN_REVIEW and _is_assigned(f.user, f.case, chair=True),
    AMEND_CONSENSUS: lambda f: (
        f.case.state in (State.IN_REVIEW, State.REPORT_ISSUED) and _is_assigned(f.user, f.case, chair=True)
    ),
    READ_REPORT: lambda f: f.owner or f.user.is_coordinator or f.user.is_specialist,
    SEE_REPORT_VERSIONS: lambda f: f.coordinator,
    PREPARE_REPORT: lambda f: f.coordinator and not f.ended,
    SEE_CAREGIVERS: lambda f: f.owner,
    INVITE_CAREGIVER: lambda f: f.owns and not f.ended,
    REVOKE_CAREGIVER: lambda f: f.owns,
    HAND_OVER: lambda f: f.owns and not f.ended and f.case.relationship not in ("", Relationship.SELF),
}


def can(user, action: str, case: Case | None = None) -> bool:
    """May `user` do `action` (on `case`)? For a case, assumes it is one of `visible_cases(user)`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if case is None:
        rule = _USER_ACTIONS.get(action)
        return bool(rule and rule(user))
    rule = _CASE_RULES.get(action)
    return bool(rule and rule(_Facts(user, case)))


def get_case_for(user, reference: str, action: str = VIEW, *, stamped: bool = False) -> Case:
    """The case, if `user` may see it and do `action`; otherwise 404, and a signed-in user's refusal is recorded.

    `stamped`: with its pages' stamp read in the same statement (cases.page_memo.stamp_columns), for a page that
    may be kept."""
    case = _visible_case(user, reference, stamped=stamped)
    if case is None:
        _refused(user, reference, audit.NOT_VISIBLE)
        raise Http404
    case.__dict__["_caregiver_of"] = (user.pk, case.acting_caregiver)  # type: ignore[attr-defined]  # annotated
    if not can(user, action, case):
        _refused(user, reference, audit.ACTION_REFUSED % action, case)
        raise Http404
    return case


def _visible_case_query(user, reference: str, stamped: bool = False) -> CaseQuerySet:
    # Whether the user is the case's caregiver comes in the same query: every `can()` on the page asks it.
    caregiver = CaseCaregiver.objects.active().filter(case=OuterRef("pk"), user_id=user.pk)
    cases = visible_cases(user).annotate(acting_caregiver=Exists(caregiver))
    if stamped:
        cases = cases.annotate(**page_memo.stamp_columns())
    return cases.filter(reference=reference).order_by()


def _visible_case(user, reference: str, stamped: bool = False) -> Case | None:
    """The case `reference` if `user` may see it, with `acting_caregiver`: its SQL compiled once per process for
    each kind of user (cases.compiled; the visibility rule is built from the role, not from any list of cases)."""
    if not user.is_authenticated or not user.is_active:
        return None

    def build(user_id: int, reference: str) -> CaseQuerySet:
        stand_in = User(pk=user_id, role=user.role, is_superuser=user.is_superuser, is_active=True)
        return _visible_case_query(stand_in, reference, stamped)

    key = ("visible case", user.role, user.is_superuser, page_memo.stamp_key() if stamped else None)
    found = compiled.rows(Case, key, build, [user.pk, reference])
    if found is None:
        found = list(_visible_case_query(user, reference, stamped)[:2])
    return found[0] if found else None  # the reference is unique


def get_upload_for(user, upload_id, reference: str) -> UploadSession:
    """`user`'s resumable upload `upload_id` to case `reference`, with its case, if they may still add records to
    it (UPLOAD); otherwise 404, and a refusal is recorded as get_case_for records it.

    Asked on every chunk of an upload, so the upload, its case, the visibility rule and whether the user is the
    case's caregiver come in one query (get_case_for and then the upload took two, issue 16).
    """
    caregiver = CaseCaregiver.objects.active().filter(case=OuterRef("case_id"), user_id=user.pk)
    upload = (
        UploadSession.objects.select_related("case")
        .filter(pk=upload_id, user_id=user.pk, case__reference=reference, case__in=visible_cases(user))
        .annotate(acting_caregiver=Exists(caregiver))
        .first()
    )
    if upload is None:
        get_case_for(user, reference, UPLOAD)  # the same 404 and record when the case is the reason
        raise Http404
    case = upload.case
    case.__dict__["_caregiver_of"] = (user.pk, upload.acting_caregiver)
    if not can(user, UPLOAD, case):
        _refused(user, reference, audit.ACTION_REFUSED % UPLOAD, case)
        raise Http404
    return upload


def get_own_for(user, queryset):
    """The one row of `queryset` that `user` wrote (its `author`), whether or not they still see its case; else 404.

    What a specialist wrote stays readable to them after they leave the team or the case is closed.
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    try:
        return queryset.get(author=user)
    except queryset.model.DoesNotExist:
        raise Http404 from None


# --- Translations ------------------------------------------------------------------------------------------------
# A translator reads only the MDT's texts of the cases whose report needs their languages, while the report can
# still be prepared: never the case page, its records or the patient's details (they are not on the care team).


def translations_filter(user) -> Q:
    """The translations `user` may open: into their languages, of cases whose report is being prepared."""
    if not user.is_authenticated or not user.is_active or not user.is_translator:
        return Q(pk__in=[])
    return Q(language__in=user.translation_languages, case__state__in=states.REPORT_PREPARABLE)


def can_translate(user, action: str, *, language: str, translated_by_id: int | None = None) -> bool:
    """May `user` TRANSLATE into `language`, or CHECK_TRANSLATION a text translated by `translated_by_id`?"""
    if not user.is_authenticated or not user.is_active or not user.is_translator:
        return False
    if language not in user.translation_languages:
        return False
    if action == TRANSLATE:
        return True
    if action == CHECK_TRANSLATION:
        # The second pair of eyes: nobody checks their own translation.
        return translated_by_id is not None and translated_by_id != user.pk
    return False


def get_translation_for(user, queryset, pk: int):
    """One translation `user` may open (`translations_filter`), else 404 with the refusal recorded."""
    try:
        return queryset.filter(translations_filter(user)).select_related("case").get(pk=pk)
    except queryset.model.DoesNotExist:
        _refused(user, f"translation {pk}", audit.NOT_VISIBLE)
        raise Http404 from None


def _refused(user, reference: str, reason: str, case: Case | None = None) -> None:
    if user.is_authenticated:
        audit.record_refusal(user=user, reference=reference, reason=reason, case=case)


def require(user, action: str) -> None:
    """404 unless `user` may do `action` (an action outside any one case)."""
    if not can(user, action):
        raise Http404
