"""The coordinator's triage queue: which cases, filtered and sorted how.

Everything the page shows comes from a fixed number of queries, whatever the
number of cases: the filters and sorts run in the database on the
denormalised triage fields (`priority`, `completeness_score`,
`state_changed_at`), the page's assignments come in one prefetch, and the
filter choices in one query each.
"""

from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, MultipleChoiceFilter

from cases import states
from cases.access import visible_cases
from cases.changes import annotate_changes, change_total
from cases.clinical import codes
from cases.clinical.emergencies import EMERGENCIES
from cases.labels import cancer_type_label, code_label
from cases.models import PRIORITY_RANK, Case, CaseAssignment, Priority, State
from cases.models.case import EMERGENCY_FIELDS
from cases.models.users import Discipline, Role, User

PAGE_SIZE = 25

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

_lazy_gettext = lazy(gettext, str)


def _rank(field: str, order) -> models.Case:
    """An integer for sorting a coded field in a meaningful order, not alphabetically."""
    whens = [When(**{field: value}, then=Value(rank)) for rank, value in enumerate(order)]
    return models.Case(*whens, default=Value(len(order)), output_field=IntegerField())


# A case whose patient reports an emergency (cases.clinical.emergencies) comes before every other,
# whatever its priority: the coordinator must see it first and make sure the patient seeks care.
HAS_EMERGENCY = Q(**{EMERGENCY_FIELDS[0]: True})
for _field in EMERGENCY_FIELDS[1:]:
    HAS_EMERGENCY |= Q(**{_field: True})
_PRIORITY_RANK = models.Case(
    When(HAS_EMERGENCY, then=Value(-1)),
    *[
        When(priority=value, then=Value(rank))
        for rank, value in enumerate(sorted(PRIORITY_RANK, key=PRIORITY_RANK.get))
    ],
    default=Value(len(PRIORITY_RANK)),
    output_field=IntegerField(),
)
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


def distinct_values(queryset: QuerySet, field: str) -> list[str]:
    """The distinct non-empty values of an indexed text column among `queryset`'s rows, in order.

    A skip scan (a recursive query that asks the index for the next value greater than the last one) costs one
    index probe per distinct value, where SELECT DISTINCT reads every row: the queue's country list stays cheap
    however many cases there are. The step is `queryset`'s own SQL, so the access rules are the ones it carries.
    """
    step = queryset.filter(**{f"{field}__gt": _SKIP_MARKER}).order_by(field).values_list(field, flat=True)[:1]
    sql, params = step.query.sql_with_params()
    parts = sql.split("%s")
    if len(parts) != len(params) + 1 or params.count(_SKIP_MARKER) != 1:  # not plain placeholders: read it all
        values = queryset.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
        return list(values)
    at = params.index(_SKIP_MARKER)
    rest = params[:at] + params[at + 1 :]

    def step_sql(last: str) -> str:
        return "%s".join(parts[: at + 1]) + last + "%s".join(parts[at + 1 :])

    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE mdt_skip(v) AS (SELECT ({step_sql('%s')}) UNION ALL "
            f"SELECT ({step_sql('mdt_skip.v')}) FROM mdt_skip WHERE mdt_skip.v IS NOT NULL) "
            "SELECT v FROM mdt_skip WHERE v IS NOT NULL",
            [*params[:at], "", *params[at + 1 :], *rest],
        )
        return [row[0] for row in cursor.fetchall()]


def needs_me_filter(user) -> Q:
    """Cases waiting on a coordinator's move that nobody else has taken on."""
    waiting = Q(state__in=states.NEEDS_TRIAGE) | Q(state=State.READY_FOR_MDT, mdt_meeting_at__isnull=True)
    return (Q(coordinator=user) | Q(coordinator__isnull=True)) & waiting


def queue_base(user) -> QuerySet:
    """Every case `user` may act on from the queue, with just the columns it shows."""
    assignments = (
        CaseAssignment.objects.select_related("specialist")
        .only("case_id", "discipline", "is_chair", *(f"specialist__{f}" for f in ("first_name", "last_name", "email")))
        .order_by("-is_chair", "specialist__last_name")
    )
    return (
        visible_cases(user)
        .filter(state__in=states.SUBMITTED_ONCE)
        .only(*_COLUMNS)
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )


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
        choices=[(code, _lazy_gettext(ct.label)) for code, ct in codes.CANCER_TYPES.items()],
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
        choices=_sort_choices(),
        method="order",
        empty_label=_("Priority, then longest waiting"),
        widget=_select(),
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["country"].extra["choices"] = self._country_choices()
        self.filters["assignee"].extra["choices"] = self._assignee_choices()

    def _country_choices(self):
        return [(country, country) for country in distinct_values(self.queryset, "patient_country")]

    @staticmethod
    def _assignee_choices():
        specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True).order_by("last_name", "first_name")
        people = [
            (str(u.pk), f"{u} ({code_label(Discipline, u.discipline)})" if u.discipline else str(u))
            for u in specialists.only("pk", "first_name", "last_name", "email", "discipline")
        ]
        return [(UNASSIGNED, _("Nobody yet")), *people]

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


def queue_for(*, user, params: QueryDict) -> QueueFilter:
    """The queue as `user` asked for it in `params` (always bound, so the defaults apply)."""
    return QueueFilter(params, queryset=queue_base(user), user=user)


def queue_page(*, filterset: QueueFilter, page_number) -> Page:
    # What changed since the coordinator last looked: subqueries of the page's own query (cases.changes).
    page = Paginator(annotate_changes(filterset.qs, filterset.user), PAGE_SIZE).get_page(page_number)
    now = timezone.now()
    for case in page.object_list:
        case.days_waiting = (now - case.state_changed_at).days if case.state_changed_at else None
        case.cancer_type_label = cancer_type_label(case.cancer_type) if case.cancer_type else ""
        case.emergency_reasons = [gettext(EMERGENCIES[code][1]) for code in case.emergencies]
        case.change_total = change_total(case)
        for assignment in case.assignments.all():
            assignment.discipline_label = code_label(Discipline, assignment.discipline)
    return page


def needs_me_count(user) -> int:
    return queue_base(user).filter(needs_me_filter(user)).count()


def with_params(params: QueryDict, **changes) -> str:
    """The query string of `params` with `changes` applied (None removes a key); page always resets."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def sort_headers(params: QueryDict, current: str) -> list[dict]:
    """Each column's header: its label, the link that sorts by it, and aria-sort if it is active."""
    headers = []
    for key, (label, _order) in SORTS.items():
        aria = None
        next_sort = key
        if current == key:
            aria, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria = "descending"
        headers.append({"key": key, "label": label, "aria_sort": aria, "query": with_params(params, sort=next_sort)})
    return headers
