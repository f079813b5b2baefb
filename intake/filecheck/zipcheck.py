"""ZIP archives of DICOM files, judged from the central directory and
at most 132 bytes of each entry. Nothing is extracted.

zipfile itself never yields more than an entry's declared size (it truncates
the decompressed stream there), so declared sizes bound what any later reader
can be made to inflate: checking them is checking the real thing.
"""

import re
import shutil
import stat
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from . import messages
from .base import Limits, MiB, Rejected, in_words, refuse, visible
from .pdfcontent import check_pdf_content
from .sniffing import dicom_preamble_is_safe, is_dicom, looks_executable, sniff

# Ratios of small entries do not matter (a blank 4 KB header compresses 200
# to 1) and false alarms would refuse real studies; big ones are the danger.
RATIO_MIN_BYTES = 1 * MiB
# zipfile reads the whole central directory into memory before we can count
# entries; a real entry takes well under this, names included.
DIRECTORY_BYTES_PER_ENTRY = 1024
DICOM_MAGIC_BYTES = 132
# A PDF inside a ZIP is looked at like one uploaded alone (see pdfcontent).
PDF_CONTENT_READ_BUDGET = 64 * MiB

_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
_DRIVE = re.compile(r"^[A-Za-z]:")


def check_zip(fileobj: BinaryIO, name: str, size: int, limits: Limits) -> None:
    _check_directory_size(fileobj, name, size, limits)
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
        _check_totals(infos, name, size, limits)
        for info in infos:
            _check_entry(info, name, limits)
        _check_contents(archive, files_in(archive), name)


def files_in(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [info for info in archive.infolist() if not info.is_dir()]


def _check_directory_size(fileobj: BinaryIO, name: str, size: int, limits: Limits) -> None:
    declared = _declared_directory(fileobj, size)
    if declared is None:
        return  # no end record: zipfile will fail on its own and say why
    entries, directory_bytes = declared
    if entries > limits.zip_max_entries:
        raise refuse("zip_bomb", messages.ZIP_TOO_MANY, name=name, count=entries, limit=limits.zip_max_entries)
    if directory_bytes > limits.zip_max_entries * DIRECTORY_BYTES_PER_ENTRY:
        raise refuse("zip_bomb", messages.ZIP_BOMB, name=name)


def _declared_directory(fileobj: BinaryIO, size: int) -> tuple[int, int] | None:
    """(entry count, central directory bytes) from the end record, ZIP64 aware."""
    tail_length = min(size, _END_RECORD.size + 0xFFFF)  # the record, then a comment
    fileobj.seek(size - tail_length)
    tail = fileobj.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END_RECORD.size > len(tail):
        return None
    *_, entries, directory_bytes, _, _ = _END_RECORD.unpack_from(tail, at)
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        return _declared_zip64_directory(fileobj, size - tail_length + at)
    return entries, directory_bytes


def _declared_zip64_directory(fileobj: BinaryIO, end_record_at: int) -> tuple[int, int] | None:
    if end_record_at < _ZIP64_LOCATOR.size:
        return None
    fileobj.seek(end_record_at - _ZIP64_LOCATOR.size)
    signature, _, record_at, _ = _ZIP64_LOCATOR.unpack(fileobj.read(_ZIP64_LOCATOR.size))
    if signature != b"PK\x06\x07":
        return None
    fileobj.seek(record_at)
    record = fileobj.read(_ZIP64_END_RECORD.size)
    if len(record) < _ZIP64_END_RECORD.size or not record.startswith(b"PK\x06\x06"):
        return None
    *_, entries, directory_bytes, _ = _ZIP64_END_RECORD.unpack(record)
    return entries, directory_bytes


def _check_totals(infos: list[zipfile.ZipInfo], name: str, size: int, limits: Limits) -> None:
    if len(infos) > limits.zip_max_entries:
        raise refuse("zip_bomb", messages.ZIP_TOO_MANY, name=name, count=len(infos), limit=limits.zip_max_entries)
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > limits.zip_max_total_uncompressed:
        raise refuse(
            "zip_bomb",
            messages.ZIP_TOO_BIG,
            name=name,
            size=in_words(unpacked),
            limit=in_words(limits.zip_max_total_uncompressed),
        )
    # Entries sharing compressed bytes (an "overlapping" bomb) add up to more
    # than the archive holds.
    if packed > size or _ratio_too_high(unpacked, packed, limits):
        raise refuse("zip_bomb", messages.ZIP_BOMB, name=name)


def _ratio_too_high(unpacked: int, packed: int, limits: Limits) -> bool:
    return unpacked >= RATIO_MIN_BYTES and unpacked > limits.zip_max_ratio * max(packed, 1)


def _check_entry(info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    path = info.filename.replace("\\", "/")
    entry = visible(path)[:80]
    if path.startswith("/") or _DRIVE.match(path) or ".." in path.split("/"):
        raise refuse("zip_traversal", messages.ZIP_TRAVERSAL, name=name, entry=entry)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise refuse("zip_link", messages.ZIP_LINK, name=name, entry=entry)
    if info.flag_bits & 0x1:
        raise refuse("encrypted", messages.ENCRYPTED, name=name)
    if _ratio_too_high(info.file_size, info.compress_size, limits):
        raise refuse("zip_bomb", messages.ZIP_BOMB, name=name)
    if not info.is_dir() and looks_executable(path, b""):
        raise refuse("zip_executable", messages.ZIP_EXECUTABLE, name=name, entry=entry)


def _check_contents(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo], name: str) -> None:
    found_dicom = False
    for info, head in heads(archive, files):
        entry = visible(info.filename)[:80]
        if sniff(head) == "pdf" or info.filename.lower().endswith(".pdf"):
            _check_pdf_entry(archive, info, name, entry)
        elif is_dicom(head):
            if not dicom_preamble_is_safe(head):
                raise refuse("dicom_preamble", messages.ZIP_DICOM_PREAMBLE, name=name, entry=entry)
            found_dicom = True
        elif looks_executable(info.filename, head):
            raise refuse("zip_executable", messages.ZIP_EXECUTABLE, name=name, entry=entry)
    if not found_dicom:
        raise refuse("zip_no_dicom", messages.ZIP_NO_DICOM, name=name)


def _check_pdf_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, entry: str) -> None:
    """A report on the CD beside the images is opened by the team too: refuse it if it is active.

    qpdf jumps around a file, which a compressed ZIP entry cannot do cheaply, so
    the entry is copied to a temporary file first (its size is already bounded).
    """
    with tempfile.TemporaryFile() as copy:
        with archive.open(info) as stream:
            shutil.copyfileobj(stream, copy, MiB)
        try:
            check_pdf_content(copy, entry, PDF_CONTENT_READ_BUDGET)
        except Rejected:
            raise refuse("pdf_active_content", messages.ZIP_PDF_ACTIVE, name=name, entry=entry) from None


def heads(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo]) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Each file with its first 132 bytes, enough to see the DICOM magic."""
    for info in files:
        with archive.open(info) as stream:
            yield info, stream.read(DICOM_MAGIC_BYTES)
