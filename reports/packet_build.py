"""Building a packet's files: gather the records, render, merge, archive, store.

Called by reports.packets.packet_compile with a claimed `Run`; every progress
step goes through the run, which writes only while its claim holds.

Merging uses qpdf (through pikepdf). Measured on 220 MB of scanned PDFs (34 × 6.5 MB):
pikepdf's page copy grows by 220 MB (every record's streams in memory at once),
qpdf's own page merge (QPDFJob) by 8 MB in about the same time; pypdf took
412 MB for 186 MB. See "Merging" below.
Images become pages with img2pdf, which embeds JPEG and PNG data as it is
(lossless, no decoding: 0.26 s and +8 MB for a 9 MB photo, where Pillow
re-encodes at +38 MB). Files are read and written through the storage API;
the working copies live in a job folder under the data folder (config.datadirs), removed afterwards
(and at the next worker start if the worker was killed).
"""

import hashlib
import json
import logging
import os
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.db import connection
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases.assessment import message_json, render
from cases.biomarker_view import document_results
from cases.errors import ActionRefused
from cases.models import Case, Document
from cases.models.documents import DocumentKind
from cases.partial_dates import local_iso
from config import datadirs
from reports.models import Packet

# WeasyPrint (through reports.pdf), pikepdf, img2pdf and Pillow are imported where they are used, not here: this
# module is imported by every process at start-up (reports.receivers → reports.packets), and those libraries are
# about 80 MB of memory and a second of start-up that a web process or a worker sending emails never uses.

log = logging.getLogger(__name__)

# The board reads pathology first, then the molecular picture, then imaging, then the rest.
KIND_ORDER = [
    DocumentKind.PATHOLOGY_REPORT,
    DocumentKind.BIOMARKER_REPORT,
    DocumentKind.IMAGING_REPORT,
    DocumentKind.IMAGING_STUDY,
    DocumentKind.LAB_RESULTS,
    DocumentKind.TREATMENT_SUMMARY,
    DocumentKind.OTHER,
]
PART_NAMES = {"summary": "summary.pdf", "packet": "packet.pdf", "archive": "archive.zip"}
CHUNK = 1024 * 1024
PROGRESS_SECONDS = 0.5

# Kept on the packet untranslated (PacketError), shown in each reader's language.
ERR_CHECKSUM = gettext_noop("The stored file “%(name)s” no longer matches the checksum taken when it was uploaded.")
ERR_MISSING = gettext_noop("The stored file “%(name)s” is missing.")
NOTE_NOT_MERGED = gettext_lazy(
    "This record could not be read as a PDF, so it is not merged here: the original is in the archive."
)
NOTE_NOT_CONVERTED = gettext_lazy("This image could not be converted to a page: the original is in the archive.")
NOTE_NOT_PRINTABLE = gettext_lazy("This file is not a document that can be printed: the original is in the archive.")


class PacketError(ActionRefused):
    """A packet cannot be compiled for a reason the coordinator can read (and maybe fix).

    The reason is a template (gettext_noop) and its values, so it can be kept
    on the packet (`stored`) and shown in each reader's language; `message`
    renders it in the language active when it is shown.
    """

    def __init__(self, template: str, /, **params):
        super().__init__(lazy(render, str)(template, params))
        self.template, self.params = template, params

    @property
    def stored(self) -> dict:
        return message_json(self.template, self.params)


class ClaimLost(Exception):
    """Another worker took this packet over (ours was presumed dead); stop without writing."""


@dataclass
class Record:
    """One uploaded file on its way into the packet."""

    document: Document
    member: str  # its name in the archive
    path: Path  # local working copy
    sha256: str = ""
    size: int = 0
    pdf: Path | None = None  # the pages to merge (the file itself, or an image turned into a page)
    pages: int | None = None
    note: str = ""

    @property
    def is_study(self) -> bool:
        return self.document.detected_type in ("dicom", "zip_dicom")


@dataclass
class Run:
    """One claimed attempt at compiling a packet: its token and its progress."""

    packet: Packet
    token: uuid.UUID
    timings: dict = field(default_factory=dict)
    _last: tuple = ("", -1)
    _written_at: float = 0.0

    def progress(self, stage: str, percent: float) -> None:
        percent = max(0, min(100, int(percent)))
        if (stage, percent) == self._last:
            return
        new_stage = stage != self._last[0]
        # A new stage is written at once; within one, at most every PROGRESS_SECONDS (the page polls slower than
        # that, and a 40-record packet made ~50 writes of a percent or two each).
        if not new_stage and time.monotonic() - self._written_at < PROGRESS_SECONDS:
            return
        self._last = (stage, percent)
        self.update(stage=stage, percent=percent, heartbeat_at=timezone.now())
        self._written_at = time.monotonic()
        if new_stage and settings.PACKET_STAGE_DELAY:
            # Test hook: a compile slow enough to kill the worker in the middle of it.
            time.sleep(settings.PACKET_STAGE_DELAY)

    def update(self, **fields) -> None:
        """Write `fields` to the packet row while our claim holds; ClaimLost once it does not."""
        if not Packet.objects.filter(pk=self.packet.pk, claim=self.token).update(**fields):
            raise ClaimLost

    @contextmanager
    def beating(self, every: float) -> Iterator[None]:
        """Beat (heartbeat_at) from a thread every `every` seconds while the block runs, so a long step
        (rendering, merging, storing a large archive) never looks like a dead worker, and a killed one
        stops beating at once."""
        stop = threading.Event()

        def beat() -> None:
            try:
                while not stop.wait(every):
                    fresh = Packet.objects.filter(pk=self.packet.pk, claim=self.token)
                    if not fresh.update(heartbeat_at=timezone.now()):
                        return  # the claim is gone: the compile itself stops at its next write
            except Exception:  # noqa: BLE001 - a missed beat is survivable; the sweeper waits PACKET_STALE_SECONDS
                log.warning("Packet %s heartbeat failed", self.packet.pk, exc_info=True)
            finally:
                connection.close()

        thread = threading.Thread(target=beat, name=f"packet-{self.packet.pk}-heartbeat", daemon=True)
        if every > 0:
            thread.start()
        try:
            yield
        finally:
            stop.set()
            if thread.is_alive():
                thread.join(timeout=every + 5)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0) + time.perf_counter() - start, 3)


def build(run: Run) -> tuple[dict[str, str], dict]:
    """Make and store the packet's three files; their storage names and the manifest."""
    clear_leftovers(run.packet)
    with datadirs.job_folder(f"packet-{run.packet.pk}") as work:
        records = _gather(run, work)
        summary_path = work / "summary.pdf"
        packet_path = work / "packet.pdf"
        archive_path = work / "archive.zip"
        with _Archive(archive_path) as archive:
            # The records go into the archive on a thread while the pages are laid out: the layout holds the GIL,
            # the archive's reads, CRC and writes mostly do not, so on two cores the one hides the other.
            with archive.adding(records):
                rendered = _render(run, work, records)
                with run.timed("merging"):
                    _pages(rendered.path, [(rendered.path, f"1-{rendered.summary}")], summary_path)
                    _merge(run, records, rendered, packet_path)
            with run.timed("archive"):
                manifest = _archive(run, archive, records, summary_path, packet_path)
        with run.timed("storing"):
            names = _store(run, {"summary": summary_path, "packet": packet_path, "archive": archive_path})
    return names, manifest


def packet_documents(case: Case) -> list[Document]:
    """The case's records in packet order: by kind (KIND_ORDER), then date, oldest first, undated last.

    The same order and numbering as the records index of the MDT summary
    (reports.documents.summary.documents), so "Record 3 of 12" is number 3 there too.
    """
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}

    def key(document):
        date = document.document_date.isoformat() if document.document_date else ""
        date = date or (document.metadata or {}).get("study_date", "")
        return rank.get(document.kind, len(rank)), date or "9999", document.pk

    return sorted(case.documents.all(), key=key)


# Gathering: a local working copy of each record, its checksum checked on the way.


def _gather(run: Run, work: Path) -> list[Record]:
    documents = packet_documents(run.packet.case)
    total = sum(d.size for d in documents) or 1
    done = 0
    records = []
    run.progress(Packet.Stage.GATHERING, 0)
    for index, document in enumerate(documents, start=1):
        record = Record(document=document, member=_member_name(index, document), path=work / f"record-{index}")
        with run.timed("gathering"):
            _copy_from_storage(record)
            _prepare_pages(record, work)
        records.append(record)
        done += document.size
        run.progress(Packet.Stage.GATHERING, 20 * done / total)
    return records


def _member_name(index: int, document: Document) -> str:
    name = get_valid_filename(Path(document.original_name).name) or "file"
    return f"records/{index:02d}-{document.kind}-{name}"[:200]


def _copy_from_storage(record: Record) -> None:
    """The record's working copy, its checksum taken from those very bytes and checked against the upload's.

    With the storage on this filesystem the working copy is a hard link: no bytes are copied, and the record
    stays whole for this compile even if it is deleted meanwhile. Otherwise (object storage, another
    filesystem) the bytes are copied through the storage API and hashed on the way.
    """
    document = record.document
    digest = hashlib.sha256()
    if _linked(document, record.path):
        with record.path.open("rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                record.size += len(chunk)
    else:
        try:
            source = document.file.open("rb")
        except FileNotFoundError:
            raise PacketError(ERR_MISSING, name=document.original_name) from None
        with source, record.path.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                record.size += len(chunk)
    record.sha256 = digest.hexdigest()
    if document.sha256 and record.sha256 != document.sha256:
        raise PacketError(ERR_CHECKSUM, name=document.original_name)


def _linked(document: Document, target: Path) -> bool:
    try:
        os.link(document.file.path, target)
    except (NotImplementedError, OSError):  # no local path, another filesystem, or missing (then the copy says so)
        return False
    return True


def _prepare_pages(record: Record, work: Path) -> None:
    import pikepdf

    kind = record.document.detected_type
    if kind == "pdf":
        try:
            with pikepdf.open(record.path) as pdf:
                record.pages = len(pdf.pages)
            record.pdf = record.path
        except pikepdf.PdfError:
            record.note = str(NOTE_NOT_MERGED)
    elif kind in ("jpeg", "png"):
        record.pdf = work / f"{record.path.name}.pdf"
        try:
            _image_to_pdf(record.path, record.pdf)
            record.pages = 1
        except Exception:  # noqa: BLE001 - a damaged image costs its page, not the packet
            log.warning("Could not convert document %s to a page", record.document.pk, exc_info=True)
            record.pdf, record.note = None, str(NOTE_NOT_CONVERTED)
    elif not record.is_study:
        record.note = str(NOTE_NOT_PRINTABLE)


def _image_to_pdf(source: Path, target: Path) -> None:
    import img2pdf

    a4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
    margins = (img2pdf.mm_to_pt(10), img2pdf.mm_to_pt(10))
    layout = img2pdf.get_layout_fun(a4, border=margins, fit=img2pdf.FitMode.into, auto_orient=True)
    try:
        data = img2pdf.convert(str(source), layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
    except img2pdf.AlphaChannelError:
        data = img2pdf.convert(str(_flatten(source)), layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
    target.write_bytes(data)


def _flatten(source: Path) -> Path:
    """A PNG with transparency, on white (PDF images carry no alpha in img2pdf)."""
    from PIL import Image

    flat = source.with_suffix(".flat.png")
    with Image.open(source) as image:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        background.save(flat, "PNG")
    return flat


# Rendering: the MDT summary, the separator pages, the list of imaging studies.


@dataclass
class Rendered:
    """The packet's own pages, laid out together in one PDF: the summary, one separator per merged record, then
    the list of imaging studies (their page counts)."""

    path: Path
    summary: int
    separators: int
    studies: int


def _render(run: Run, work: Path, records: list[Record]) -> Rendered:
    from weasyprint.text.fonts import FontConfiguration

    from reports.documents.summary import summary_document
    from reports.pdf import render_pdfs

    packet = run.packet
    run.progress(Packet.Stage.SUMMARY, 20)
    context = {"packet": packet, "case": packet.case, "footer": _footer(packet)}
    merged = [r for r in records if not r.is_study]
    studies = [r for r in records if r.is_study]
    font_config = FontConfiguration()  # shared by every page the packet lays out: each font read and subset once
    with run.timed("summary"):
        htmls: list = [summary_document(packet.case, audience="mdt", font_config=font_config)]
    with run.timed("separators"):
        if merged:
            context["records"] = [_separator(r, records) for r in merged]
            htmls.append(render_to_string("reports/packet/separators.html", context))
        if studies:
            context["studies"] = [_study(r) for r in studies]
            htmls.append(render_to_string("reports/packet/studies.html", context))
    run.progress(Packet.Stage.SUMMARY, 25)
    path = work / "rendered.pdf"
    with run.timed("summary"):
        # One layout pass each, one PDF written: the fonts (Noto CJK: 20 MB a face) are read and subset once.
        counts = iter(render_pdfs(htmls, path, font_config=font_config))
    rendered = Rendered(path, next(counts), next(counts) if merged else 0, next(counts) if studies else 0)
    if rendered.separators != len(merged):
        raise PacketError(f"separator pages: expected {len(merged)}, got {rendered.separators}")
    run.progress(Packet.Stage.SUMMARY, 40)
    return rendered


def _footer(packet: Packet) -> str:
    return _("%(reference)s · case packet version %(version)d") % {
        "reference": packet.case.reference,
        "version": packet.version,
    }


def _separator(record: Record, records: list[Record]) -> dict:
    """What the page before a record says: which record (its number in the summary's index), what kind, of when,
    how many pages follow, and the results the summary read from it."""
    return {
        "number": records.index(record) + 1,
        "total": len(records),
        "results": document_results(record.document),
        **_facts(record),
    }


def _facts(record: Record) -> dict:
    document = record.document
    return {
        "name": document.original_name,
        "kind": document.get_kind_display(),
        "date": document.document_date,
        "description": document.description,
        "uploaded_at": document.uploaded_at,
        "pages": record.pages,
        "size": record.size,
        "sha256": record.sha256,
        "member": record.member,
        "note": record.note,
    }


def _study(record: Record) -> dict:
    meta = record.document.metadata or {}
    return {
        **_facts(record),
        "study_date": local_iso(meta.get("study_date") or ""),
        "modalities": ", ".join(meta.get("modalities") or filter(None, [meta.get("modality")])),
        "study_description": meta.get("study_description") or "",
        "body_parts": ", ".join(meta.get("body_parts") or filter(None, [meta.get("body_part")])),
        "study_count": meta.get("study_count"),
        "series_count": meta.get("series_count"),
        "image_count": meta.get("image_count"),
    }


# Merging: summary, then each record behind its separator, each with a bookmark.
#
# In two steps, so memory does not grow with the records: pikepdf copies another file's pages with their
# stream data read into memory (it makes every source copy-now), which held all 220 MB of a 40-record packet's
# PDFs at once. So pikepdf only builds the small "front" (the summary, every separator page, the list of studies,
# the bookmarks and the title), and qpdf's own page merge (QPDFJob, as `qpdf front.pdf --pages ...`) writes the
# packet from it and the records, reading each record's streams as it writes them. QPDFJob keeps the primary
# file's outline and document information, and its pages are the front's own objects, so the bookmarks made on
# the front point at the right pages of the packet.


def _merge(run, records: list[Record], rendered: Rendered, target: Path) -> None:
    import pikepdf

    run.progress(Packet.Stage.MERGING, 40)
    front_path = target.with_name("front.pdf")
    studies = range(rendered.summary + rendered.separators, rendered.summary + rendered.separators + rendered.studies)
    # The packet's pages in order: (file, page range), the front's by number (1-based).
    plan: list[tuple[Path, str]] = [(front_path, f"1-{rendered.summary}")]
    items = []  # bookmarks under "Records", each at a page of the front (0-based)
    with pikepdf.open(rendered.path) as front:
        with front.open_outline() as outline:
            summary_item = pikepdf.OutlineItem(_("MDT summary"), 0)
            summary_item.children.extend(list(outline.root))
            outline.root[:] = [summary_item]
            separator = rendered.summary
            for record in records:
                if record.is_study:
                    if studies:  # the list holds every study: add it once, where the first one falls
                        item = pikepdf.OutlineItem(_("Imaging studies (DICOM, in the archive)"), studies.start)
                        item.children.extend(
                            pikepdf.OutlineItem(_bookmark(r, records.index(r) + 1), studies.start)
                            for r in records
                            if r.is_study
                        )
                        items.append(item)
                        plan.append((front_path, f"{studies.start + 1}-{studies.stop}"))
                        studies = range(0)
                    continue
                items.append(
                    pikepdf.OutlineItem(_bookmark(record, records.index(record) + 1), separator)
                )  # the record opens at its separator
                plan.append((front_path, str(separator + 1)))
                if record.pdf:
                    plan.append((record.pdf, "1-z"))
                separator += 1
            if items:
                records_item = pikepdf.OutlineItem(_("Records"), items[0].destination)
                records_item.children.extend(items)
                outline.root.append(records_item)
        front.docinfo["/Title"] = _footer(run.packet)
        front.save(front_path)
    run.progress(Packet.Stage.MERGING, 45)
    _pages(front_path, plan, target)
    front_path.unlink()
    run.progress(Packet.Stage.MERGING, 70)


def _pages(primary: Path, plan: list[tuple[Path, str]], target: Path) -> None:
    """Write `target` with the pages of `plan` ((file, page range) in order), keeping the outline and document
    information of `primary` (qpdf --pages)."""
    import pikepdf

    job = {
        "inputFile": str(primary),
        "outputFile": str(target),
        "pages": [{"file": str(path), "range": pages} for path, pages in _joined(plan)],
    }
    pikepdf.Job(job).run()


def _joined(plan: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Neighbouring single front pages as one range ("5", "6", "7" → "5-7"), so the job stays short."""
    joined: list[tuple[Path, str]] = []
    for path, pages in plan:
        if joined and path == joined[-1][0] and pages.isdigit():
            last_path, last = joined[-1]
            start, _sep, end = last.partition("-")
            if int(end or start) + 1 == int(pages):
                joined[-1] = (last_path, f"{start}-{pages}")
                continue
        joined.append((path, pages))
    return joined


def _bookmark(record: Record, number: int | None = None) -> str:
    """ "3. Pathology report · 11 Oct 2025 · biopsy.pdf (4 p.)": the number is the record's in the summary's index."""
    document = record.document
    date = formats.date_format(document.document_date, "DATE_FORMAT") if document.document_date else _("no date")
    pages = f" ({_('%(n)s p.') % {'n': record.pages}})" if record.pages else ""
    prefix = f"{number}. " if number else ""
    return f"{prefix}{document.get_kind_display()} · {date} · {document.original_name}{pages}"


# The archive: every file, and a manifest with their checksums.


class _Archive:
    """The packet's ZIP while it is written: records on a thread of their own (`adding`), then the rest."""

    def __init__(self, target: Path):
        self.zip = zipfile.ZipFile(target, "w", allowZip64=True)
        self.added: dict[str, tuple[int, str]] = {}  # member name: (size, SHA-256)
        self._error: BaseException | None = None

    def __enter__(self) -> "_Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    @contextmanager
    def adding(self, records: list[Record]) -> Iterator[None]:
        """Add `records` on a thread while the block runs; when it ends, wait for them (and raise what failed)."""
        thread = threading.Thread(target=self._add_all, args=(records,), name="packet-archive", daemon=True)
        thread.start()
        try:
            yield
        finally:
            thread.join()
        if self._error is not None:
            raise self._error

    def _add_all(self, records: list[Record]) -> None:
        try:
            for record in records:
                self.add(record.path, record.member, record.sha256)
        except BaseException as error:  # noqa: BLE001 - handed to the compiling thread, which raises it
            self._error = error

    def add(self, path: Path, name: str, sha256: str = "") -> tuple[int, str]:
        self.added[name] = _zip_add(self.zip, path, name, sha256)
        return self.added[name]


def _archive(run: Run, archive: _Archive, records: list[Record], summary: Path, packet_pdf: Path) -> dict:
    """Add the summary, the packet and the manifest (every file, with its size and checksum) to the archive that
    already holds the records."""
    run.progress(Packet.Stage.ARCHIVE, 70)
    files: list[dict[str, Any]] = []
    for name, kind, path in (("summary.pdf", "summary", summary), ("packet.pdf", "packet", packet_pdf)):
        size, sha256 = archive.add(path, name)
        files.append({"name": name, "kind": kind, "size": size, "sha256": sha256})
        run.progress(Packet.Stage.ARCHIVE, 70 + 12 * len(files))
    for record in records:
        size, sha256 = archive.added[record.member]
        document = record.document
        files.append(
            {
                "name": record.member,
                "kind": document.kind,
                "original_name": document.original_name,
                "date": document.document_date.isoformat() if document.document_date else None,
                "size": size,
                "sha256": sha256,
            }
        )
    manifest = {
        "case": run.packet.case.reference,
        "version": run.packet.version,
        "created_at": timezone.now().isoformat(),
        "files": files,
    }
    archive.zip.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False), zipfile.ZIP_DEFLATED)
    run.progress(Packet.Stage.ARCHIVE, 95)
    return manifest


def _zip_add(archive: zipfile.ZipFile, path: Path, name: str, sha256: str = "") -> tuple[int, str]:
    """Stream `path` into the archive; its size and SHA-256 (as written).

    A record's SHA-256 was taken from these very bytes as they were copied out of storage (and checked against
    the one taken at upload), so it is passed in rather than computed a second time.
    """
    # PDFs, images and ZIPs are compressed already: store them as they are.
    digest, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if name.endswith(".dcm") else zipfile.ZIP_STORED
    with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as out:
        while chunk := source.read(CHUNK):
            if not sha256:
                digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return size, sha256 or digest.hexdigest()


# Storing: through the storage API, under random names in the packet's own folder.


def _store(run: Run, paths: dict[str, Path]) -> dict[str, str]:
    packet, names = run.packet, {}
    try:
        for part, path in paths.items():
            field_file = getattr(packet, part)
            name = field_file.field.generate_filename(packet, PART_NAMES[part])
            with _WorkFile(path.open("rb"), name=PART_NAMES[part]) as fh:
                names[part] = field_file.storage.save(name, fh)
            run.progress(Packet.Stage.ARCHIVE, 95 + len(names))  # also the heartbeat: large uploads take a while
    except BaseException:
        delete_names(names.values())
        raise
    return names


class _WorkFile(File):
    """A finished working file, handed to the storage as a temporary file: a storage on the same filesystem
    (FileSystemStorage) moves it into place rather than copying hundreds of MB; any other storage reads it."""

    def temporary_file_path(self) -> str:
        return cast(BinaryIO, self.file).name  # the path the file was opened from


def _packet_folder(packet: Packet) -> str:
    return f"packets/{packet.case_id}/{packet.pk}"


def clear_leftovers(packet: Packet) -> None:
    """Delete files an interrupted attempt stored but never recorded (the packet is not done, so none is)."""
    storage = Packet._meta.get_field("packet").storage
    try:
        _, files = storage.listdir(_packet_folder(packet))
    except (FileNotFoundError, NotImplementedError):
        return
    delete_names(f"{_packet_folder(packet)}/{name}" for name in files)


def delete_names(names) -> None:
    storage = Packet._meta.get_field("packet").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("Could not delete %s", name, exc_info=True)
