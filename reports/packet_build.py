"""Building a packet's files: gather the records, render, merge, archive, store.

Called by reports.packets.packet_compile with a claimed `Run`; every progress
step goes through the run, which writes only while its claim holds.

Merging uses pikepdf (qpdf). Measured on 186 MB of scanned PDFs (30 × 6.5 MB):
pikepdf peaks at 224 MB RSS in 0.7 s, pypdf at 412 MB in 1.7 s. qpdf copies
each record's streams once, so memory stays about the size of the inputs.
Images become pages with img2pdf, which embeds JPEG and PNG data as it is
(lossless, no decoding: 0.26 s and +8 MB for a 9 MB photo, where Pillow
re-encodes at +38 MB). Files are read and written through the storage API;
the working copies live in a job folder under the data folder (config.datadirs), removed afterwards
(and at the next worker start if the worker was killed).
"""

import hashlib
import json
import logging
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

import img2pdf
import pikepdf
from django.conf import settings
from django.core.files import File
from django.db import connection
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from PIL import Image

from cases.assessment import message_json, render
from cases.biomarker_view import document_results
from cases.errors import ActionRefused
from cases.models import Case, Document
from cases.models.documents import DocumentKind
from config import datadirs
from reports.documents.summary import summary_pdf
from reports.models import Packet
from reports.pdf import render_template_pdf

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

    def progress(self, stage: str, percent: float) -> None:
        percent = max(0, min(100, int(percent)))
        if (stage, percent) == self._last:
            return
        new_stage = stage != self._last[0]
        self._last = (stage, percent)
        self.update(stage=stage, percent=percent, heartbeat_at=timezone.now())
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
        summary_path, separators_path, studies_path = _render(run, work, records)
        packet_path = work / "packet.pdf"
        with run.timed("merging"):
            _merge(run, records, summary_path, separators_path, studies_path, packet_path)
        archive_path = work / "archive.zip"
        with run.timed("archive"):
            manifest = _archive(run, records, summary_path, packet_path, archive_path)
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
    document = record.document
    digest = hashlib.sha256()
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


def _prepare_pages(record: Record, work: Path) -> None:
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


A4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
_IMAGE_LAYOUT = img2pdf.get_layout_fun(
    A4, border=(img2pdf.mm_to_pt(10), img2pdf.mm_to_pt(10)), fit=img2pdf.FitMode.into, auto_orient=True
)


def _image_to_pdf(source: Path, target: Path) -> None:
    try:
        data = img2pdf.convert(str(source), layout_fun=_IMAGE_LAYOUT, rotation=img2pdf.Rotation.ifvalid)
    except img2pdf.AlphaChannelError:
        data = img2pdf.convert(str(_flatten(source)), layout_fun=_IMAGE_LAYOUT, rotation=img2pdf.Rotation.ifvalid)
    target.write_bytes(data)


def _flatten(source: Path) -> Path:
    """A PNG with transparency, on white (PDF images carry no alpha in img2pdf)."""
    flat = source.with_suffix(".flat.png")
    with Image.open(source) as image:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        background.save(flat, "PNG")
    return flat


# Rendering: the MDT summary, the separator pages, the list of imaging studies.


def _render(run: Run, work: Path, records: list[Record]) -> tuple[Path, Path | None, Path | None]:
    packet = run.packet
    run.progress(Packet.Stage.SUMMARY, 20)
    with run.timed("summary"):
        summary = work / "summary.pdf"
        summary.write_bytes(summary_pdf(packet.case, audience="mdt"))
    run.progress(Packet.Stage.SUMMARY, 32)
    context = {"packet": packet, "case": packet.case, "footer": _footer(packet)}
    merged = [r for r in records if not r.is_study]
    studies = [r for r in records if r.is_study]
    separators = study_list = None
    with run.timed("separators"):
        if merged:
            separators = work / "separators.pdf"
            context["records"] = [_separator(r, records) for r in merged]
            separators.write_bytes(render_template_pdf("reports/packet/separators.html", context))
            _check_one_page_each(separators, len(merged))
        if studies:
            study_list = work / "studies.pdf"
            context["studies"] = [_study(r) for r in studies]
            study_list.write_bytes(render_template_pdf("reports/packet/studies.html", context))
    run.progress(Packet.Stage.SUMMARY, 40)
    return summary, separators, study_list


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
        "study_date": meta.get("study_date") or "",
        "modalities": ", ".join(meta.get("modalities") or filter(None, [meta.get("modality")])),
        "study_description": meta.get("study_description") or "",
        "body_parts": ", ".join(meta.get("body_parts") or filter(None, [meta.get("body_part")])),
        "study_count": meta.get("study_count"),
        "series_count": meta.get("series_count"),
        "image_count": meta.get("image_count"),
    }


def _check_one_page_each(path: Path, expected: int) -> None:
    with pikepdf.open(path) as pdf:
        if len(pdf.pages) != expected:
            raise PacketError(f"separator pages: expected {expected}, got {len(pdf.pages)}")


# Merging: summary, then each record behind its separator, each with a bookmark.


def _merge(run, records, summary_path, separators_path, studies_path, target: Path) -> None:
    run.progress(Packet.Stage.MERGING, 40)
    total = sum(r.size for r in records if r.pdf) or 1
    done = 0
    with ExitStack() as stack:
        packet = stack.enter_context(pikepdf.open(summary_path))
        separators = stack.enter_context(pikepdf.open(separators_path)) if separators_path else None
        with packet.open_outline() as outline:
            summary_item = pikepdf.OutlineItem(_("MDT summary"), 0)
            summary_item.children.extend(list(outline.root))
            outline.root[:] = [summary_item]
            records_item = pikepdf.OutlineItem(_("Records"), len(packet.pages))
            separator_index = 0
            for record in records:
                if record.is_study:
                    if studies_path:  # the list holds every study: add it once, where the first one falls
                        records_item.children.append(_append_studies(stack, packet, studies_path, records))
                        studies_path = None
                    continue
                start = len(packet.pages)
                # separators.pdf is made whenever a record is merged
                packet.pages.append(cast(pikepdf.Pdf, separators).pages[separator_index])
                separator_index += 1
                if record.pdf:
                    source = stack.enter_context(pikepdf.open(record.pdf))
                    packet.pages.extend(source.pages)
                    done += record.size
                number = records.index(record) + 1
                records_item.children.append(pikepdf.OutlineItem(_bookmark(record, number), start))
                run.progress(Packet.Stage.MERGING, 40 + 25 * done / total)
            if records_item.children:
                outline.root.append(records_item)
        packet.docinfo["/Title"] = _footer(run.packet)
        packet.save(target)
    run.progress(Packet.Stage.MERGING, 70)


def _append_studies(stack, packet, studies_path: Path, records: list[Record]):
    source = stack.enter_context(pikepdf.open(studies_path))
    start = len(packet.pages)
    packet.pages.extend(source.pages)
    item = pikepdf.OutlineItem(_("Imaging studies (DICOM, in the archive)"), start)
    item.children.extend(pikepdf.OutlineItem(_bookmark(r, records.index(r) + 1), start) for r in records if r.is_study)
    return item


def _bookmark(record: Record, number: int | None = None) -> str:
    """ "3. Pathology report · 2025-10-11 · biopsy.pdf (4 p.)": the number is the record's in the summary's index."""
    document = record.document
    date = document.document_date.isoformat() if document.document_date else _("no date")
    pages = f" ({_('%(n)s p.') % {'n': record.pages}})" if record.pages else ""
    prefix = f"{number}. " if number else ""
    return f"{prefix}{document.get_kind_display()} · {date} · {document.original_name}{pages}"


# The archive: every file, and a manifest with their checksums.


def _archive(run: Run, records: list[Record], summary: Path, packet_pdf: Path, target: Path) -> dict:
    run.progress(Packet.Stage.ARCHIVE, 70)
    case = run.packet.case
    entries: list[dict[str, Any]] = [
        {"name": "summary.pdf", "kind": "summary", "path": summary},
        {"name": "packet.pdf", "kind": "packet", "path": packet_pdf},
    ] + [
        {
            "name": r.member,
            "kind": r.document.kind,
            "path": r.path,
            "sha256": r.sha256,
            "original_name": r.document.original_name,
            "date": r.document.document_date.isoformat() if r.document.document_date else None,
        }
        for r in records
    ]
    total = sum(e["path"].stat().st_size for e in entries) or 1
    done = 0
    files = []
    with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
        for entry in entries:
            path = entry.pop("path")
            entry["size"], entry["sha256"] = _zip_add(archive, path, entry["name"], entry.pop("sha256", ""))
            files.append(entry)
            done += entry["size"]
            run.progress(Packet.Stage.ARCHIVE, 70 + 25 * done / total)
        manifest = {
            "case": case.reference,
            "version": run.packet.version,
            "created_at": timezone.now().isoformat(),
            "files": files,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False), zipfile.ZIP_DEFLATED)
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
