"""Inspect an uploaded medical record before we keep it.

Uploads reach 2 GB, so nothing here reads a whole file: types come from the
first bytes, structure from headers (a PDF's cross-reference table, an
image's size, a DICOM header, a ZIP's central directory), and the hash from
1 MiB chunks. Every refusal is a `Rejected` with a code for the code and a
message for the patient; a parser's own error never escapes.
"""

import hashlib
import os
from typing import BinaryIO

from . import messages
from .base import Inspection, Limits, MiB, Rejected, display_name, in_words, parsing, refuse
from .formats import check_dicom, check_image, check_pdf
from .metadata import extract_metadata
from .names import check_name
from .sniffing import MIME_TYPES, claimed_type, sniff
from .zipcheck import check_zip

__all__ = [
    "Inspection",
    "Limits",
    "Rejected",
    "check_name",
    "claimed_type",
    "display_name",
    "extract_metadata",
    "inspect_file",
    "sniff",
]

DEFAULT_LIMITS = Limits()
HEAD_BYTES = 1024
HASH_CHUNK = 1 * MiB

DOCUMENT_TYPES = frozenset({"pdf", "jpeg", "png"})
STUDY_TYPES = frozenset({"dicom", "zip_dicom"})
# The record kinds a patient picks; kinds not listed take documents.
TYPES_FOR_KIND = {
    "imaging_study": STUDY_TYPES,
    "other": DOCUMENT_TYPES | {"dicom"},
}


def inspect_file(
    fileobj: BinaryIO,
    *,
    name: str,
    content_type: str = "",
    kind: str = "",
    limits: Limits = DEFAULT_LIMITS,
    sha256: str = "",
) -> Inspection:
    """Accept a file or raise Rejected. `fileobj` is left rewound to 0.

    `sha256`: the checksum of these bytes taken as they arrived (a resumable upload's), so the file is not read
    a second time for it; without it the file is hashed here.
    """
    label = display_name(name)
    check_name(name, label)
    try:
        size = _check_size(fileobj, label, limits)
        fileobj.seek(0)
        head = fileobj.read(HEAD_BYTES)
        detected = _check_type(head, label, name, content_type)
        if kind:
            _check_kind(detected, kind, label)
        with parsing(label, detected):
            _check_structure(fileobj, detected, head, label, size, limits)
        return Inspection(detected, MIME_TYPES[detected], size, sha256 or _sha256(fileobj))
    finally:
        fileobj.seek(0)


def _check_size(fileobj: BinaryIO, name: str, limits: Limits) -> int:
    size = fileobj.seek(0, os.SEEK_END)
    if size == 0:
        raise refuse("empty", messages.EMPTY, name=name)
    if size > limits.max_bytes:
        raise refuse("too_large", messages.TOO_LARGE, name=name, size=in_words(size), limit=in_words(limits.max_bytes))
    return size


def _check_type(head: bytes, label: str, name: str, content_type: str) -> str:
    detected = sniff(head)
    if detected is None:
        raise refuse("unsupported_type", messages.UNSUPPORTED, name=label, accepted=messages.ACCEPTED)
    claimed = claimed_type(name, content_type)
    if claimed is not None and claimed != detected:
        raise refuse(
            "type_mismatch",
            messages.TYPE_MISMATCH,
            name=label,
            claimed=messages.TYPE_NAMES[claimed],
            detected=messages.TYPE_NAMES[detected],
        )
    return detected


def _check_kind(detected: str, kind: str, name: str) -> None:
    accepted = TYPES_FOR_KIND.get(kind, DOCUMENT_TYPES)
    if detected in accepted:
        return
    template = messages.KIND_NEEDS_STUDY if kind == "imaging_study" else messages.KIND_NEEDS_DOCUMENT
    raise refuse("kind_mismatch", template, name=name, detected=messages.TYPE_NAMES[detected])


def _check_structure(fileobj, detected: str, head: bytes, name: str, size: int, limits: Limits) -> None:
    if detected == "pdf":
        check_pdf(fileobj, name)
    elif detected in ("jpeg", "png"):
        check_image(fileobj, name, detected, size, limits)
    elif detected == "dicom":
        check_dicom(fileobj, name, head)
    else:
        check_zip(fileobj, name, size, limits)


def _sha256(fileobj: BinaryIO) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    while chunk := fileobj.read(HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
