"""The compose stack's own start-up, outside Docker: the commands are read from docker-compose.yml and the
Dockerfile (so this test follows them), run with production settings (debug off, a real secret key, allowed
hosts) against PostgreSQL and a Redis of the test's own, and a page, a static file, a record and readiness
are fetched through gunicorn. Also: the backup and the restore drill, run as an operator would."""

import json
import re
import secrets
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from tests.helpers.files import pdf_bytes
from tests.reports.packet_helpers import add_record
from tests.worker import OwnRedis, free_port, process_env, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def dockerfile_build_steps() -> list[str]:
    """The image's build-time commands that touch the app (compile_locales, collectstatic)."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    steps = []
    for line in text.splitlines():
        if line.startswith("RUN ") and "manage.py" in line or "compile_locales" in line:
            steps += [part.strip() for part in line.removeprefix("RUN ").split("&&")]
    return steps


def local(command: str, port: int, folder: Path) -> list[str]:
    """A compose/Dockerfile command as this machine runs it: this venv's python, our port, a scratch folder."""
    words = shlex.split(command)
    if words[:2] == ["sh", "-c"]:
        raise AssertionError("split sh -c first")
    env_words = []
    while words and re.match(r"^[A-Z_]+=", words[0]):
        env_words.append(words.pop(0))
    program, args = words[0], words[1:]
    prefix = [sys.executable] if program == "python" else [sys.executable, "-m", program]
    args = [a.replace("0.0.0.0:8000", f"127.0.0.1:{port}").replace("/data/", f"{folder}/") for a in args]
    return ["env", *env_words, *prefix, *args]


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}, b""  # not listening yet


def test_the_compose_start_up_serves_pages_static_files_records_and_readiness(tmp_path):
    redis = OwnRedis(tmp_path)
    redis.start()
    port = free_port()
    secret_key = secrets.token_urlsafe(50)
    env = process_env(
        redis.url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        MDT_CACHE_URL=redis.url.replace("/0", "/1"),
        MDT_LOG_FORMAT="json",
        MDT_DOWNLOADS_VIA_PROXY="false",
        MDT_WORKER_WATCHDOG_SECONDS="3",
    )
    patient = UserFactory()
    case = CaseFactory(owner=patient)
    record = add_record(case, "pathology_report", pdf_bytes(2, "Biopsy"), "pdf", "biopsy.pdf")
    client = Client()
    with override_settings(SECRET_KEY=secret_key):  # the session's auth hash is keyed by the server's key
        client.force_login(patient)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    for step in dockerfile_build_steps():
        result = subprocess.run(local(step, port, tmp_path), cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{step}\n{result.stderr[-3000:]}"
    services = compose_services()
    web_steps = shlex.split(services["web"]["command"])[2].split("&&")
    *setup, serve = [step.strip() for step in web_steps]
    for step in setup:  # migrate
        result = subprocess.run(local(step, port, tmp_path), cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{step}\n{result.stderr[-3000:]}"

    logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("web", "worker", "beat")}
    commands = {
        "web": local(serve, port, tmp_path),
        "worker": local(services["worker"]["command"], port, tmp_path),
        "beat": local(services["beat"]["command"], port, tmp_path),
    }
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs[name], stderr=subprocess.STDOUT)
        for name, command in commands.items()
    }
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: get(f"{base}/health/live/")[0] == 200, timeout=120), _logs(tmp_path)
        ready = wait_for(lambda: get(f"{base}/health/ready/")[0] == 200, timeout=90)
        status, _headers, body = get(f"{base}/health/ready/")
        assert ready, (body, _logs(tmp_path))
        assert json.loads(body)["checks"] == dict.fromkeys(["database", "cache", "broker", "storage", "worker"], "ok")

        status, headers, page = get(f"{base}/accounts/login/")
        assert status == 200, page[:2000]
        css = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
        assert css, "no hashed stylesheet in the page (collectstatic's manifest)"
        status, headers, _ = get(base + css.group(1).decode(), {"Accept-Encoding": "gzip"})
        assert status == 200 and "immutable" in headers["Cache-Control"]

        url = reverse("intake:document_file", args=[case.reference, record.pk, "download"])
        status, headers, content = get(base + url, {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
        assert status == 200 and content == pdf_bytes(2, "Biopsy")
        status, _, _ = get(base + url)  # no session: sent to log in, no bytes
        assert status in (302, 200) and _ != pdf_bytes(2, "Biopsy")

        # JSON log lines with the request id the response carried, for a request Django logs (a 404).
        status, headers, _ = get(f"{base}/no-such-page/", {"X-Request-ID": "probe-request-0001"})
        assert status == 404 and headers["X-Request-ID"] == "probe-request-0001"
    finally:
        for process in processes.values():
            stop(process)
        redis.stop()
    lines = [json.loads(line) for line in (tmp_path / "web.log").read_text().splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == "probe-request-0001" for line in lines), _logs(tmp_path)


def _logs(folder: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(folder.glob("*.log")))


def test_the_restore_drill_restores_a_backup_and_finds_a_changed_record(tmp_path):
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the backup scripts are for PostgreSQL (DATABASE_URL=postgres://…)")
    patient = UserFactory()
    case = CaseFactory(owner=patient)
    record = add_record(case, "pathology_report", pdf_bytes(2, "Biopsy"), "pdf", "biopsy.pdf")
    env = process_env()
    backups = tmp_path / "backups"
    made = subprocess.run(["scripts/backup.sh", str(backups)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    folder = made.stdout.strip().splitlines()[-1]

    drill = subprocess.run(["scripts/restore_drill.sh", folder], cwd=ROOT, env=env, capture_output=True, text=True)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "0 problem(s)" in drill.stdout and "Restore drill passed" in drill.stdout

    # A record changed in the backup (and its checksum list rewritten): the drill fails and names the row.
    work = tmp_path / "tampered"
    work.mkdir()
    subprocess.run(["tar", "-C", str(work), "-xf", f"{folder}/records.tar"], check=True)
    victim = work / record.file.name
    victim.write_bytes(b"%PDF-1.4 changed")
    subprocess.run(["tar", "-C", str(work), "-cf", f"{folder}/records.tar", "."], check=True)
    subprocess.run("sha256sum db.dump records.tar > SHA256SUMS", shell=True, cwd=folder, check=True)
    drill = subprocess.run(["scripts/restore_drill.sh", folder], cwd=ROOT, env=env, capture_output=True, text=True)
    assert drill.returncode != 0
    assert "CHANGED Document" in drill.stdout
