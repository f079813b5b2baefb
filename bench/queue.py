"""The coordinator's triage queue with 10,000 cases.

Seeds a fresh database (SQLite by default, PostgreSQL when DATABASE_URL says
so) with cases spread over states, cancer types, countries and priorities, a
team of specialists on the cases that have reached the MDT, then times the
queue page through Django's test client: the server's side of a request
(middleware, queries, template) without a network in between. Prints the
median and 95th percentile per scenario and the number of queries each ran.
"""

import os
import random
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from django.urls import reverse
from django.utils import timezone

CASES = int(os.environ.get("BENCH_QUEUE_CASES", "10000"))
RUNS = int(os.environ.get("BENCH_QUEUE_RUNS", "30"))

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


def seed(rng: random.Random):
    from cases.clinical import codes
    from cases.models import Case, CaseAssignment

    patients = _users("patient", 800)
    coordinators = _users("coordinator", 4)
    specialists = _users("specialist", 36, DISCIPLINES)
    by_discipline = {d: [s for s in specialists if s.discipline == d] for d in DISCIPLINES}
    cancer_types = list(codes.CANCER_TYPES)
    stages = ["I", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB", ""]
    now = timezone.now()
    cases = []
    for i in range(CASES):
        state = _pick(rng, STATES)
        override = _pick(rng, PRIORITIES) if rng.random() < 0.05 else ""
        cases.append(
            Case(
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
    return coordinators[0], specialists, len(cases), len(assignments)


def _time(client, url, params):
    client.get(url, params)  # warm-up: templates compiled, connection open
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return wall, statistics.median(cpu), len(queries.captured_queries), sql_ms, response.context["page"]


def _p95(values):
    return statistics.quantiles(values, n=20)[-1]


def _test_environment():
    """Production-like: DEBUG off, so templates and queries carry no debug bookkeeping."""
    try:
        setup_test_environment(debug=False)
    except RuntimeError:  # bench/upload.py ran first in this process and left it set up
        teardown_test_environment()
        setup_test_environment(debug=False)


def _scenarios(specialist):
    combo = {
        "state": ["in_triage", "ready_for_mdt", "in_review"],
        "priority": ["urgent", "high"],
        "cancer_type": "nsclc",
        "assignee": specialist.pk,
    }
    return [
        ("default view", {}),
        ("filter combo", combo),
        ("search by name", {"q": "nurlan"}),
        ("search by reference", {"q": "mdt-2"}),
        ("sort by completeness", {"sort": "completeness"}),
        ("page 200", {"page": 200}),
        ("needs me", {"needs_me": "on"}),
        ("sort by specialists", {"sort": "-assigned"}),
    ]


def main() -> None:
    _test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        rng = random.Random(2026)
        start = time.perf_counter()
        coordinator, specialists, n_cases, n_assignments = seed(rng)
        seeded = time.perf_counter() - start
        client = Client()
        client.force_login(coordinator)
        url = reverse("cases:queue")
        print(
            f"queue: {n_cases} cases, {n_assignments} assignments on {connection.vendor} "
            f"(seeded in {seeded:.1f} s); {RUNS} timed requests per scenario"
        )
        print(
            f"  {'scenario':<22} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'SQL ms':>7}"
            f" {'queries':>7} {'results':>7} {'page':>5}"
        )
        for name, params in _scenarios(specialists[0]):
            wall, cpu_ms, queries, sql_ms, page = _time(client, url, params)
            print(
                f"  {name:<22} {statistics.median(wall):>9.1f} {_p95(wall):>7.1f} {cpu_ms:>7.1f} {sql_ms:>7.1f}"
                f" {queries:>7} {page.paginator.count:>7} {page.number:>5}"
            )
        print(
            "  median/p95: wall time of one request through Django's test client (middleware, view, queries,"
            " template).\n  CPU ms: this process's share (on SQLite it includes the queries). SQL ms: database"
            " time of one request."
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        # Leave it torn down: the next benchmark in this process sets up its own.
        teardown_test_environment()
