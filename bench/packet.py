"""A case packet for a case with 40 records (about 300 MB: scanned PDFs, reports, a photo, a DICOM ZIP).

Prints, for a compile by a real Celery worker: wall time from the request to
the finished packet, the time per stage, the worker's peak memory (RSS), and
then, for the same compile run in this process, the time spent inside
WeasyPrint versus the rest (our code: copying, checksums, merging with
pikepdf, the ZIP, storage). The point: memory stays about the size of the
inputs, not a multiple of it.

BENCH_PACKET_SCANS (default 34) sets how many 3-page scanned PDFs of ~6.5 MB the case has.
"""

import hashlib
import io
import os
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import img2pdf
import pydicom
from django.core.files import File
from django.test.utils import setup_test_environment
from PIL import Image
from pydicom.data import get_testdata_file

SCANS = int(os.environ.get("BENCH_PACKET_SCANS", "34"))
STUDY_IMAGES = 150  # 512 × 512 × 16-bit CT slices: ~79 MB
KINDS = ["pathology_report", "biomarker_report", "imaging_report", "lab_results", "treatment_summary", "other"]


def _scan_pdf(path: Path, pages: int = 3) -> None:
    """A scanned report: A4 pages at 200 dpi of incompressible grey noise (the worst case for size)."""
    images = []
    for _ in range(pages):
        image = Image.frombytes("L", (1654, 2339), os.urandom(1654 * 2339))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=75)
        images.append(out.getvalue())
    path.write_bytes(img2pdf.convert(images))


def _text_pdf(path: Path, pages: int) -> None:
    from weasyprint import HTML

    para = "<p>Findings consistent with adenocarcinoma; margins clear; lymphovascular invasion present. " * 12
    body = "".join(
        f"<section style='page-break-after:always'><h1>Report page {i + 1}</h1>{para}</p></section>"
        for i in range(pages)
    )
    HTML(string=body).write_pdf(path)


def _photo(path: Path) -> None:
    Image.frombytes("RGB", (3000, 2000), os.urandom(3000 * 2000 * 3)).save(path, "JPEG", quality=85)


def _study_zip(path: Path) -> None:
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for i in range(STUDY_IMAGES):
            template.Rows = template.Columns = 512
            template.PixelData = os.urandom(512 * 512 * 2)
            template.InstanceNumber = i + 1
            out = io.BytesIO()
            template.save_as(out)
            archive.writestr(f"STUDY/IM{i:04d}.dcm", out.getvalue())


def _make_files(folder: Path) -> list[tuple[Path, str, str]]:
    """(path, kind, detected type) for 40 records."""
    files = []
    for i in range(SCANS):
        path = folder / f"scan-{i:02d}.pdf"
        _scan_pdf(path)
        files.append((path, KINDS[i % len(KINDS)], "pdf"))
    for i, pages in enumerate((40, 25, 12, 8)):
        path = folder / f"report-{i}.pdf"
        _text_pdf(path, pages)
        files.append((path, KINDS[i], "pdf"))
    _photo(folder / "photo.jpg")
    files.append((folder / "photo.jpg", "other", "jpeg"))
    _study_zip(folder / "ct-study.zip")
    files.append((folder / "ct-study.zip", "imaging_study", "zip_dicom"))
    return files


def _add(case, path: Path, kind: str, detected: str, day: int):
    import datetime

    from cases.models import Document
    from intake.filecheck.metadata import extract_metadata

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
        fh.seek(0)
        metadata = extract_metadata(fh, detected)
        fh.seek(0)
        document = Document(
            case=case,
            kind=kind,
            original_name=path.name,
            size=path.stat().st_size,
            sha256=digest.hexdigest(),
            detected_type=detected,
            mime={"pdf": "application/pdf", "jpeg": "image/jpeg", "zip_dicom": "application/zip"}[detected],
            document_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            uploaded_by=case.owner,
            metadata=metadata,
            metadata_status="done",
        )
        document.file.save("upload", File(fh), save=False)
    document.save()


def _vm(pid: int, key: str) -> float:
    """VmHWM (peak) or VmRSS of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def _weasyprint_clock(totals: dict):
    """Adds the seconds spent in WeasyPrint's layout and PDF writing to totals["weasyprint"]."""
    from weasyprint import HTML
    from weasyprint.document import Document

    originals = HTML.render, Document.write_pdf

    def timed(function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals["weasyprint"] = totals.get("weasyprint", 0) + time.perf_counter() - start

        return wrapper

    HTML.render, Document.write_pdf = timed(originals[0]), timed(originals[1])
    try:
        yield
    finally:
        HTML.render, Document.write_pdf = originals


def _print_stages(timings: dict) -> None:
    for name in ("gathering", "summary", "separators", "merging", "archive", "storing"):
        print(f"    {name:<12} {timings.get(name, 0):6.2f} s")


def main() -> None:
    from django.db import connection

    from cases.assessment import render_stored
    from reports.models import Packet
    from reports.packets import packet_compile, packet_request
    from tests.factories import UserFactory, complete_case
    from tests.worker import celery_worker, wait_for

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            start = time.perf_counter()
            files = _make_files(folder)
            case = complete_case(UserFactory())
            case.documents.all().delete()
            for day, (path, kind, detected) in enumerate(files):
                _add(case, path, kind, detected, day)
            size = sum(p.stat().st_size for p, _k, _d in files)
            print(
                f"packet: {len(files)} records, {size / 1e6:.0f} MB ({SCANS} scanned PDFs, 4 text PDFs, a photo, a DICOM ZIP)"
            )
            print(f"  (inputs made and stored in {time.perf_counter() - start:.0f} s)")

            with celery_worker(folder / "worker.log") as worker:
                time.sleep(3)  # let the worker start before measuring its idle memory
                idle = _vm(worker.pid, "VmRSS")
                start = time.perf_counter()
                packet = packet_request(case=case)  # enqueued at once: no transaction is open
                done = wait_for(
                    lambda: Packet.objects.get(pk=packet.pk).status in ("done", "failed"), timeout=1200, interval=0.2
                )
                wall = time.perf_counter() - start
                peak = _vm(worker.pid, "VmHWM")
            packet.refresh_from_db()
            if not done or packet.status != "done":
                print((folder / "worker.log").read_text()[-3000:])
                raise SystemExit(f"packet did not finish: {packet.status} {render_stored(packet.error)}")
            out = {part: getattr(packet, part).size for part in ("summary", "packet", "archive")}
            print("  by a Celery worker (solo pool):")
            print(f"    wall time           {wall:6.2f} s  (request to packet done, queue pick-up included)")
            _print_stages(packet.timings)
            print(
                f"    worker peak memory  {peak:6.0f} MB RSS (idle worker: {idle:.0f} MB; inputs: {size / 1e6:.0f} MB)"
            )
            print(f"    outputs             packet {out['packet'] / 1e6:.0f} MB, archive {out['archive'] / 1e6:.0f} MB")

            totals = {}
            again = packet_request(case=case, reuse_waiting=False, enqueue=False)
            with _weasyprint_clock(totals):
                start = time.perf_counter()
                packet_compile(packet_id=again.pk)
                total = time.perf_counter() - start
            weasy = totals.get("weasyprint", 0)
            print("  in this process (same compile, WeasyPrint timed):")
            print(f"    total               {total:6.2f} s")
            print(f"    in WeasyPrint       {weasy:6.2f} s  (summary and separator pages: layout and PDF writing)")
            print(
                f"    in our code         {total - weasy:6.2f} s  (gathering, checksums, summary data, merging, ZIP, storage)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
