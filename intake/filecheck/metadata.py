"""What the care team sees about a file before opening it: pages, pixels,
or which scans a DICOM study holds.

Only descriptive tags are read. Patient-identifying ones (name, ID, birth
date) never leave this module: the record already belongs to a patient.
"""

import datetime
import zipfile
from typing import BinaryIO

import pydicom
from django.utils.translation import gettext_lazy as _

from .base import display_name, parsing
from .formats import open_image, open_pdf, read_dicom_header
from .sniffing import is_dicom
from .zipcheck import files_in, heads

DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"  # Media Storage Directory Storage


def extract_metadata(fileobj: BinaryIO, detected_type: str, *, name: str = "") -> dict:
    """Metadata for a file inspect_file() accepted; raises Rejected if it cannot be read."""
    label = display_name(name) if name else str(_("The file"))
    try:
        with parsing(label, detected_type):
            return _extract(fileobj, detected_type, label)
    finally:
        fileobj.seek(0)


def _extract(fileobj: BinaryIO, detected_type: str, name: str) -> dict:
    if detected_type == "pdf":
        return {"pages": len(open_pdf(fileobj, name).pages)}
    if detected_type in ("jpeg", "png"):
        width, height = open_image(fileobj, detected_type).size
        return {"width": width, "height": height}
    if detected_type == "dicom":
        fileobj.seek(0)
        return _single_dicom(_summary(read_dicom_header(fileobj)))
    if detected_type == "zip_dicom":
        fileobj.seek(0)
        return _zip_of_dicom(fileobj)
    raise ValueError(f"unknown detected type {detected_type!r}")


def _single_dicom(summary: dict) -> dict:
    count = 0 if summary["is_dicomdir"] else 1
    return {
        "modality": summary["modality"],
        "study_date": summary["study_date"],
        "study_description": summary["study_description"],
        "body_part": summary["body_part"],
        "series_count": count,
        "image_count": count,
    }


def _zip_of_dicom(fileobj: BinaryIO) -> dict:
    with zipfile.ZipFile(fileobj) as archive:
        summaries, unreadable = _entry_summaries(archive)
    images = [s for s in summaries if not s["is_dicomdir"]]
    dates = [s["study_date"] for s in images if s["study_date"]]
    return {
        "modalities": _distinct(images, "modality"),
        "study_date": min(dates, default=""),
        "study_description": "; ".join(_distinct(images, "study_description")),
        "body_parts": _distinct(images, "body_part"),
        "study_count": len(_distinct(images, "study_uid")),
        "series_count": len(_distinct(images, "series_uid")),
        "image_count": len(images),
        "unreadable_count": unreadable,
    }


def _entry_summaries(archive: zipfile.ZipFile) -> tuple[list[dict], int]:
    summaries, unreadable = [], 0
    for info, head in heads(archive, files_in(archive)):
        if not is_dicom(head):
            continue
        # One damaged image must not hide the rest of the study from the team.
        try:
            with archive.open(info) as stream:
                summaries.append(_summary(read_dicom_header(stream)))
        except Exception:
            unreadable += 1
    return summaries, unreadable


def _distinct(summaries: list[dict], key: str) -> list[str]:
    return sorted({s[key] for s in summaries if s[key]})


def _summary(dataset: pydicom.Dataset) -> dict:
    meta = getattr(dataset, "file_meta", None) or {}
    return {
        "modality": _text(dataset, "Modality"),
        "study_date": _iso_date(_text(dataset, "StudyDate")),
        "study_description": _text(dataset, "StudyDescription"),
        "body_part": _text(dataset, "BodyPartExamined"),
        "study_uid": _text(dataset, "StudyInstanceUID"),
        "series_uid": _text(dataset, "SeriesInstanceUID"),
        "is_dicomdir": _text(meta, "MediaStorageSOPClassUID") == DICOMDIR_SOP_CLASS,
    }


def _text(dataset, keyword: str) -> str:
    value = dataset.get(keyword)
    return "" if value is None else str(value).strip()


def _iso_date(value: str) -> str:
    """DICOM DA "YYYYMMDD" (or old ACR-NEMA "YYYY.MM.DD") as "YYYY-MM-DD", else ""."""
    try:
        return datetime.datetime.strptime(value.replace(".", ""), "%Y%m%d").date().isoformat()
    except ValueError:
        return ""
