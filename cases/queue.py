"""The coordinator's triage queue: which cases, filtered and sorted how.

Everything the page shows comes from a fixed number of queries, whatever the
number of cases: the filters and sorts run in the database on the
denormalised triage fields (`priority`, `completeness_score`,
`state_changed_at`), the page's assignments come as JSON in the rows' query, and the
filter choices in one query each.
"""

import hashlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.aggregates import JSONBAgg
from django.core.cache import caches
from django.db import connection, models
from django.db.models import Count, F, IntegerField, JSONField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, JSONObject
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, MultipleChoiceFilter

from cases import states
from cases.access import visible_cases
from cases.changes import annotate_changes, change_total
from cases.clinical import codes
from cases.clinical.emergencies import EMERGENCIES
from cases.labels import cancer_type_label, code_label, stage_label
from cases.models import Case, CaseAssignment, Priority, SavedQueueView, State
from cases.models.case import EMERGENCY_CODES, EMERGENCY_FIELDS, QUEUE_RANK
from cases.models.users import Discipline, Role, User

PAGE_SIZE = 25
# Counts above this are shown as "more than 1,000": an exact count would read every matching case (issue 16).
COUNT_CAP = 1000
# The "Needs me" badge stops lower, as a notification badge does ("more than 99"): its cases are a few in every
# hundred, so counting to 1,001 of them read most of the table's pages, the cost that grew with the number of cases
# (issue 16: 1001 matches cost ~5-15 ms at 100,000 cases, 100 cost ~1 ms).
NEEDS_ME_CAP = 99

UNASSIGNED = "none"

# Only what the table shows: the long clinical text fields stay in the database.
_COLUMNS = (
    "id",
    "reference",
    "patient_name",
    "patient_country",
    "cancer_type",
    "stage_group",
    "state",
    "priority",
    "priority_override",
    "completeness_score",
    "state_changed_at",
    "mdt_meeting_at",
    "coordinator_id",
    *EMERGENCY_FIELDS,
)


def _rank(field: str, order) -> models.Case:
    """An integer for sorting a coded field in a meaningful order, not alphabetically."""
    whens = [When(**{field: value}, then=Value(rank)) for rank, value in enumerate(order)]
    return models.Case(*whens, default=Value(len(order)), output_field=IntegerField())


# Emergencies first, then by priority: the expression the queue's index is built on (cases.models.case).
_PRIORITY_RANK = QUEUE_RANK
_STATE_RANK = _rank("state", [value for value, _label in State.choices])
_ASSIGNED_COUNT = Coalesce(
    Subquery(
        CaseAssignment.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    ),
    Value(0),
)

# sort key -> (column label, expressions for ascending order). Waiting ascends
# with the days shown, so it sorts on state_changed_at the other way round.
SORTS = {
    "reference": (_("Reference"), [F("reference").asc()]),
    "patient": (_("Patient"), [F("patient_name").asc()]),
    "country": (_("Country"), [F("patient_country").asc()]),
    "cancer_type": (_("Cancer type and stage"), [F("cancer_type").asc(), F("stage_group").asc()]),
    "state": (_("State"), [_STATE_RANK.asc()]),
    "priority": (_("Priority"), [_PRIORITY_RANK.asc()]),
    "completeness": (_("Completeness"), [F("completeness_score").asc()]),
    "waiting": (_("Days waiting"), [F("state_changed_at").desc(nulls_last=True)]),
    "assigned": (_("Specialists"), [_ASSIGNED_COUNT.asc()]),
}
DEFAULT_ORDER = [_PRIORITY_RANK.asc(), F("state_changed_at").asc(nulls_last=True)]


def _descending(expression):
    flipped = expression.copy()
    flipped.descending = not expression.descending
    if flipped.nulls_last or flipped.nulls_first:
        # Missing values stay at the bottom whichever way the column sorts.
        flipped.nulls_last, flipped.nulls_first = True, None
    return flipped


def _sort_choices():
    ascending = [(key, label) for key, (label, _order) in SORTS.items()]
    # One translatable pattern, so a language can order the words and brackets its own way.
    descending = [(f"-{key}", format_lazy(_("{column} (descending)"), column=label)) for key, label in ascending]
    return ascending + descending


_SKIP_MARKER = "\x00mdt-skip-scan\x00"


def _skip_scan(queryset: QuerySet, field: str) -> tuple[str, list] | None:
    """The skip scan's SQL and parameters (see `distinct_values`), or None if `queryset`'s SQL cannot carry it."""
    step = queryset.filter(**{f"{field}__gt": _SKIP_MARKER}).order_by(field).values_list(field, flat=True)[:1]
    sql, params = step.query.sql_with_params()
    parts = sql.split("%s")
    if len(parts) != len(params) + 1 or params.count(_SKIP_MARKER) != 1:  # not plain placeholders
        return None
    at = params.index(_SKIP_MARKER)
    rest = params[:at] + params[at + 1 :]

    def step_sql(last: str) -> str:
        return "%s".join(parts[: at + 1]) + last + "%s".join(parts[at + 1 :])

    return (
        f"WITH RECURSIVE mdt_skip(v) AS (SELECT ({step_sql('%s')}) UNION ALL "
        f"SELECT ({step_sql('mdt_skip.v')}) FROM mdt_skip WHERE mdt_skip.v IS NOT NULL) "
        "SELECT v FROM mdt_skip WHERE v IS NOT NULL",
        [*params[:at], "", *params[at + 1 :], *rest],
    )


def distinct_values(queryset: QuerySet, field: str) -> list[str]:
    """The distinct non-empty values of an indexed text column among `queryset`'s rows, in order.

    A skip scan (a recursive query that asks the index for the next value greater than the last one) costs one
    index probe per distinct value, where SELECT DISTINCT reads every row: the queue's country list stays cheap
    however many cases there are. The step is `queryset`'s own SQL, so the access rules are the ones it carries.
    """
    scan = _skip_scan(queryset, field)
    if scan is None:  # read it all
        values = queryset.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
        return list(values)
    with connection.cursor() as cursor:
        cursor.execute(*scan)
        return [row[0] for row in cursor.fetchall()]


def needs_me_filter(user) -> Q:
    """Cases waiting on a coordinator's move that nobody else has taken on."""
    waiting = Q(state__in=states.NEEDS_TRIAGE) | Q(state=State.READY_FOR_MDT, mdt_meeting_at__isnull=True)
    return (Q(coordinator=user) | Q(coordinator__isnull=True)) & waiting


def queue_base(user) -> QuerySet:
    """Every case `user` may act on from the queue, with just the columns it shows."""
    return visible_cases(user).filter(state__in=states.SUBMITTED_ONCE).only(*_COLUMNS)


# Each row's team as a JSON list in the rows' own query (a prefetch was one more query a page; issue 16): the chair
# first, then by last name.
_TEAM = Subquery(
    CaseAssignment.objects.filter(case=OuterRef("pk"))
    .order_by()
    .values("case")
    .annotate(
        team=JSONBAgg(
            JSONObject(
                first_name=F("specialist__first_name"),
                last_name=F("specialist__last_name"),
                email=F("specialist__email"),
                discipline=F("discipline"),
                is_chair=F("is_chair"),
            ),
            order_by=(F("is_chair").desc(), F("specialist__last_name").asc(), F("pk").asc()),
        )
    )
    .values("team")[:1],
    output_field=JSONField(),
)


def _with_team(queryset: QuerySet) -> QuerySet:
    """The rows with their teams: as JSON in the same query on PostgreSQL, in one prefetch elsewhere (SQLite)."""
    if connection.vendor == "postgresql":
        return queryset.annotate(team=_TEAM)
    assignments = (
        CaseAssignment.objects.select_related("specialist")
        .only("case_id", "discipline", "is_chair", *(f"specialist__{f}" for f in ("first_name", "last_name", "email")))
        .order_by("-is_chair", "specialist__last_name", "pk")
    )
    return queryset.prefetch_related(Prefetch("assignments", queryset=assignments))


def _team(case: Case) -> list["TeamMember"]:
    if connection.vendor == "postgresql":
        return [TeamMember.from_json(member) for member in case.team or ()]
    return [TeamMember(str(a.specialist), a.discipline, a.is_chair) for a in case.assignments.all()]


@dataclass
class TeamMember:
    """One assignment as a queue row shows it."""

    name: str
    discipline: str
    is_chair: bool
    discipline_label: str = ""

    @classmethod
    def from_json(cls, data: dict) -> "TeamMember":
        # The name as User.__str__ writes it: the full name, else the email.
        name = f"{data['first_name'] or ''} {data['last_name'] or ''}".strip() or data["email"]
        return cls(name=name, discipline=data["discipline"], is_chair=data["is_chair"])


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def _select():
    return forms.Select(attrs={"class": "form-select"})


class QueueFilter(FilterSet):
    q = CharFilter(
        label=_("Reference or patient name"),
        method="filter_search",
        widget=forms.SearchInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    state = MultipleChoiceFilter(
        label=_("State"),
        choices=[(value, label) for value, label in State.choices if value in states.SUBMITTED_ONCE],
        widget=_checkboxes(),
    )
    priority = MultipleChoiceFilter(label=_("Priority"), choices=Priority.choices, widget=_checkboxes())
    cancer_type = ChoiceFilter(
        label=_("Cancer type"),
        # Callables, here and for the sort: a FilterSet deep-copies its filters and their form fields on every
        # request, and a list of lazy labels is costly to copy (issue 16).
        choices=lambda: [(code, gettext(ct.label)) for code, ct in codes.CANCER_TYPES.items()],
        empty_label=_("Any"),
        widget=_select(),
    )
    country = ChoiceFilter(label=_("Country"), field_name="patient_country", empty_label=_("Any"), widget=_select())
    assignee = ChoiceFilter(label=_("Specialist"), method="filter_assignee", empty_label=_("Anyone"), widget=_select())
    needs_me = BooleanFilter(
        label=_("Needs me"),
        method="filter_needs_me",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    sort = ChoiceFilter(
        label=_("Sort by"),
        choices=_sort_choices,
        method="order",
        empty_label=_("Priority, then longest waiting"),
        widget=_select(),
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, data=None, *args, user=None, lists: "QueueLists | None" = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        if lists is None:
            staff = list(_staff_queryset().values(*_STAFF_FIELDS))
            lists = QueueLists(staff, distinct_values(queue_base(user), "patient_country"), [])
        self.lists = lists
        self.filters["country"].extra["choices"] = [(country, country) for country in lists.countries]
        self.filters["assignee"].extra["choices"] = self._assignee_choices()

    def _assignee_choices(self):
        def build():
            specialists = [u for u in self.lists.staff if u.role == Role.SPECIALIST]
            people = [
                (str(u.pk), f"{u} ({code_label(Discipline, u.discipline)})" if u.discipline else str(u))
                for u in specialists
            ]
            return [(UNASSIGNED, gettext("Nobody yet")), *people]

        # Once per language and list of specialists (their discipline's name was translated for each; issue 16).
        return list(_kept("html", ("assignee", get_language(), self.lists.specialists_key), build))

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self.queryset = queue_base(self.user)
        return super().qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("state"):
            queryset = queryset.filter(state__in=states.OPEN)
        if not data.get("sort"):
            queryset = queryset.order_by(*DEFAULT_ORDER, "pk")
        return queryset

    def filter_assignee(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.exclude(pk__in=CaseAssignment.objects.values("case_id"))
        # A subquery, not a join, so the case appears once and counts stay right.
        return queryset.filter(pk__in=CaseAssignment.objects.filter(specialist_id=value).values("case_id"))

    def filter_needs_me(self, queryset, name, value):
        return queryset.filter(needs_me_filter(self.user)) if value else queryset

    def filter_search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        by_reference = Q(reference__istartswith=text)
        if not text.upper().startswith("MDT-"):
            by_reference |= Q(reference__istartswith=f"MDT-{text}")
        return queryset.filter(by_reference | Q(patient_name__icontains=text))

    def order(self, queryset, name, value):
        key = value.removeprefix("-")
        expressions = SORTS[key][1]
        if value.startswith("-"):
            expressions = [_descending(e) for e in expressions]
        # The primary key last, so pages never overlap or skip a case.
        return queryset.order_by(*expressions, "-pk" if value.startswith("-") else "pk")


_STAFF_FIELDS = ("id", "first_name", "last_name", "email", "role", "discipline")


def _staff_queryset() -> QuerySet:
    staff = User.objects.filter(role__in=[Role.SPECIALIST, Role.COORDINATOR, Role.ADMIN], is_active=True)
    return staff.order_by("last_name", "first_name", "pk")


@dataclass
class QueueLists:
    """The lists the queue page shows beside its rows."""

    staff_rows: list[dict]  # active staff by name (_STAFF_FIELDS): the specialist filter's and the bulk form's choices
    countries: list[str]  # the countries among the cases the user may see
    saved_views: list[SavedQueueView]  # the user's own saved views

    @cached_property
    def staff(self) -> list[User]:
        """The staff as User instances: only wanted when a kept form is drawn again (issue 16: building forty
        Users a request cost more than the query that read them)."""
        return [User(**row) for row in self.staff_rows]

    @cached_property
    def staff_key(self) -> tuple:
        """Everything the bulk form shows of the staff."""
        return tuple(tuple(row[f] for f in _STAFF_FIELDS) for row in self.staff_rows)

    @cached_property
    def specialists_key(self) -> tuple:
        """Everything the specialist filter shows of the specialists: id, name, email and discipline."""
        fields = ("id", "first_name", "last_name", "email", "discipline")
        return tuple(tuple(row[f] for f in fields) for row in self.staff_rows if row["role"] == Role.SPECIALIST)


@lru_cache(maxsize=1)
def _lists_sql() -> dict[str, tuple[str, list]]:
    """The staff and saved-views queries' SQL, compiled once per process (the same for every user but the user's
    id, the saved views' only parameter)."""
    staff = _staff_queryset().values(*_STAFF_FIELDS).query.sql_with_params()
    saved_sql, saved_params = (
        SavedQueueView.objects.filter(user_id=0).values("id", "name", "query").query.sql_with_params()
    )
    if list(saved_params) != [0]:  # the user's id must be the only parameter, or the cached SQL would be wrong
        raise RuntimeError(f"unexpected saved views query parameters: {saved_params!r}")
    return {"staff": (staff[0], list(staff[1])), "saved": (saved_sql, [])}


def queue_lists(user) -> QueueLists:
    """The page's staff, countries and saved views: in one query on PostgreSQL (three round trips cost more than
    the lists themselves on a busy machine; issue 16), one each elsewhere."""
    scan = (
        _kept("sql", ("countries", *_reader_key(user)), lambda: _skip_scan(queue_base(user), "patient_country"))
        if connection.vendor == "postgresql"
        else None
    )
    if scan is None:
        saved = SavedQueueView.objects.filter(user=user)
        staff = list(_staff_queryset().values(*_STAFF_FIELDS))
        return QueueLists(staff, distinct_values(queue_base(user), "patient_country"), list(saved))
    staff_sql, staff_params = _lists_sql()["staff"]
    saved_sql, saved_params = _lists_sql()["saved"][0], [user.pk]
    countries_sql, countries_params = scan
    with connection.cursor() as cursor:
        # json_agg keeps the order its subquery's rows come in (ORDER BY inside each subquery).
        cursor.execute(
            f"SELECT (SELECT COALESCE(json_agg(mdt_s), '[]') FROM ({staff_sql}) AS mdt_s), "
            f"(SELECT COALESCE(json_agg(mdt_v), '[]') FROM ({saved_sql}) AS mdt_v), ARRAY({countries_sql})",
            [*staff_params, *saved_params, *countries_params],
        )
        staff, views, countries = cursor.fetchone()
    if isinstance(staff, str):  # a driver that does not decode json
        staff, views = json.loads(staff), json.loads(views)
    return QueueLists(
        staff_rows=staff,
        countries=list(countries),
        saved_views=[SavedQueueView(user_id=user.pk, **row) for row in views],
    )


def queue_for(*, user, params: QueryDict, lists: QueueLists | None = None) -> "QueueQuery":
    """The queue as `user` asked for it in `params` (always bound, so the defaults apply); its choices from `lists`
    (`queue_lists(user)`) when given. Its cases (`queue_base(user)`) are built when `qs` is first asked for: a
    page whose SQL is kept (`_kept`) never asks."""
    return QueueQuery(user=user, params=params, lists=lists)


class QueueQuery:
    """The filters a reader asked for, read as the filter form reads them (`QueueFilter`), which is only built when
    something of it is not kept (`_kept`): the filters as cleaned and the form's errors are kept under the input
    they are made from (issue 16: building and validating the FilterSet's form was a tenth of the page's time)."""

    def __init__(self, *, user, params: QueryDict, lists: QueueLists | None = None):
        self.user = user
        self.data = params
        self._lists = lists

    @cached_property
    def filterset(self) -> QueueFilter:
        return QueueFilter(self.data, queryset=Case.objects.none(), user=self.user, lists=self._lists)

    @property
    def lists(self) -> QueueLists:
        return self.filterset.lists if self._lists is None else self._lists

    @property
    def form(self) -> forms.Form:
        return self.filterset.form

    @property
    def qs(self) -> QuerySet:
        return self.filterset.qs

    @cached_property
    def typed(self) -> tuple:
        """The form's input: what was typed for each of its fields."""
        data = self.data
        return tuple(
            (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name)) for name in _FIELDS
        )

    @cached_property
    def _validated(self) -> tuple[dict, list[tuple[str, list[str]]]]:
        def build():
            form = self.form
            form.is_valid()
            errors = [
                (str(form[name].label), [str(e) for e in form.errors[name]])
                for name in form.errors
                if name in form.fields
            ]
            return form.cleaned_data, errors

        # The choices the fields check against are part of the key; the language is, for the error messages.
        lists = self.lists
        key = ("clean", get_language(), self.typed, tuple(lists.countries), lists.specialists_key)
        return _kept("form", key, build)

    @property
    def cleaned_data(self) -> dict:
        """The filters as the form cleans them (a value not in the choices is dropped, like the form drops it)."""
        return self._validated[0]

    @property
    def errors(self) -> list[tuple[str, list[str]]]:
        """(label, messages) of each filter the form could not read, in the form's order."""
        return self._validated[1]


_FIELDS = tuple(QueueFilter.base_filters)


def capped_count(queryset: QuerySet, cap: int | None = None) -> int:
    """How many rows `queryset` has, counting no further than `cap` + 1 (more than `cap` reads as `cap` + 1).

    An exact COUNT reads every matching row, so its cost grows with the number of cases; this one stops after
    `cap` + 1 rows, whatever the size of the table (issue 16).
    """
    cap = COUNT_CAP if cap is None else cap
    return queryset.order_by().values("pk")[: cap + 1].count()


def capped_counts(*querysets: QuerySet, cap: int | None = None) -> list[int]:
    """`capped_count` of each of `querysets`, all in one query (issue 16: a round trip each cost more than the
    counting itself on a busy machine)."""
    with connection.cursor() as cursor:
        cursor.execute(*_counts_sql(list(querysets), [COUNT_CAP if cap is None else cap] * len(querysets)))
        return list(cursor.fetchone())


@dataclass
class QueuePage:
    """One page of the queue: its rows, and how many cases match, exactly up to COUNT_CAP ("more than" beyond).

    The same attributes as a Django `Page` that the template reads (`paginator.count`, `paginator.num_pages`,
    `start_index`, …), without an exact count of every matching case on each request.
    """

    object_list: list
    number: int
    count: int  # exact when `exact`, else COUNT_CAP + 1 (the template says "more than COUNT_CAP")
    exact: bool
    needs_me_count: int = 0  # the "Needs me" badge's count, exact up to NEEDS_ME_CAP (NEEDS_ME_CAP + 1 beyond)
    rows_html: SafeString = SafeString("")  # the table's rows (`_row_html`)

    @property
    def paginator(self) -> "QueuePage":
        return self  # the template asks page.paginator.count and page.paginator.num_pages

    @property
    def num_pages(self) -> int | None:
        return max(1, -(-self.count // PAGE_SIZE)) if self.exact else None

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def needs_me_cap(self) -> int:
        return NEEDS_ME_CAP

    def has_next(self) -> bool:
        return self.number * PAGE_SIZE < self.count if self.exact else self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.object_list)

    _more: bool = False  # set when the count is capped: whether a row follows this page


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def _kept(kind: str, key: tuple, build: Callable[[], Any]) -> Any:
    """What `build()` makes, kept in this process under `kind` and `key` (Django's LocMemCache, the "process" cache
    in settings: least recently used first out, thread-safe).

    The queue keeps its compiled SQL and its forms' HTML there (issue 16: building and compiling the rows' and
    counts' querysets, and drawing the filter and bulk forms, cost more than running the queries). Each key names
    everything its value is made from, so a kept value is never stale, only unused:
    - the SQL of the rows, counts and country list: the reader's id, role and whether the account is active (the
      access rules, `visible_cases_filter`, are subqueries, never lists of ids, so a new assignment or a revoked
      caregiver shows at once), the filters as cleaned and the page; nothing in the SQL depends on the time;
    - the filter form's and the bulk form's HTML: the language, the filters as typed and the choices;
    - the filters as the form cleans them and its errors (`QueueQuery`): the language, the filters as typed and the
      choices they are checked against.
    """
    digest = hashlib.sha256(repr((kind, key)).encode()).hexdigest()
    return caches["process"].get_or_set(f"queue:{kind}:{digest}", build)


def _reader_key(user) -> tuple:
    return (connection.alias, user.pk, user.role, user.is_active, user.is_superuser)


def _frozen(value):
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(_frozen(v) for v in value))
    if isinstance(value, models.Model):
        return (type(value).__name__, value.pk)
    return value


def _filters_key(filterset: QueueQuery) -> tuple:
    """The filters as the form cleaned them (call after validation): the whole input of `filter_queryset`."""
    return tuple(sorted((name, _frozen(value)) for name, value in filterset.cleaned_data.items()))


def _counts_queryset(queryset: QuerySet, cap: int) -> QuerySet:
    return queryset.order_by().values("pk")[: cap + 1]


def _capped_counts_cached(key: tuple, querysets: Callable[[], list[QuerySet]], caps: list[int]) -> list[int]:
    """`capped_counts` with its SQL kept (`_kept`) under `key`, each queryset counted to its own cap."""
    compiled = _kept("sql", ("counts", tuple(caps), *key), lambda: _counts_sql(querysets(), caps))
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        return list(cursor.fetchone())


def _counts_sql(querysets: list[QuerySet], caps: list[int]) -> tuple[str, list]:
    """The counts of `querysets`, each capped at its cap in `caps`, as one SELECT."""
    parts, params = [], []
    for queryset, cap in zip(querysets, caps, strict=True):
        sql, part_params = _counts_queryset(queryset, cap).query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS mdt_capped)")
        params.extend(part_params)
    return f"SELECT {', '.join(parts)}", params


class QueueRow:
    """One row of the page as its query returns it: the columns and annotations as attributes, like the Case
    instance it stands for (building a Case cost ~20 µs a row: the model has about a hundred fields; issue 16)."""

    def __init__(self, names: list[str], values: tuple):
        self.__dict__.update(zip(names, values, strict=True))

    @property
    def emergencies(self) -> tuple[str, ...]:
        """As Case.emergencies: the emergencies the patient answered "yes" to."""
        return tuple(code for code in EMERGENCY_CODES if getattr(self, f"emergency_{code}"))


def _rows(filterset: QueueQuery, number: int, *, extra: int) -> list:
    """The page's rows (and `extra` more), annotated with their changes and teams."""

    def build() -> QuerySet:
        # What changed since the coordinator last looked: subqueries of the rows' own query (cases.changes).
        annotated = _with_team(annotate_changes(filterset.qs, filterset.user))
        return annotated[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + extra]

    if connection.vendor != "postgresql":  # SQLite: the teams come by a prefetch, which raw SQL does not do
        return list(build())
    key = ("rows", number, extra, *_reader_key(filterset.user), _filters_key(filterset))
    compiled = _kept("sql", key, lambda: build().query.sql_with_params())
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        names = [column.name for column in cursor.description]
        rows = [QueueRow(names, values) for values in cursor.fetchall()]
    for case in rows:
        if isinstance(case.team, str):  # jsonb arrives as text outside a JSONField's converter
            case.team = json.loads(case.team)
    return rows


def filters_html(filterset: QueueQuery, lists: QueueLists) -> SafeString:
    """The filter form's HTML (cases/_queue_filters.html), rendered once per process for each language, filters
    as typed and choices (issue 16: its widgets were a third of the page's template time).

    The key is everything the fragment shows: the language, the form's data for its fields (bound values, as the
    widgets print them), the country choices and the specialists offered (id, name, email, discipline).
    """
    key = (get_language(), filterset.typed, tuple(lists.countries), lists.specialists_key)
    return _kept(
        "html",
        ("filters", *key),
        lambda: SafeString(render_to_string("cases/_queue_filters.html", {"form": filterset.form})),
    )


def bulk_fields_html(lists: QueueLists, chosen: dict | None = None) -> SafeString:
    """The bulk form's fields (cases/_queue_bulk_fields.html: the coordinator and the specialists to add), once per
    process for each language and staff list; with `chosen` ({"coordinator": id, "specialists": [id, ...]} as
    posted), drawn afresh with those chosen."""

    def build() -> SafeString:
        from cases.forms import BulkAssignForm

        form = BulkAssignForm(initial=chosen or {}).show_choices(lists.staff)
        return SafeString(render_to_string("cases/_queue_bulk_fields.html", {"bulk_form": form}))

    if chosen:
        return build()
    return _kept("html", ("bulk", get_language(), lists.staff_key), build)


def queue_page(*, filterset: QueueQuery, page_number, ticked: frozenset[str] = frozenset()) -> QueuePage:
    """The page asked for (the last one if it is past the end, like Django's `get_page`), in one query for its rows
    and at most one capped count; the rows whose reference is in `ticked` are ticked for the bulk form."""
    number = _page_number(page_number)
    user = filterset.user
    rows = _rows(filterset, number, extra=1)  # one more: is there a next page?
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]

    def needs_me() -> QuerySet:
        return queue_base(user).filter(needs_me_filter(user))

    if not rows and number > 1:
        # Past the end (an old link): the last page, as Django's paginator would show.
        total = filterset.qs.count()
        number = max(1, -(-total // PAGE_SIZE))
        rows = _rows(filterset, number, extra=0)
        page = QueuePage(rows, number, total, exact=True, needs_me_count=needs_me_count(user))
    elif not more:
        # The last page: the count is known without asking.
        total = (number - 1) * PAGE_SIZE + len(rows)
        page = QueuePage(rows, number, total, exact=True, needs_me_count=needs_me_count(user))
    else:
        # The total and the "Needs me" badge in one query.
        count, needs_me_total = _capped_counts_cached(
            ("page", *_reader_key(user), _filters_key(filterset)),
            lambda: [filterset.qs, needs_me()],
            [COUNT_CAP, NEEDS_ME_CAP],
        )
        exact = count <= COUNT_CAP
        page = QueuePage(rows, number, count, exact=exact, needs_me_count=needs_me_total, _more=more)
    now = timezone.now()
    words = _page_row_words()
    cancer_labels: dict[str, str] = {}  # each label translated once a page
    discipline_labels: dict[str, str] = {}
    for case in page.object_list:
        case.days_waiting = (now - case.state_changed_at).days if case.state_changed_at else None
        if case.cancer_type and case.cancer_type not in cancer_labels:
            cancer_labels[case.cancer_type] = cancer_type_label(case.cancer_type)
        case.cancer_type_label = cancer_labels.get(case.cancer_type, "")
        case.emergency_reasons = [gettext(EMERGENCIES[code][1]) for code in case.emergencies]
        case.change_total = change_total(case)
        case.team = _team(case)
        for assignment in case.team:
            if assignment.discipline not in discipline_labels:
                discipline_labels[assignment.discipline] = code_label(Discipline, assignment.discipline)
            assignment.discipline_label = discipline_labels[assignment.discipline]
        case.ticked = case.reference in ticked
        case.row_html = _row_html(case, words)
    page.rows_html = SafeString("\n".join(case.row_html for case in page.object_list))
    return page


def _row_words() -> dict[str, str]:
    """The words every row repeats, translated once per page."""
    return {
        "reference": gettext("Reference"),
        "patient": gettext("Patient"),
        "country": gettext("Country"),
        "cancer": gettext("Cancer type and stage"),
        "state": gettext("State"),
        "priority": gettext("Priority"),
        "completeness": gettext("Completeness"),
        "waiting": gettext("Days waiting"),
        "team": gettext("Specialists"),
        "chair": gettext("Chair"),
        "overridden": gettext("overridden"),
        "overridden_title": gettext("Set by a coordinator, not the rules"),
        "emergency": gettext("Emergency reported"),
        "nobody": gettext("None yet"),
        "stage": gettext("stage %(stage)s"),
        "select": gettext("Select"),
        "select_case": gettext("Select %(ref)s"),
        "unopened": gettext("Not opened yet"),
        "since": gettext("Since you last opened the case"),
        **{f"state:{value}": str(label) for value, label in State.choices},
        **{f"priority:{value}": str(label) for value, label in Priority.choices},
    }


def _escape(value) -> str:
    return value if hasattr(value, "__html__") else html.escape(str(value))


def _fmt(template: str, *args) -> SafeString:
    """format_html without its per-argument lazy-string checks (about a third of a row's cost; issue 16): the same
    escaping (html.escape, as django.utils.html.escape), and values already safe are kept as they are."""
    return SafeString(template.format(*map(_escape, args)))


def _changed_html(case: Case, words: dict[str, str]) -> str:
    """What changed on the case since the reader last opened it (cases/templates/cases/_changed.html, in Python)."""
    parts = []
    if getattr(case, "seen_at", None) is None:
        parts.append(words.get("_unopened") or _unopened_html(words))
    total = getattr(case, "change_total", 0)
    if total:
        counts = [
            (case.new_answers, ngettext("%(counter)s answer", "%(counter)s answers", case.new_answers)),
            (case.new_messages, ngettext("%(counter)s message", "%(counter)s messages", case.new_messages)),
            (case.new_records, ngettext("%(counter)s record", "%(counter)s records", case.new_records)),
            (case.new_edits, ngettext("%(counter)s edit", "%(counter)s edits", case.new_edits)),
        ]
        detail = " ".join(text % {"counter": n} for n, text in counts if n)
        parts.append(
            _fmt(
                '<span class="badge text-bg-info changed-badge" data-changed="{}" title="{}">{}</span>'
                '<div class="small text-muted changed-detail">{}</div>',
                total,
                words["since"],
                ngettext("%(counter)s new", "%(counter)s new", total) % {"counter": total},
                detail,
            )
        )
    return SafeString("".join(parts))


def _unopened_html(words: dict[str, str]) -> SafeString:
    return _fmt(
        '<span class="badge text-bg-light border changed-badge" data-changed="unopened">{}</span>', words["unopened"]
    )


_PRIORITY_BADGE = {Priority.URGENT: "text-bg-danger", Priority.HIGH: "text-bg-warning"}

# One row of the table. The words in it are the same on every row of a page: `_row_template` writes them in once
# a page, leaving the case's own values ({{name}}) to `_row_html`.
_ROW = (
    "<tr>"
    '<td class="queue-select" data-label="{select}"><input class="form-check-input" type="checkbox" name="cases"'
    ' value="{{ref}}" form="bulk-form" id="select-{{ref}}" aria-label="{{select_case}}"{{checked}}></td>'
    '<td data-label="{reference}"><div><a href="{{url}}">{{ref}}</a> {{changed}}</div></td>'
    '<td data-label="{patient}">{{patient}}</td>'
    '<td data-label="{country}">{{country}}</td>'
    '<td data-label="{cancer}"><div>{{cancer}}{{stage}}</div></td>'
    '<td data-label="{state}"><span class="badge text-bg-secondary">{{state}}</span></td>'
    '<td class="text-nowrap" data-label="{priority}"><div><span class="badge {{badge}}">{{priority}}</span>'
    "{{overridden}}</div>{{emergency}}</td>"
    '<td data-label="{completeness}"><div><span class="small">{{score}}%</span>'
    '<div class="progress queue-progress" aria-hidden="true">'
    '<div class="progress-bar" data-width="{{score}}"></div></div></div></td>'
    '<td data-label="{waiting}">{{days}}</td>'
    '<td class="queue-team" data-label="{team}">{{team}}</td>'
    "</tr>"
)


def _row_template(words: dict[str, str]) -> str:
    """`_ROW` with the page's words in it, escaped (and their braces doubled, so they stay text)."""

    def text(value: str) -> str:
        return html.escape(value).replace("{", "{{").replace("}", "}}")

    return _ROW.format(**{key: text(words[key]) for key in _ROW_WORDS})


_ROW_WORDS = (
    "select",
    "reference",
    "patient",
    "country",
    "cancer",
    "state",
    "priority",
    "completeness",
    "waiting",
    "team",
)


def _page_row_words() -> dict[str, str]:
    """`_row_words` and what the rows build from them once a page: the row's template and the fixed badges."""
    words = _row_words()
    words["case_url"] = reverse("intake:case_detail", args=["MDT-0"]).replace("MDT-0", "{}")
    words["_row"] = _row_template(words)
    words["_unopened"] = _unopened_html(words)
    words["_overridden"] = _fmt(
        ' <span class="small text-muted" title="{}">{}</span>', words["overridden_title"], words["overridden"]
    )
    words["_chair"] = _fmt(' <span class="badge text-bg-info">{}</span>', words["chair"])
    words["_nobody"] = _fmt('<span class="text-muted small">{}</span>', words["nobody"])
    words["_emergency"] = html.escape(words["emergency"])
    words.update({f"_{k}": html.escape(v) for k, v in words.items() if k.startswith(("state:", "priority:"))})
    return words


def _row_html(case: Case, words: dict[str, str]) -> str:
    """One row of the queue's table, written in Python: the template engine cost about 0.25 ms a row (issue 16).

    The markup is the table's (cases/templates/cases/queue.html shows the columns' headers and the page). `words`
    is `_page_row_words()`: each value of the case is escaped here, each word once a page.
    """
    if "_row" not in words:
        words = {**words, **_page_row_words()}
    escape = html.escape
    reference = escape(str(case.reference))
    stage = ""
    if case.stage_group and case.stage_group != "unknown" and case.cancer_type not in codes.NO_STAGE_GROUP:
        # A blood cancer's stage is named by its system ("Lugano 2014 stage II"), a solid tumour's is TNM's.
        if case.cancer_type in codes.NO_TNM:
            text = stage_label(case.cancer_type, case.stage_group)
        else:
            text = words["stage"] % {"stage": case.stage_group}
        stage = f' <span class="text-muted text-nowrap">· {escape(text)}</span>'
    emergency = ""
    if case.emergency_reasons:
        emergency = (
            '<div class="queue-emergency text-danger small text-wrap" data-emergency-reasons>'
            f"<strong>{words['_emergency']}:</strong> {escape('; '.join(case.emergency_reasons))}</div>"
        )
    if case.team:
        chair = words["_chair"]
        members = "".join(
            f'<li>{escape(str(a.name))} <span class="text-muted">({escape(str(a.discipline_label))})</span>'
            f"{chair if a.is_chair else ''}</li>"
            for a in case.team
        )
        team = f'<ul class="list-unstyled mb-0 small">{members}</ul>'
    else:
        team = words["_nobody"]
    return SafeString(
        words["_row"].format(
            ref=reference,
            select_case=escape(words["select_case"] % {"ref": case.reference}),
            checked=" checked" if getattr(case, "ticked", False) else "",
            url=escape(words["case_url"].format(case.reference)),
            changed=_changed_html(case, words),
            patient=escape(case.patient_name or "—"),
            country=escape(case.patient_country or "—"),
            cancer=escape(case.cancer_type_label or "—"),
            stage=stage,
            state=words.get(f"_state:{case.state}") or escape(str(case.state)),
            badge=_PRIORITY_BADGE.get(case.priority, "text-bg-light border"),
            priority=words.get(f"_priority:{case.priority}") or escape(str(case.priority)),
            overridden=words["_overridden"] if case.priority_override else "",
            emergency=emergency,
            score=escape(str(case.completeness_score)),
            days="—" if case.days_waiting is None else escape(str(case.days_waiting)),
            team=team,
        )
    )


def needs_me_count(user) -> int:
    """How many cases need `user`, counted up to NEEDS_ME_CAP + 1 (the badge then says "more than NEEDS_ME_CAP")."""
    (count,) = _capped_counts_cached(
        ("needs_me", *_reader_key(user)), lambda: [queue_base(user).filter(needs_me_filter(user))], [NEEDS_ME_CAP]
    )
    return count


def _pairs(params: QueryDict) -> list[tuple[str, str]]:
    return [(key, value) for key, values in params.lists() for value in values]


def with_params(params: QueryDict, **changes) -> str:
    """The query string of `params` with `changes` applied (None removes a key); page always resets."""
    return _with_pairs(_pairs(params), changes)


def _with_pairs(pairs: list[tuple[str, str]], changes: dict) -> str:
    # As QueryDict.copy/pop/setitem/urlencode would write it (a changed key moves to the end), without the deep
    # copy of the QueryDict that each header's link cost (issue 16).
    kept = [(k, v) for k, v in pairs if k != "page" and k not in changes]
    kept += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode(kept)


def sort_headers(params: QueryDict, current: str) -> list[dict]:
    """Each column's header: its label, the link that sorts by it, and aria-sort if it is active."""
    pairs = _pairs(params)
    headers = []
    for key, (label, _order) in SORTS.items():
        aria = None
        next_sort = key
        if current == key:
            aria, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria = "descending"
        headers.append(
            {"key": key, "label": label, "aria_sort": aria, "query": _with_pairs(pairs, {"sort": next_sort})}
        )
    return headers


_ARROWS = {"ascending": ' <span aria-hidden="true">▲</span>', "descending": ' <span aria-hidden="true">▼</span>'}


def headers_html(params: QueryDict, current: str) -> SafeString:
    """The table's column headers, each a link that sorts by it (written in Python like the rows; issue 16)."""
    cells = []
    for header in sort_headers(params, current):
        aria = header["aria_sort"]
        cells.append(
            _fmt(
                '<th scope="col"{}><a class="link-body-emphasis" href="?{}">{}{}</a></th>',
                SafeString(f' aria-sort="{aria}"') if aria else "",
                header["query"],
                header["label"],
                SafeString(_ARROWS.get(aria, "")),
            )
        )
    return SafeString("\n".join(cells))
