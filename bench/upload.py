"""A 1 GB resumable upload through the tus endpoint, against a trivial app writing the same bodies to disk.

Product: gunicorn (1 sync worker) serving the app on PostgreSQL; a client sends the file in the chunk size the
upload page gives the browser (settings.UPLOAD_CHUNK_BYTES), each PATCH with the session cookie and CSRF token,
as tus-js-client does. The last PATCH includes the file check (type, ZIP structure, DICOM header, SHA-256) and
the move into the private storage. Floor: gunicorn serving bench/floor_upload.py, the same requests. A pair is
one upload through each; the ratio is product MB/s over floor MB/s. Web RSS growth is the worker's peak RSS
(VmHWM) minus its RSS before the upload.

BENCH_UPLOAD_MB sets the size (default 1024; 256 with --quick).
"""

import base64
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from bench.common import QUICK, ROOT, ROWS, Row, alternate, proc_mb

SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "256" if QUICK else "1024"))
PAIRS = 2 if QUICK else 3
PORT, FLOOR_PORT = 8148, 8149


def _study_zip(path: Path) -> None:
    from pydicom.data import get_testdata_file

    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.write(get_testdata_file("CT_small.dcm"), "STUDY/IM0001.dcm")
        with archive.open("STUDY/raw-series.bin", "w", force_zip64=True) as out:
            block = os.urandom(1024 * 1024)
            for i in range(SIZE_MB):
                out.write(block[i % 1024 :] + block[: i % 1024])  # every MB different, cheap to make


def _worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise SystemExit("no gunicorn worker")


def _gunicorn(app: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        app,
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--timeout=600",
        f"--error-logfile={log}",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 300  # a busy machine takes its time to boot the workers
    while time.monotonic() < deadline:
        try:
            with socket_probe(port):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn {app} did not start; see {log}")


class socket_probe:  # noqa: N801 - a context manager that only connects
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)

    def __enter__(self):
        self.connection.connect()
        return self

    def __exit__(self, *exc):
        self.connection.close()


def _upload(port: int, create_path: str, path: Path, chunk: int, headers: dict) -> float:
    """Sends the file as tus-js-client does; returns the seconds from the first request to the last answer."""
    size = path.stat().st_size
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in {"filename": "study.zip", "kind": "imaging_study"}.items()
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600, blocksize=1024 * 1024)
    start = time.perf_counter()
    connection.request(
        "POST",
        create_path,
        headers={**headers, "Tus-Resumable": "1.0.0", "Upload-Length": str(size), "Upload-Metadata": meta},
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 201, (response.status, response.headers)
    location = urllib.parse.urlsplit(response.headers["Location"]).path
    offset = 0
    with path.open("rb") as fh:
        while offset < size:
            length = min(chunk, size - offset)
            fh.seek(offset)
            body = _Slice(fh, length)
            connection.request(
                "PATCH",
                location,
                body=body,
                headers={
                    **headers,
                    "Tus-Resumable": "1.0.0",
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                    "Content-Length": str(length),
                },
            )
            response = connection.getresponse()
            text = response.read()
            assert response.status == 204, (response.status, text[:500])
            offset += length
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


class _Slice:
    """`length` bytes of an open file from where it stands, read in blocks (http.client streams it)."""

    def __init__(self, fh, length):
        self.fh, self.left = fh, length

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.fh.read(n)
        self.left -= len(data)
        return data


def main() -> None:
    from django.conf import settings
    from django.db import connection
    from django.middleware.csrf import _get_new_csrf_string

    from bench.pages import _session_cookie
    from cases.models import Document
    from tests.factories import CaseFactory, UserFactory

    if connection.vendor != "postgresql":
        print("upload: skipped, needs PostgreSQL (DATABASE_URL=postgres://…)")
        return
    db = connection.settings_dict
    database = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    chunk = settings.UPLOAD_CHUNK_BYTES
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
        folder = Path(tmp)
        path = folder / "study.zip"
        _study_zip(path)
        size = path.stat().st_size
        user = UserFactory()
        csrf = _get_new_csrf_string()
        headers = {"Cookie": f"sessionid={_session_cookie(user)}; csrftoken={csrf}", "X-CSRFToken": csrf}
        product_env = {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database,
            "MDT_DATA_DIR": str(settings.DATA_DIR),
        }
        floor_dir = folder / "floor"
        floor_dir.mkdir()
        product = _gunicorn("config.wsgi:application", PORT, product_env, folder / "product.log")
        floor = _gunicorn(
            "bench.floor_upload:app", FLOOR_PORT, {"BENCH_FLOOR_DIR": str(floor_dir)}, folder / "floor.log"
        )
        growth = []
        try:
            worker = _worker_pid(product.pid)

            def one_product() -> float:
                case = CaseFactory(owner=user)  # a new case each time: the same file twice in a case is refused
                before = proc_mb(worker, "VmRSS")
                Path(f"/proc/{worker}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
                seconds = _upload(PORT, f"/cases/{case.reference}/uploads/", path, chunk, headers)
                growth.append(proc_mb(worker, "VmHWM") - before)
                assert Document.objects.filter(case=case, size=size).count() == 1
                return size / 1e6 / seconds

            def one_floor() -> float:
                seconds = _upload(FLOOR_PORT, "/upload/", path, chunk, {})
                for leftover in floor_dir.iterdir():
                    leftover.unlink()
                return size / 1e6 / seconds

            one_product(), one_floor()  # warm-up: imports, connections, page cache
            growth.clear()  # RSS growth is what an upload costs a running worker, not its first imports
            products, floors = alternate(one_product, one_floor, PAIRS)
        finally:
            for server in (product, floor):
                server.terminate()
                server.wait(timeout=30)
    rss = max(growth)
    print(
        f"upload: {size / 1e6:.0f} MB in {chunk // 2**20} MB chunks; product {statistics.median(products):.0f} MB/s,"
        f" floor {statistics.median(floors):.0f} MB/s; web worker RSS growth {rss:.0f} MB (max of {len(growth)})"
    )
    ROWS.append(
        Row(
            name=f"resumable upload, {size / 1e9:.1f} GB",
            product=f"{statistics.median(products):.0f} MB/s, web RSS growth {rss:.0f} MB",
            floor=f"trivial app writing the bodies: {statistics.median(floors):.0f} MB/s",
            ratios=[p / f for p, f in zip(products, floors, strict=True)],
            goal=0.7,
            higher_is_better=True,
            extra_goals=[(f"RSS growth {rss:.0f} MB ≤ 50 MB", rss <= 50)],
        )
    )
