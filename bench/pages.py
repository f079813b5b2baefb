"""Pages under load: gunicorn with 2 sync workers on PostgreSQL, driven by wrk, against a bare DB-backed view.

The intake's biomarker step (the heaviest step), the patient's case page and the coordinator's case page are
each measured against the floor served by the same gunicorn processes (bench/urls.py: behind the same
middleware, session and login, 25 cases in one query and a small template). wrk runs product and floor in turn,
for a few seconds each, alternating which goes first; a pair's ratio is product req/s over floor req/s.

wrk reads the same page again and again, as a patient waiting for news or staff coming back to a case do: after
the first, each is the page kept while nothing on it changed (cases.page_memo; access is still checked, and the
read recorded, on each). The first view after a change renders the page afresh: its CPU a request is printed
beside, measured in this process with the kept pages turned off.

Needs wrk (Debian: apt-get install wrk; `scripts/system-deps.sh bench`).
"""

import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import QUICK, ROOT, ROWS, Row, alternate

PORT = int(os.environ.get("BENCH_PAGES_PORT", "8147"))
SECONDS = 3 if QUICK else 5
PAIRS = 2 if QUICK else 3
CONNECTIONS = 4
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("MDT p50=%d p95=%d requests=%d errors=%d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def _session_cookie(user) -> str:
    from django.test import Client

    from tests.conftest import mark_second_factor_passed

    client = Client()
    client.force_login(user)
    if not user.is_patient:
        mark_second_factor_passed(client.session, user)
    return client.cookies["sessionid"].value


def _seed():
    """A patient's draft (for the intake step) and a submitted case in triage with its history."""
    from cases.models import CaseAssignment, CaseEvent, CaseNote, State
    from tests.factories import UserFactory, add_document, complete_case

    patient = UserFactory()
    draft = complete_case(patient)
    case = complete_case(patient, patient_name="Aigerim Nurlanovna")
    coordinator = UserFactory(role="coordinator", first_name="Dana", last_name="Coordinator")
    for day in range(8):
        kind = ["pathology_report", "imaging_report", "lab_results", "other"][day % 4]
        add_document(case, kind, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    Case = type(case)
    Case.objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    case.refresh_from_db()
    specialists = [UserFactory(role="specialist", discipline=d) for d in ("medical_oncology", "pathology")]
    for n, specialist in enumerate(specialists):
        CaseAssignment.objects.create(
            case=case, specialist=specialist, discipline=specialist.discipline, is_chair=n == 0
        )
    for i in range(12):
        CaseEvent.objects.create(case=case, actor=coordinator, kind="message", message=f"Event {i}")
    for i in range(4):
        CaseNote.objects.create(case=case, author=coordinator, body=f"Internal note {i}: " + "x" * 200)
    # The floor lists 25 submitted cases: there are at least that many whether or not the queue's row ran first.
    others = UserFactory()
    for n in range(25):
        Case.objects.create(
            owner=others, patient_name=f"Floor patient {n}", patient_country="Kazakhstan", state=State.IN_TRIAGE
        )
    return patient, coordinator, draft, case


def _server(database: str, data_dir: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database,
        "MDT_DATA_DIR": data_dir,
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{PORT}",
        "--workers=2",
        "--worker-class=sync",
        "--timeout=300",  # a busy machine boots a worker slowly
        "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--access-logfile=/dev/null",
        "--error-logfile=" + str(log),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300  # a busy machine takes its time to boot the workers
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=60)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {log}:\n{log.read_text()[-2000:]}")


def _wrk(url: str, cookie: str, script: Path) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout=10s",
            "-s",
            str(script),
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    stats = dict(re.findall(r"(\w+)=(\d+)", result.stdout.split("MDT", 1)[1]))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if non2xx or int(stats["errors"]):
        raise SystemExit(f"{url}: errors under load:\n{result.stdout}")
    return {"rate": rate, "p50": int(stats["p50"]) / 1e6, "p95": int(stats["p95"]) / 1e6}


def _check(url: str, cookie: str, expect: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body = response.read().decode()
        if response.status != 200 or expect not in body:
            raise SystemExit(f"{url} did not show {expect!r} (status {response.status}); the figures would be wrong")


def _cpu_ms(user, path: str, n: int = 15, *, afresh: bool = False) -> tuple[float, float]:
    """Median CPU time per request in this process (Django's test client, no server): product and floor, in ms.

    CPU time is far less sensitive than req/s to other processes on a loaded machine: a second view of the same
    ratio, printed beside it.
    """
    from django.test import Client
    from django.test.utils import override_settings

    from tests.conftest import mark_second_factor_passed

    client = Client()
    client.force_login(user)
    if not user.is_patient:
        mark_second_factor_passed(client.session, user)

    def cpu(url: str) -> float:
        start = time.process_time()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return (time.process_time() - start) * 1000

    # afresh: every page rendered again, as the first view after a change is (cases.page_memo turned off).
    with override_settings(ROOT_URLCONF="bench.urls", **({"PAGE_MEMO_MB": 0} if afresh else {})):
        for _ in range(3):
            cpu(path), cpu("/bench/floor/")
        products, floors = alternate(lambda: cpu(path), lambda: cpu("/bench/floor/"), n)
    return statistics.median(products), statistics.median(floors)


def main() -> None:
    from django.conf import settings
    from django.db import connection

    if not shutil.which("wrk"):
        print("pages: skipped, wrk is not installed (scripts/system-deps.sh bench)")
        return
    if connection.vendor != "postgresql":
        print("pages: skipped, needs PostgreSQL (DATABASE_URL=postgres://…)")
        return
    patient, coordinator, draft, case = _seed()
    db = connection.settings_dict
    database = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    base = f"http://127.0.0.1:{PORT}"
    pages = [
        ("intake step (biomarkers)", patient, f"/cases/{draft.reference}/intake/biomarkers/", "EGFR"),
        ("patient case page", patient, f"/cases/{case.reference}/", case.reference),
        ("coordinator case page", coordinator, f"/cases/{case.reference}/", "Internal note 3"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        server = _server(database, str(settings.DATA_DIR), Path(tmp) / "gunicorn.log")
        try:
            print(
                f"pages: gunicorn 2 sync workers, wrk 1 thread {CONNECTIONS} connections, {SECONDS} s a run, {PAIRS} pairs"
            )
            for name, user, path, expect in pages:
                cookie = _session_cookie(user)
                _check(base + path, cookie, expect)
                _check(base + "/bench/floor/", cookie, "<table>")
                _wrk(base + path, cookie, script), _wrk(base + "/bench/floor/", cookie, script)  # warm-up
                products, floors = alternate(
                    lambda p=path, c=cookie: _wrk(base + p, c, script),
                    lambda c=cookie: _wrk(base + "/bench/floor/", c, script),
                    PAIRS,
                )
                cpu, floor_cpu = _cpu_ms(user, path)
                afresh, _ = _cpu_ms(user, path, afresh=True)
                rate = statistics.median(r["rate"] for r in products)
                p95 = statistics.median(r["p95"] for r in products)
                floor_rate = statistics.median(r["rate"] for r in floors)
                floor_p95 = statistics.median(r["p95"] for r in floors)
                print(
                    f"  {name:<26} {rate:6.1f} req/s p95 {p95 * 1000:5.0f} ms | floor {floor_rate:6.1f} req/s"
                    f" p95 {floor_p95 * 1000:5.0f} ms | CPU a request {cpu:.1f} ms, floor {floor_cpu:.1f} ms"
                    f" ({floor_cpu / cpu:.2f}×); rendered afresh {afresh:.1f} ms ({floor_cpu / afresh:.2f}×)",
                    flush=True,
                )
                ROWS.append(
                    Row(
                        name=f"{name}, gunicorn 2 workers",
                        product=f"{rate:.0f} req/s, p95 {p95 * 1000:.0f} ms",
                        floor=f"bare DB-backed view: {floor_rate:.0f} req/s, p95 {floor_p95 * 1000:.0f} ms",
                        ratios=[p["rate"] / f["rate"] for p, f in zip(products, floors, strict=True)],
                        goal=0.6,
                        higher_is_better=True,
                        notes=[
                            f"in-process CPU a request: {cpu:.1f} ms against the floor's {floor_cpu:.1f} ms, "
                            f"{floor_cpu / cpu:.2f}× (the same ratio, less sensitive to the machine's load)",
                            f"the first view after a change renders the page afresh (cases.page_memo): CPU {afresh:.1f} "
                            f"ms a request, {floor_cpu / afresh:.2f}× the floor's",
                            "absolute goal ≥ 150 req/s and p95 ≤ 100 ms is for a quiet 2-core machine: "
                            f"{'met' if rate >= 150 and p95 <= 0.1 else 'not met'} here "
                            f"({rate:.0f} req/s, p95 {p95 * 1000:.0f} ms) with load average {os.getloadavg()[0]:.1f}",
                        ],
                    )
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
