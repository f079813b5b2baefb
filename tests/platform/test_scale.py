"""Growing past one machine: two web processes that share nothing but PostgreSQL, Redis and an S3-compatible
object store (separate data folders, separate ports) take alternate chunks of one resumable upload, and a
worker compiles a packet from it, all on object storage. The store is moto's standalone server: started by
.ci/run (MDT_TEST_S3_ENDPOINT), or here when that is not set."""

import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cases.lifecycle import case_transition
from cases.models import CaseAssignment, State
from tests.factories import UserFactory, complete_case
from tests.helpers.files import pdf_bytes
from tests.worker import OwnRedis, celery_worker, free_port, process_env, stop, use_broker, wait_for

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "mdt-records-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def s3(tmp_path):
    endpoint = os.environ.get("MDT_TEST_S3_ENDPOINT")
    server = None
    if not endpoint:
        moto = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
        if not Path(moto).exists():
            pytest.skip(
                "no S3-compatible server: install requirements-dev.txt (moto[server]) or set MDT_TEST_S3_ENDPOINT"
            )
        port = free_port()
        log = (tmp_path / "moto.log").open("w")
        server = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: _answers(endpoint), timeout=30), (tmp_path / "moto.log").read_text()
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, **_boto_credentials())
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if BUCKET not in existing:
        client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    if server is not None:
        stop(server)


def _boto_credentials() -> dict:
    return {
        "aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        "region_name": CREDENTIALS["AWS_DEFAULT_REGION"],
    }


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _request(method: str, url: str, headers: dict, body: bytes = b""):
    request = urllib.request.Request(url, data=body or None, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture
def redis(tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def test_two_web_processes_share_one_upload_and_a_worker_compiles_it_from_object_storage(tmp_path, patient, s3, redis):
    endpoint, client = s3
    shared = {
        **CREDENTIALS,
        "MDT_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "MDT_S3_BUCKET": BUCKET,
        "MDT_S3_ENDPOINT_URL": endpoint,
        "MDT_UPLOAD_STAGING": "storage",
        "MDT_CACHE_URL": redis.url.replace("/0", "/1"),
    }
    webs, ports = [], []
    for name in ("a", "b"):
        folder = tmp_path / name  # each process its own data folder: nothing on disk is shared
        folder.mkdir()
        port = free_port()
        env = process_env(
            redis.url, MDT_DATA_DIR=str(folder), MDT_PRIVATE_STORAGE_ROOT=str(folder / "private"), **shared
        )
        env["MDT_WORK_DIR"] = str(folder / "work")
        log = (tmp_path / f"web-{name}.log").open("w")
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        webs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        ports.append(port)
    try:
        for port in ports:
            assert wait_for(lambda p=port: _answers(f"http://127.0.0.1:{p}/health/live/"), timeout=120)
        case = complete_case(patient)
        case.documents.all().delete()  # placeholders in this process's local storage; the record comes by tus
        browser = Client()
        browser.force_login(patient)
        cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
        content = pdf_bytes(3, "Biopsy report")
        csrf = "a" * 32  # as the page's script does: the CSRF cookie's secret, echoed in X-CSRFToken
        tus = {"Tus-Resumable": "1.0.0", "Cookie": f"{cookie}; csrftoken={csrf}", "X-CSRFToken": csrf}
        metadata = ",".join(
            f"{key} {base64.b64encode(value.encode()).decode()}"
            for key, value in {
                "filename": "biopsy.pdf",
                "kind": "pathology_report",
                "filetype": "application/pdf",
            }.items()
        )
        create_url = reverse("intake:tus_create", args=[case.reference])
        status, headers = _request(
            "POST",
            f"http://127.0.0.1:{ports[0]}{create_url}",
            {**tus, "Upload-Length": str(len(content)), "Upload-Metadata": metadata},
        )
        assert status == 201, status
        path = urllib.parse.urlsplit(headers["Location"]).path
        third = len(content) // 3
        pieces = [content[:third], content[third : 2 * third], content[2 * third :]]
        offset = 0
        for index, piece in enumerate(pieces):
            port = ports[(index + 1) % 2]  # B, A, B: each chunk on the other process
            status, headers = _request(
                "PATCH",
                f"http://127.0.0.1:{port}{path}",
                {**tus, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
                piece,
            )
            assert status == 204, (status, (tmp_path / "web-a.log").read_text()[-2000:])
            offset += len(piece)
            assert headers["Upload-Offset"] == str(offset)
            head_status, head = _request("HEAD", f"http://127.0.0.1:{ports[index % 2]}{path}", tus)
            assert head_status == 200 and head["Upload-Offset"] == str(offset)  # the other process agrees
        document = case.documents.get()
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        stored = client.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
        assert stored == content  # the record is in the object store, not on either web machine
        keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert not [key for key in keys if key.startswith("upload-staging/")]  # chunks removed once assembled
        for name in ("a", "b"):
            assert not list((tmp_path / name / "private").rglob("*.pdf"))
    finally:
        for web in webs:
            stop(web)

    coordinator = UserFactory(role="coordinator")
    with use_broker(redis.url):
        case_transition(case=case, to=State.SUBMITTED, by=patient)
        case_transition(case=case, to=State.IN_TRIAGE, by=coordinator)
        for discipline, chair in (("medical_oncology", True), ("radiology", False)):
            specialist = UserFactory(role="specialist", discipline=discipline)
            CaseAssignment.objects.create(case=case, specialist=specialist, discipline=discipline, is_chair=chair)
        case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator, reason="Go ahead: scale test")
    worker_folder = tmp_path / "worker"
    worker_env = {
        **shared,
        "MDT_DATA_DIR": str(worker_folder),
        "MDT_PRIVATE_STORAGE_ROOT": str(worker_folder / "private"),
        "MDT_WORK_DIR": str(worker_folder / "work"),
    }
    with celery_worker(tmp_path / "worker.log", broker_url=redis.url, **worker_env):
        done = wait_for(lambda: case.packets.get().status in ("done", "failed"), timeout=240)
    assert done, (tmp_path / "worker.log").read_text()[-3000:]
    packet = case.packets.get()
    assert packet.status == "done", packet.error
    merged = client.get_object(Bucket=BUCKET, Key=packet.packet.name)["Body"].read()
    summary = client.get_object(Bucket=BUCKET, Key=packet.summary.name)["Body"].read()
    assert len(PdfReader(io.BytesIO(merged)).pages) == len(PdfReader(io.BytesIO(summary)).pages) + 1 + 3
