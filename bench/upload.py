"""A resumable upload of a large imaging ZIP through the tus endpoint.

Prints wall time, throughput and the process's peak memory, for the server
side of an upload: chunks streamed to the staging file, the file checked from
its bytes (type, ZIP structure, DICOM headers, SHA-256) and moved into the
private storage. The point is that memory stays flat however large the file.
"""

import base64
import os
import resource
import tempfile
import time
import zipfile

from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from pydicom.data import get_testdata_file

SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "512"))
CHUNK = 8 * 1024 * 1024


def _study_zip(path: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.write(get_testdata_file("CT_small.dcm"), "STUDY/IM0001.dcm")
        with archive.open("STUDY/raw-series.bin", "w", force_zip64=True) as out:
            for _ in range(SIZE_MB):
                out.write(os.urandom(1024 * 1024))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from django.db import connection
    from django.test.utils import get_runner  # noqa: F401

    from tests.factories import CaseFactory, UserFactory

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "study.zip")
            _study_zip(path)
            size = os.path.getsize(path)
            user = UserFactory()
            case = CaseFactory(owner=user)
            client = Client()
            client.force_login(user)
            meta = ",".join(
                f"{k} {base64.b64encode(v.encode()).decode()}"
                for k, v in {"filename": "study.zip", "kind": "imaging_study"}.items()
            )
            before = _peak_mb()
            start = time.perf_counter()
            location = client.post(
                reverse("intake:tus_create", args=[case.reference]),
                HTTP_UPLOAD_LENGTH=str(size),
                HTTP_UPLOAD_METADATA=meta,
            )["Location"]
            offset = 0
            with open(path, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    response = client.patch(
                        location,
                        data=chunk,
                        content_type="application/offset+octet-stream",
                        HTTP_UPLOAD_OFFSET=str(offset),
                    )
                    assert response.status_code == 204, response.content
                    offset += len(chunk)
            elapsed = time.perf_counter() - start
            assert case.documents.count() == 1
            print(f"upload: {size / 1e6:.0f} MB in {CHUNK // 2**20} MB chunks through the tus endpoint")
            print(
                f"  wall time           {elapsed:.2f} s  ({size / 1e6 / elapsed:.0f} MB/s, checking and storage included)"
            )
            print(f"  peak memory (RSS)   {_peak_mb():.0f} MB  (before the upload: {before:.0f} MB)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
