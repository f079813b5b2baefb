"""The coordinator's triage queue at 1,000, 10,000 and 100,000 cases, against a bare view listing 25 cases.

Seeds the database (PostgreSQL when DATABASE_URL says so) with cases spread over states, cancer types, countries
and priorities, a team of specialists on the cases that have reached the MDT, then times the queue page through
Django's test client: the server's side of a request (middleware, session, queries, template) without a network
in between. The floor is a view behind the same middleware and login that lists 25 cases in one query
(bench/urls.py). Product and floor alternate, batch by batch; a pair's figure is the median of its batch.

Growth: the default view is measured at each size; its cost must not grow with the number of cases.
"""

import random
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from bench.common import QUICK, ROWS, Row, alternate, ratios

SIZES = [1_000, 10_000] if QUICK else [1_000, 10_000, 100_000]
BATCH = 5  # requests per figure
PAIRS = 5 if QUICK else 9

# (state, share of cases): drafts are seeded too, since the queue must skip them.
STATES = [
    ("draft", 8),
    ("submitted", 12),
    ("in_triage", 15),
    ("awaiting_information", 12),
    ("ready_for_mdt", 10),
    ("in_review", 12),
    ("report_issued", 8),
    ("closed", 18),
    ("withdrawn", 5),
]
COUNTRIES = [
    ("Kazakhstan", 20),
    ("Mongolia", 12),
    ("Russia", 12),
    ("Uzbekistan", 8),
    ("Kyrgyzstan", 6),
    ("Vietnam", 8),
    ("Indonesia", 6),
    ("Thailand", 5),
    ("Malaysia", 4),
    ("Pakistan", 5),
    ("Bangladesh", 3),
    ("Nepal", 3),
    ("Laos", 2),
    ("Cambodia", 2),
    ("Myanmar", 2),
    ("Philippines", 2),
]
PRIORITIES = [("urgent", 10), ("high", 25), ("routine", 65)]
FIRST = ["Li", "Wei", "Aigerim", "Bolat", "Nguyen", "Anh", "Dmitri", "Olga", "Siti", "Budi", "Tuya", "Bat", "Ayesha"]
LAST = ["Wang", "Zhang", "Nurlanovna", "Sadykov", "Tran", "Ivanova", "Rahman", "Dorj", "Santoso", "Karimov", "Khan"]
DISCIPLINES = ["medical_oncology", "radiation_oncology", "surgery", "pathology", "radiology", "supportive_care"]
TEAM_STATES = {"ready_for_mdt", "in_review", "report_issued", "closed"}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _users(role, n, disciplines=("",)):
    from cases.models import User

    users = [
        User(
            email=f"{role}{i}@bench.example",
            role=role,
            first_name=FIRST[i % len(FIRST)],
            last_name=f"{role.title()}{i}",
            discipline=disciplines[i % len(disciplines)],
        )
        for i in range(n)
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users)


def people():
    patients = _users("patient", 800)
    coordinators = _users("coordinator", 4)
    specialists = _users("specialist", 36, DISCIPLINES)
    return patients, coordinators, specialists


def _reference(n: int) -> str:
    """The n-th case's reference: unique, where 100,000 random ones would collide (30^6 values, birthday bound)."""
    from cases.models.case import _REF_ALPHABET

    size = len(_REF_ALPHABET) ** 6
    n = (n * 104_729 + 12_345) % size  # a bijection (104,729 is prime to 30): references spread like random ones
    digits = []
    for _ in range(6):
        n, r = divmod(n, len(_REF_ALPHABET))
        digits.append(_REF_ALPHABET[r])
    return "MDT-" + "".join(reversed(digits))


def seed(rng: random.Random, n: int, patients, coordinators, specialists) -> int:
    """Adds `n` cases (and their teams); the number of assignments added."""
    from cases.clinical import codes
    from cases.models import Case, CaseAssignment

    first = Case.objects.count()

    by_discipline = {d: [s for s in specialists if s.discipline == d] for d in DISCIPLINES}
    cancer_types = list(codes.CANCER_TYPES)
    stages = ["I", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB", ""]
    now = timezone.now()
    cases = []
    for i in range(n):
        state = _pick(rng, STATES)
        override = _pick(rng, PRIORITIES) if rng.random() < 0.05 else ""
        cases.append(
            Case(
                reference=_reference(first + i),
                owner=patients[i % len(patients)],
                state=state,
                patient_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                patient_country=_pick(rng, COUNTRIES),
                cancer_type=rng.choice(cancer_types),
                stage_group=rng.choice(stages),
                priority=override or _pick(rng, PRIORITIES),
                priority_override=override,
                completeness_score=rng.randint(15, 100),
                state_changed_at=now - timedelta(hours=rng.randint(1, 24 * 120)),
                submitted_at=None if state == "draft" else now - timedelta(days=130),
                coordinator=None if state in ("draft", "submitted") else rng.choice(coordinators + [None]),
                mdt_meeting_at=now + timedelta(days=rng.randint(1, 20)) if state == "in_review" else None,
                # A realistic row carries text the queue must not load.
                diagnosis_notes="Lorem ipsum dolor sit amet. " * 40,
                treatment_notes="Consectetur adipiscing elit. " * 40,
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=1000)
    assignments = []
    for case in cases:
        if case.state not in TEAM_STATES and not (case.state == "in_triage" and rng.random() < 0.3):
            continue
        disciplines = rng.sample(DISCIPLINES, rng.randint(2, 4) if case.state in TEAM_STATES else 1)
        for n, discipline in enumerate(disciplines):
            specialist = rng.choice(by_discipline[discipline])
            assignments.append(CaseAssignment(case=case, specialist=specialist, discipline=discipline, is_chair=n == 0))
    CaseAssignment.objects.bulk_create(assignments, batch_size=2000)
    return len(assignments)


def _batch(client, url, params) -> float:
    """The median wall time of BATCH requests, in ms."""
    wall = []
    for _ in range(BATCH):
        start = time.perf_counter()
        response = client.get(url, params)
        wall.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(wall)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return len(queries.captured_queries)


def _results(user, params) -> int:
    from django.http import QueryDict

    from cases.queue import queue_for

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [str(value)])
    return queue_for(user=user, params=query).qs.count()


def _scenarios(specialist):
    combo = {
        "state": ["in_triage", "ready_for_mdt", "in_review"],
        "priority": ["urgent", "high"],
        "cancer_type": "nsclc",
        "assignee": specialist.pk,
    }
    return [
        ("filter combo", combo),
        ("search by name", {"q": "nurlan"}),
        ("search by reference", {"q": "mdt-2"}),
        ("sort by completeness", {"sort": "completeness"}),
        ("page 200", {"page": 200}),
        ("needs me", {"needs_me": "on"}),
        ("sort by specialists", {"sort": "-assigned"}),
    ]


def _measure(client, url, floor_url, params, pairs):
    client.get(url, params), client.get(floor_url)  # warm-up: templates compiled, connection open
    products, floors = alternate(lambda: _batch(client, url, params), lambda: _batch(client, floor_url, {}), pairs)
    return products, floors


@override_settings(ROOT_URLCONF="bench.urls")
def main() -> None:
    from cases.models import Case

    rng = random.Random(2026)
    patients, coordinators, specialists = people()
    client = Client()
    client.force_login(coordinators[0])
    _pass_second_factor(client, coordinators[0])
    url, floor_url = reverse("cases:queue"), reverse("bench_floor")
    print(f"queue on {connection.vendor}: {BATCH} requests per figure, {PAIRS} alternating pairs per size")
    print(f"  {'cases':>8} {'queue ms':>9} {'floor ms':>9} {'ratio':>18} {'queries':>8} {'floor q':>8} {'results':>8}")
    total = 0
    for size in SIZES:
        start = time.perf_counter()
        seed(rng, size - total, patients, coordinators, specialists)
        total = size
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        seeded = time.perf_counter() - start
        products, floors = _measure(client, url, floor_url, {}, PAIRS)
        queries = _queries(client, url, {})
        floor_queries = _queries(client, floor_url, {})
        row = Row(
            name=f"triage queue, {size:,} cases",
            product=f"{statistics.median(products):.1f} ms, {queries} queries",
            floor=f"25 cases in one query: {statistics.median(floors):.1f} ms, {floor_queries} queries",
            ratios=ratios(products, floors),
            goal=3,
        )
        ROWS.append(row)
        print(
            f"  {Case.objects.count():>8} {statistics.median(products):>9.1f} {statistics.median(floors):>9.1f}"
            f" {row.ratio_text():>18} {queries:>8} {floor_queries:>8} {_results(coordinators[0], {}):>8}"
            f"   (seeded in {seeded:.0f} s)",
            flush=True,
        )
        if size == 10_000:
            _other_scenarios(client, url, floor_url, coordinators[0], specialists[0])
    growth = [r.median for r in ROWS if r.name.startswith("triage queue")]
    print(f"  growth of the default view's ratio across sizes: {' → '.join(f'{g:.2f}×' for g in growth)}")


def _other_scenarios(client, url, floor_url, coordinator, specialist):
    print("  other views at 10,000 cases (ratio to the floor; not goals, shown for growth and query counts):")
    for name, params in _scenarios(specialist):
        products, floors = _measure(client, url, floor_url, params, 3)
        queries = _queries(client, url, params)
        ratio = statistics.median(ratios(products, floors))
        print(
            f"    {name:<22} {statistics.median(products):>7.1f} ms {ratio:>6.2f}× {queries:>3} queries"
            f" {_results(coordinator, params):>6} results"
        )


def _pass_second_factor(client, user) -> None:
    from tests.conftest import mark_second_factor_passed

    mark_second_factor_passed(client.session, user)
