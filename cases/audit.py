"""Writing the audit trail: one INSERT per read or refusal, nothing else.

Views and services that serve a case's health data call `record_read` once per response; `cases.access`
calls `record_refusal` when it refuses a signed-in user. Reads by the case's owner are theirs and are not
recorded. The reader's identifiers are copied from the user already loaded, so a list page writes one row
without another query.
"""

import csv
from collections.abc import Iterator
from functools import cache

from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.labels import code_label
from cases.models import AccessRecord, Case, Document, ReadKind, Role

NOT_VISIBLE = "not visible"
ACTION_REFUSED = "action refused: %s"


_COLUMNS = (
    "at",
    "case_id",
    "case_reference",
    "reader_id",
    "reader_email",
    "reader_name",
    "reader_role",
    "what",
    "object_id",
    "detail",
    "reason",
)


def _write(**values) -> None:
    """One AccessRecord, as one INSERT written once: every page a member of staff opens writes one, and the ORM's
    `create` (a model, its signals, the SQL compiled again) cost about 0.3 ms of CPU each (issue 16)."""
    values = {"at": timezone.now(), "case_id": None, "object_id": None, "detail": "", "reason": "", **values}
    by_column = {field.column: field for field in AccessRecord._meta.concrete_fields}
    fields = [by_column[column] for column in _COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_sql(connection.vendor),
            [field.get_db_prep_save(values[field.attname], connection) for field in fields],
        )


@cache
def _insert_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {quote(AccessRecord._meta.db_table)} ({', '.join(quote(c) for c in _COLUMNS)})"  # noqa: S608
        f" VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    )


def _reader(user) -> dict:
    return {
        "reader_id": user.pk,
        "reader_email": user.email,
        "reader_name": user.get_full_name(),
        "reader_role": user.role,
    }


def record_read(*, user, case: Case, what: ReadKind, obj: models.Model | None = None, detail: str = "") -> None:
    """Record that `user` read `what` of `case` (`obj`: the document, packet or report), unless they own it."""
    if case.owner_id == user.pk:
        return
    _write(
        case_id=case.pk,
        case_reference=case.reference,
        what=what,
        object_id=obj.pk if obj is not None else None,
        detail=str(detail)[:40],
        **_reader(user),
    )


def record_own(
    *, user, what: ReadKind, reference: str = "", case_id: int | None = None, obj_id=None, detail=""
) -> None:
    """Record an act on a patient's data that the trail keeps even when the actor is the owner.

    The download of their own data archive, and an erasure (recorded once per case, by the coordinator who
    confirmed it): `case_id` and `reference` are copied, so the row outlives the case's data.
    """
    _write(
        case_id=case_id,
        case_reference=str(reference)[:40],
        what=what,
        object_id=obj_id,
        detail=str(detail)[:40],
        **_reader(user),
    )


def record_refusal(*, user, reference: str, reason: str, case: Case | None = None) -> None:
    """Record that signed-in `user` was refused `reference` (which may name no case at all), and why."""
    _write(
        case_id=case.pk if case is not None else None,
        case_reference=str(reference)[:40],
        what=ReadKind.REFUSED,
        reason=reason[:80],
        **_reader(user),
    )


# --- Reading the trail ---------------------------------------------------------------------------


def reads_by_others(case: Case):
    """The reads of `case` by anyone but its owner, newest first (refusals are the staff's concern)."""
    return AccessRecord.objects.filter(case_id=case.pk).exclude(what=ReadKind.REFUSED).exclude(reader_id=case.owner_id)


def what_label(record: AccessRecord) -> str:
    """What was read, in the language active now (the row keeps only a code)."""
    return code_label(ReadKind, record.what)


def role_label(record: AccessRecord) -> str:
    return code_label(Role, record.reader_role)


_VERSIONED = {ReadKind.SUMMARY, ReadKind.PACKET, ReadKind.ARCHIVE, ReadKind.REPORT}


def trail_for_patient(case: Case, *, limit: int = 500) -> list[dict]:
    """The patient's "who opened my records" list: who (name and role), when, what, in the patient's language."""
    records = list(reads_by_others(case)[:limit])
    names = dict(Document.objects.filter(case_id=case.pk).values_list("pk", "original_name"))
    return [
        {
            "at": record.at,
            "who": record.reader_name or record.reader_email,
            "role": role_label(record),
            "what": what_label(record),
            "item": _item(record, names),
            "how": _how(record),
        }
        for record in records
    ]


def _item(record: AccessRecord, document_names: dict) -> str:
    if record.what == ReadKind.RECORD:
        return document_names.get(record.object_id) or _("a record since removed")
    if record.what in _VERSIONED and record.detail:
        return _("version %(n)s") % {"n": record.detail}
    return ""


def _how(record: AccessRecord) -> str:
    if record.what != ReadKind.RECORD:
        return _("opened")
    return _("downloaded") if record.detail == "download" else _("viewed")


# --- The staff's view of the whole trail -------------------------------------------------------------


def trail_filtered(*, filters: dict) -> QuerySet[AccessRecord]:
    """Every row matching the audit view's filters (AuditFilterForm's cleaned data), newest first.

    Reads only the row's own columns (the copied identifiers), so a page of rows is one query whatever it holds.
    """
    rows = AccessRecord.objects.all()
    if filters.get("reference"):
        rows = rows.filter(case_reference__iexact=filters["reference"].strip())
    if filters.get("reader"):
        reader = filters["reader"].strip()
        rows = rows.filter(Q(reader_email__icontains=reader) | Q(reader_name__icontains=reader))
    if filters.get("what"):
        rows = rows.filter(what=filters["what"])
    if filters.get("refused"):
        rows = rows.filter(what=ReadKind.REFUSED)
    if filters.get("since"):
        rows = rows.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        rows = rows.filter(at__date__lte=filters["until"])
    return rows.order_by("-at", "-id")


CSV_HEADER = [
    "at",
    "case_reference",
    "reader_email",
    "reader_name",
    "reader_role",
    "what",
    "object_id",
    "detail",
    "reason",
]


def trail_csv_lines(rows: QuerySet[AccessRecord]) -> Iterator[str]:
    """The rows as CSV lines, produced as they are read (for a streamed download of any size)."""
    out = _Line()
    writer = csv.writer(out)
    yield writer.writerow(CSV_HEADER)
    for row in rows.values_list(*CSV_HEADER).iterator(chunk_size=2000):
        yield writer.writerow([row[0].isoformat(), *(_cell(value) for value in row[1:])])


class _Line:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    # A reference is stored as it was asked for, so it may be anything: never let a spreadsheet run it.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
