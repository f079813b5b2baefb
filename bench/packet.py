"""A case packet for a case with 40 records (about 300 MB: scanned PDFs, reports, a photo, a DICOM ZIP).

Product: the compile by a real Celery worker (solo pool), from its start to its end as the packet records them,
and the worker's peak RSS during it (VmHWM, reset before each compile). Floor: the least work that makes the
same outputs, in this process: the summary's HTML rendered by bare WeasyPrint, the record PDFs merged by
pikepdf, every record's bytes copied and hashed (SHA-256) once, and a stored ZIP of the records, the summary and
the merged PDF. Product and floor alternate; the ratio is product seconds over floor seconds.

BENCH_PACKET_SCANS (default 34; 8 with --quick) sets how many 3-page scanned PDFs of ~6.5 MB the case has.
"""

import hashlib
import io
import os
import statistics
import tempfile
import time
import zipfile
from contextlib import ExitStack
from pathlib import Path

import img2pdf
import pydicom
from django.core.files import File
from PIL import Image
from pydicom.data import get_testdata_file

from bench.common import QUICK, ROWS, Row, alternate, proc_mb, spread, timed

SCANS = int(os.environ.get("BENCH_PACKET_SCANS", "8" if QUICK else "34"))
PAIRS = 2 if QUICK else 3
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


def _floor(case, html: str, work: Path) -> None:
    """Summary, merge, hash and copy, stored ZIP: what any packet builder has to do."""
    import pikepdf
    from weasyprint import HTML

    from reports.packet_build import packet_documents
    from reports.pdf import BASE_URL, SafeFetcher

    summary = work / "summary.pdf"
    HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).write_pdf(summary)
    copies = []
    for document in packet_documents(case):
        target = work / f"record-{document.pk}"
        digest = hashlib.sha256()
        with document.file.open("rb") as source, target.open("wb") as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        assert digest.hexdigest() == document.sha256
        copies.append((target, document))
    merged = work / "packet.pdf"
    with ExitStack() as stack:  # the sources stay open until the merged file is written
        packet = stack.enter_context(pikepdf.open(summary))
        for target, document in copies:
            if document.detected_type == "pdf":
                packet.pages.extend(stack.enter_context(pikepdf.open(target)).pages)
        packet.save(merged)
    with zipfile.ZipFile(work / "archive.zip", "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for path in [summary, merged, *(t for t, _d in copies)]:
            archive.write(path, path.name)


def main() -> None:
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from cases.assessment import case_with_clinical, render_stored
    from reports.documents.summary import TEMPLATE, summary_context
    from reports.models import Packet
    from reports.packets import packet_request
    from tests.factories import UserFactory, complete_case
    from tests.worker import celery_worker, wait_for

    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = _make_files(folder)
        case = complete_case(UserFactory())
        case.documents.all().delete()
        for day, (path, kind, detected) in enumerate(files):
            _add(case, path, kind, detected, day)
            path.unlink()
        size = sum(d.size for d in case.documents.all())
        pdf_input = sum(d.size for d in case.documents.all() if d.detected_type == "pdf")
        print(
            f"packet: {len(files)} records, {size / 1e6:.0f} MB ({SCANS} scanned PDFs, 4 text PDFs, a photo, a DICOM"
            f" ZIP; PDF input {pdf_input / 1e6:.0f} MB); inputs made in {time.perf_counter() - start:.0f} s"
        )
        with translation.override("en"):
            context = summary_context(case_with_clinical(case), audience="mdt", today=timezone.localdate())
            context["page_size"] = "A4"
            html = render_to_string(TEMPLATE, context)
        peaks, stages = [], []
        with celery_worker(folder / "worker.log") as worker:
            time.sleep(5)  # the worker starts before its idle memory is read
            idle = proc_mb(worker.pid, "VmRSS")

            def product() -> float:
                Path(f"/proc/{worker.pid}/clear_refs").write_text("5")  # VmHWM back to the current RSS
                packet = packet_request(case=case, reuse_waiting=False)
                done = wait_for(
                    lambda: Packet.objects.get(pk=packet.pk).status in ("done", "failed"), timeout=1200, interval=0.1
                )
                packet.refresh_from_db()
                if not done or packet.status != "done":
                    print((folder / "worker.log").read_text()[-3000:])
                    raise SystemExit(f"packet did not finish: {packet.status} {render_stored(packet.error)}")
                peaks.append(proc_mb(worker.pid, "VmHWM"))
                stages.append(packet.timings)
                return (packet.finished_at - packet.started_at).total_seconds()

            def floor() -> float:
                with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as work:
                    return timed(lambda: _floor(case, html, Path(work)))

            product(), floor()  # warm-up: fonts, imports, page cache
            peaks.clear(), stages.clear()
            products, floors = alternate(product, floor, PAIRS)
    peak = max(peaks)
    budget = 1.2 * pdf_input / 1e6 + 150
    print(
        f"  product {spread(products, 's')}, floor {spread(floors, 's')}; worker idle {idle:.0f} MB,"
        f" peak {peak:.0f} MB (budget 1.2 × PDF input + 150 MB = {budget:.0f} MB)"
    )
    print(
        "  product stages (median s): "
        + ", ".join(
            f"{name} {statistics.median(s.get(name, 0) for s in stages):.2f}"
            for name in ("gathering", "summary", "separators", "merging", "archive", "storing")
        )
    )
    ROWS.append(
        Row(
            name=f"case packet, {len(files)} records / {size / 1e6:.0f} MB",
            product=f"{spread(products, 's')}, worker peak {peak:.0f} MB (idle {idle:.0f} MB)",
            floor=f"summary + pikepdf merge + SHA-256 and copy + stored ZIP: {spread(floors, 's')}",
            ratios=[p / f for p, f in zip(products, floors, strict=True)],
            goal=1.5,
            extra_goals=[(f"peak {peak:.0f} MB ≤ {budget:.0f} MB", peak <= budget)],
        )
    )
