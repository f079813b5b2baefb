"""What changed on a case since a member of staff last opened it.

Each staff user's last look at a case is a `CaseSeen` row, written when they open the case page. What the
patient's side (or another member of staff) did after it is new to them: answers and messages in the thread,
records added, and saves that changed the intake's answers (the `intake_edited` timeline events). A case never
opened counts from its submission. The counts are subqueries of the list's own query, so a list page costs the
same number of queries however many cases it shows.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases import access
from cases.models import Case, CaseEvent, CaseMessage, CaseSeen, Document

# The thread's kinds that bring something new: a request is the coordinator's own question.
NEW_MESSAGE_KINDS = (CaseMessage.Kind.ANSWER, CaseMessage.Kind.MESSAGE)
# Timeline events that change the intake's answers (each with its fields' old and new values).
EDIT_KINDS = ("intake_edited", "question_moved")
COUNTS = ("new_answers", "new_messages", "new_records", "new_edits")


def _count(queryset: QuerySet, case_field: str, time_field: str, case_ref: str) -> Coalesce:
    rows = (
        queryset.filter(**{case_field: OuterRef(case_ref), f"{time_field}__gt": OuterRef("changes_since")})
        .order_by()
        .values(case_field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def annotate_changes(queryset: QuerySet, user, *, case_path: str = "") -> QuerySet:
    """`queryset` (of cases, or of rows pointing at a case through `case_path`, e.g. "case__") with, per row:
    `seen_at` (None if never opened), and the counts `new_answers`, `new_messages`, `new_records`, `new_edits`."""
    since, counts = _change_expressions(user.pk, case_path)
    return queryset.annotate(**since).annotate(**counts)


@lru_cache(maxsize=1024)
def _change_expressions(user_pk: int, case_path: str) -> tuple[dict, dict]:
    """The annotations for one reader, built once per process: building six subqueries cost more than the page's
    rows (issue 16). Django copies an expression when a query uses it, so sharing them between requests is safe."""
    case_ref = f"{case_path}pk" if case_path else "pk"
    seen = CaseSeen.objects.filter(case=OuterRef(case_ref), user_id=user_pk).values("at")[:1]
    messages = CaseMessage.objects.exclude(author_id=user_pk)
    since = {
        "seen_at": Subquery(seen),
        "changes_since": Coalesce(Subquery(seen), F(f"{case_path}submitted_at")),
    }
    counts = {
        "new_answers": _count(messages.filter(kind=CaseMessage.Kind.ANSWER), "case", "created_at", case_ref),
        "new_messages": _count(messages.filter(kind=CaseMessage.Kind.MESSAGE), "case", "created_at", case_ref),
        "new_records": _count(Document.objects.exclude(uploaded_by_id=user_pk), "case", "uploaded_at", case_ref),
        "new_edits": _count(
            CaseEvent.objects.filter(kind__in=EDIT_KINDS).exclude(actor_id=user_pk), "case", "at", case_ref
        ),
    }
    return since, counts


def change_total(row) -> int:
    return sum(getattr(row, name, 0) or 0 for name in COUNTS)


@dataclass
class Changes:
    """What is new on one case for one user: the page marks these and lists them at the top."""

    seen_at: datetime | None
    message_ids: set[int] = field(default_factory=set)
    answers: int = 0
    messages: int = 0
    documents: list[Document] = field(default_factory=list)
    edits: list[CaseEvent] = field(default_factory=list)

    @property
    def fields_changed(self) -> int:
        return sum(len((e.params or {}).get("changes") or []) for e in self.edits)

    @property
    def any(self) -> bool:
        return bool(self.message_ids or self.documents or self.edits)

    @property
    def document_ids(self) -> set[int]:
        return {d.pk for d in self.documents}

    @property
    def event_ids(self) -> set[int]:
        return {e.pk for e in self.edits}


def changes_for(case: Case, user, *, thread, documents, events) -> Changes:
    """What changed on `case` since `user` last opened it (since its submission if they never did).

    Read from the page's own thread, records and timeline (already loaded): one query for the last look.
    """
    seen = CaseSeen.objects.filter(case=case, user=user).values_list("at", flat=True).first()
    since = seen or case.submitted_at
    if since is None:
        return Changes(seen_at=None)
    new_messages = [
        m for m in thread if m.created_at > since and m.kind in NEW_MESSAGE_KINDS and m.author_id != user.pk
    ]
    return Changes(
        seen_at=seen,
        message_ids={m.pk for m in new_messages},
        answers=sum(1 for m in new_messages if m.kind == CaseMessage.Kind.ANSWER),
        messages=sum(1 for m in new_messages if m.kind == CaseMessage.Kind.MESSAGE),
        documents=[d for d in documents if d.uploaded_at > since and d.uploaded_by_id != user.pk],
        edits=[e for e in events if e.kind in EDIT_KINDS and e.at > since and e.actor_id != user.pk],
    )


def mark_seen(case: Case, user, at: datetime | None = None) -> None:
    """Record `user`'s look at `case` now: one upsert, one statement (bulk_create's would be wrapped in a
    transaction of its own, three round trips on every case page a member of staff opens)."""
    table = CaseSeen._meta.db_table
    when = at or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (case_id, user_id, at) VALUES (%s, %s, %s) "  # noqa: S608 (the model's table)
            "ON CONFLICT (user_id, case_id) DO UPDATE SET at = EXCLUDED.at",
            [case.pk, user.pk, connection.ops.adapt_datetimefield_value(when)],
        )


def tracks_changes(user, case: Case) -> bool:
    """Staff who work on the case (not the patient's side): they are the ones told what changed."""
    return access.can(user, access.NOTES, case)
