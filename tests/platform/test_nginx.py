"""The compose proxy's nginx configuration, run: deploy/nginx/templates rendered as nginx's official image renders
them (only the ${MDT_…} variables set in docker-compose.yml's proxy service are filled in), with this test's
values, served by Debian's nginx in front of gunicorn started with the compose web command in production
settings. Through nginx: a page, static files from the collected folder with a year's cache and gzip, the
body limits refused by nginx before Django, a record handed to nginx by X-Accel-Redirect after Django's
access check, and the health endpoints.

nginx comes from `scripts/system-deps.sh test` (Debian's `nginx` package); where it is missing, the test skips.
"""

import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from tests.helpers.files import pdf_bytes
from tests.platform.test_production_start import compose_services, get, local
from tests.reports.packet_helpers import add_record
from tests.worker import OwnRedis, celery_worker, free_port, process_env, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "deploy" / "nginx" / "templates"


def nginx_binary() -> str | None:
    """Debian puts nginx in /usr/sbin, which a non-root PATH often lacks."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def render_templates(into: Path, values: dict[str, str]) -> None:
    """What the official image's 20-envsubst-on-templates.sh does: every *.template under templates/ becomes
    conf.d/<same relative path>, with ${NAME} replaced for the names given and every other `$` left alone."""
    for template in TEMPLATES.rglob("*.template"):
        text = template.read_text()
        for name, value in values.items():
            text = text.replace("${" + name + "}", value)
        left = set(re.findall(r"\$\{(\w+)\}", text))
        assert not left, f"{template.name} uses {left}, which the proxy service does not set"
        target = into / "conf.d" / template.relative_to(TEMPLATES).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def main_conf(prefix: Path, worker_user: str) -> str:
    """The http block of the official image's nginx.conf, with every path in this test's folder."""
    mime = "include /etc/nginx/mime.types;"
    if not Path("/etc/nginx/mime.types").exists():
        mime = "types { application/javascript js; text/css css; application/pdf pdf; }"
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/temp/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{worker_user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 128; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    sendfile on;
    keepalive_timeout 65;
{temp}
    include conf.d/*.conf;
}}
"""


def raw_request(port: int, head: str) -> bytes:
    """Send only a request's head (no body) and read what comes back: what nginx answers before a body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
            if b"</html>" in chunk:
                break
        return b"".join(chunks)


def _volume_paths(service: dict) -> dict[str, str]:
    return {volume.split(":")[0]: volume.split(":")[1] for volume in service["volumes"]}


def test_compose_proxy_and_web_agree_on_static_files_records_and_upstream():
    """What the run below cannot see: that in compose the paths nginx reads are the ones web and the workers
    write, through the same volumes."""
    services = compose_services()
    proxy, web = services["proxy"], services["web"]
    proxy_env, web_env = proxy["environment"], web["environment"]
    proxy_volumes, web_volumes = _volume_paths(proxy), _volume_paths(web)
    assert proxy_volumes["static"] == proxy_env["MDT_STATIC_ROOT"] == web_env["MDT_STATIC_ROOT"]
    assert web_volumes["static"] == web_env["MDT_STATIC_ROOT"]
    assert "collectstatic" in web["command"]  # fills the volume at every start, from the image's code
    assert f"static:{proxy_env['MDT_STATIC_ROOT']}:ro" in proxy["volumes"]
    assert proxy_env["MDT_RECORDS_ROOT"] == web_env["MDT_PRIVATE_STORAGE_ROOT"]
    assert proxy_volumes["records"] == web_volumes["records"] == services["worker"]["volumes"][0].split(":")[1]
    assert web_env["MDT_PRIVATE_STORAGE_ROOT"].startswith(web_volumes["records"] + "/")
    bind = re.search(r"--bind 0\.0\.0\.0:(\d+)", web["command"])
    assert bind and proxy_env["MDT_UPSTREAM"] == f"web:{bind.group(1)}"
    assert web_env["MDT_DOWNLOADS_VIA_PROXY"] == "true" and web_env["MDT_RECORD_FILE_MODE"] == "640"
    assert proxy["ports"] == [f"${{MDT_HTTP_PORT:-80}}:{proxy_env['MDT_PROXY_PORT']}"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--gid 101" in dockerfile  # nginx's group in the official images: its workers read the 0640 records


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_nginx_serves_the_app_static_files_and_records_with_the_compose_configuration(tmp_path):
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (scripts/system-deps.sh test installs Debian's nginx)")
    proxy_env = compose_services()["proxy"]["environment"]
    # nginx's folder: not pytest's tmp_path (mode 0700), since nginx's workers run as another user.
    prefix = Path(tempfile.mkdtemp(prefix="mdt-nginx-"))
    prefix.chmod(0o755)
    static_root = prefix / "static"
    records_root = Path(settings.PRIVATE_STORAGE_ROOT)
    web_port, proxy_port = free_port(), free_port()
    values = {
        "MDT_PROXY_PORT": f"127.0.0.1:{proxy_port}",
        "MDT_UPSTREAM": f"127.0.0.1:{web_port}",
        "MDT_PROXY_MAX_BODY": "1m",
        "MDT_STATIC_ROOT": str(static_root),
        "MDT_RECORDS_ROOT": str(records_root),
    }
    assert set(values) == set(proxy_env), "the test fills in exactly the variables compose gives the proxy"
    render_templates(prefix, values)

    redis = OwnRedis(tmp_path)
    secret_key = secrets.token_urlsafe(50)
    compose_web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["x-app"]["environment"]
    env = process_env(
        redis.url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        MDT_CACHE_URL=redis.url.replace("/0", "/1"),
        MDT_DOWNLOADS_VIA_PROXY=compose_web["MDT_DOWNLOADS_VIA_PROXY"],
        MDT_RECORD_FILE_MODE=compose_web["MDT_RECORD_FILE_MODE"],
        MDT_STATIC_ROOT=str(static_root),
        MDT_WORKER_WATCHDOG_SECONDS="3",
    )
    patient, stranger = UserFactory(), UserFactory()
    case = CaseFactory(owner=patient)
    content = pdf_bytes(2, "Biopsy")
    stores_as_compose = {**settings.STORAGES}
    stores_as_compose["default"] = {
        **settings.STORAGES["default"],
        "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "file_permissions_mode": 0o640},
    }
    with override_settings(STORAGES=stores_as_compose):
        record = add_record(case, "pathology_report", content, "pdf", "biopsy.pdf")
    stored = records_root / record.file.name
    assert stored.stat().st_mode & 0o777 == 0o640
    # As root, the workers run as nobody in the records' group: they read a record only as compose's nginx
    # does, through the group (MDT_RECORD_FILE_MODE=640), never as its owner.
    worker_user = f"user nobody {stored.group()};" if os.geteuid() == 0 else ""
    # The test data folder is made private (mkdtemp); compose's /data is the app's, group-searchable (Dockerfile).
    for folder in (stored.parent, *stored.parent.parents):
        if folder == Path(settings.DATA_DIR).parent:
            break
        folder.chmod(folder.stat().st_mode | 0o050)
    (prefix / "nginx.conf").write_text(main_conf(prefix, worker_user))
    (prefix / "temp").mkdir()
    cookies = {}
    for name, user in (("patient", patient), ("stranger", stranger)):
        client = Client()
        with override_settings(SECRET_KEY=secret_key):  # the session's auth hash is keyed by the server's key
            client.force_login(user)
        cookies[name] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    *setup, serve = [step.strip() for step in shlex.split(compose_services()["web"]["command"])[2].split("&&")]
    for step in setup:  # migrate, collectstatic (into MDT_STATIC_ROOT)
        result = subprocess.run(local(step, web_port, tmp_path), cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{step}\n{result.stderr[-3000:]}"
    base, direct = f"http://127.0.0.1:{proxy_port}", f"http://127.0.0.1:{web_port}"
    nginx_command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    web = proxy = None
    try:
        redis.start()
        with (tmp_path / "web.log").open("w") as web_log, (tmp_path / "nginx.stderr").open("w") as nginx_log:
            web = subprocess.Popen(
                local(serve, web_port, tmp_path), cwd=ROOT, env=env, stdout=web_log, stderr=subprocess.STDOUT
            )
            proxy = subprocess.Popen([*nginx_command, "-g", "daemon off;"], stdout=nginx_log, stderr=nginx_log)
        production = ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "MDT_CACHE_URL")
        with celery_worker(tmp_path / "worker.log", broker_url=redis.url, **{k: env[k] for k in production}):
            up = wait_for(lambda: get(f"{base}/health/live/")[0] == 200, timeout=120)
            assert up, _logs(tmp_path, prefix)
            assert wait_for(lambda: get(f"{base}/health/ready/")[0] == 200, timeout=90), _logs(tmp_path, prefix)

            # A page, through nginx, gzipped for a client that accepts it.
            status, headers, _ = get(f"{base}/accounts/login/", {"Accept-Encoding": "gzip"})
            assert status == 200 and headers.get("Content-Encoding") == "gzip"
            status, headers, page = get(f"{base}/accounts/login/", {"Accept-Encoding": "identity"})
            assert status == 200 and b"<form" in page
            assert headers.get("Server") == "nginx"  # server_tokens off: no version

            # Static files come from the collected folder (not gunicorn), with a year's immutable cache and gzip.
            css = re.search(rb'href="/static/([^"]+\.[0-9a-f]{12}\.css)"', page)
            assert css, "no hashed stylesheet in the page (collectstatic's manifest)"
            name = css.group(1).decode()
            status, headers, body = get(f"{base}/static/{name}", {"Accept-Encoding": "gzip"})
            assert status == 200 and headers.get("Content-Encoding") == "gzip"
            assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
            assert headers["Content-Type"].startswith("text/css")
            assert "Strict-Transport-Security" not in headers  # plain HTTP: HSTS is the TLS server's ($mdt_hsts)
            status, headers, plain = get(f"{base}/static/{name}", {"Accept-Encoding": "identity"})
            assert status == 200 and "Content-Encoding" not in headers and plain == (static_root / name).read_bytes()
            unhashed = re.sub(r"\.[0-9a-f]{12}\.css$", ".css", name)
            status, headers, _ = get(f"{base}/static/{unhashed}")
            assert status == 200 and "immutable" not in headers["Cache-Control"]
            assert f"/static/{name}" not in (tmp_path / "web.log").read_text()  # gunicorn never saw it
            assert get(f"{base}/static/no-such-file.css")[0] == 404

            # The request-body limit, refused by nginx from Content-Length, before any body and before Django.
            marker = secrets.token_hex(6)
            answer = raw_request(
                proxy_port,
                f"POST /cases/{marker}/ HTTP/1.1\nHost: 127.0.0.1\nContent-Length: {2 * 1024 * 1024}\n"
                f"Content-Type: application/octet-stream\nCookie: {cookies['patient']}\n",
            )
            assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
            answer = raw_request(
                proxy_port,
                f"POST /accounts/login/?{marker} HTTP/1.1\nHost: 127.0.0.1\nContent-Length: {100 * 1024}\n"
                "Content-Type: application/x-www-form-urlencoded\n",
            )
            assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
            assert marker not in (tmp_path / "web.log").read_text()

            # A record: Django checks access and answers with X-Accel-Redirect; nginx sends the bytes.
            url = reverse("intake:document_file", args=[case.reference, record.pk, "download"])
            status, headers, body = get(direct + url, {"Cookie": cookies["patient"]})
            assert status == 200 and body == b"" and headers["X-Accel-Redirect"].startswith("/protected/")
            internal = headers["X-Accel-Redirect"]
            status, headers, body = get(base + url, {"Cookie": cookies["patient"]})
            assert status == 200 and body == content, (status, body[:300], _logs(tmp_path, prefix))
            assert "X-Accel-Redirect" not in headers
            assert headers["Content-Type"] == "application/pdf"
            assert (
                headers["Content-Disposition"].startswith("attachment")
                and "biopsy.pdf" in headers["Content-Disposition"]
            )
            assert headers["Cache-Control"] == "private, no-store"
            assert headers["X-Content-Type-Options"] == "nosniff"
            # The preview keeps the headers Django gave it (nginx would drop them on an internal redirect).
            preview = reverse("intake:document_file", args=[case.reference, record.pk, "view"])
            _, django_headers, _ = get(direct + preview, {"Cookie": cookies["patient"]})
            status, headers, body = get(base + preview, {"Cookie": cookies["patient"]})
            assert status == 200 and body == content and headers["Content-Disposition"].startswith("inline")
            for name in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Cache-Control"):
                assert headers.get(name) == django_headers.get(name), name

            # Another patient gets a 404 and no bytes; the internal location answers nobody directly.
            status, _, body = get(base + url, {"Cookie": cookies["stranger"]})
            assert status == 404 and content not in body
            status, _, body = get(base + internal, {"Cookie": cookies["patient"]})
            assert status == 404 and content not in body
            status, _, body = get(base + url)  # signed out: sent to sign in
            assert status in (200, 302) and content not in body
    finally:
        for process in (proxy, web):
            if process is not None:
                stop(process)
        redis.stop()
        shutil.rmtree(prefix, ignore_errors=True)


def _logs(folder: Path, prefix: Path) -> str:
    files = [*sorted(folder.glob("*.log")), folder / "nginx.stderr", prefix / "error.log"]
    return "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in files if p.exists())
