"""Header-only parsing of single PDFs, images and DICOM files.

Each reader looks at structure, never at content: no page is rendered, no
pixel decoded. Callers wrap these in `parsing()` so a parser's error becomes
a "corrupt" refusal.
"""

import warnings
from typing import BinaryIO

import pydicom
from PIL import Image, JpegImagePlugin, PngImagePlugin
from pypdf import PdfReader
from pypdf.errors import DependencyError

from . import messages
from .base import BudgetedReader, Limits, MiB, refuse
from .pdfcontent import check_pdf_content
from .sniffing import dicom_preamble_is_safe

# Enough for the cross-reference tables and page tree of any sane PDF, or the
# header of any DICOM file; far less than a hostile 2 GB file could make a
# parser hold in memory.
PARSER_READ_BUDGET = 16 * MiB
# Looking at every object's dictionary (never its stream data) reads more than
# the page tree: a 500-page scan holds thousands of objects.
PDF_CONTENT_READ_BUDGET = 64 * MiB
# DICOM values longer than this are skipped, not read: we only want short tags.
DICOM_DEFER_SIZE = 64 * 1024
# PNG verify() holds a whole chunk in memory; legitimate encoders write small
# chunks, but a hostile file need not, so above this size only the header is read.
PNG_VERIFY_MAX_BYTES = 64 * MiB

_IMAGE_PLUGINS = {"jpeg": JpegImagePlugin.JpegImageFile, "png": PngImagePlugin.PngImageFile}


def open_pdf(fileobj: BinaryIO, name: str) -> PdfReader:
    """A PdfReader, decrypted if it opens with an empty password."""
    fileobj.seek(0)
    reader = PdfReader(BudgetedReader(fileobj, PARSER_READ_BUDGET), strict=False)
    if reader.is_encrypted and not _opens_without_password(reader):
        raise refuse("encrypted", messages.ENCRYPTED, name=name)
    return reader


def _opens_without_password(reader: PdfReader) -> bool:
    # "Owner password" PDFs (no copying or printing) open without a password.
    # Without the `cryptography` package pypdf cannot read AES-encrypted files
    # at all; to us they are then as closed as any password-protected file.
    try:
        return bool(reader.decrypt(""))
    except DependencyError:
        return False


def check_pdf(fileobj: BinaryIO, name: str) -> None:
    if len(open_pdf(fileobj, name).pages) == 0:
        raise refuse("empty", messages.NO_PAGES, name=name)
    check_pdf_content(fileobj, name, PDF_CONTENT_READ_BUDGET)


def open_image(fileobj: BinaryIO, detected_type: str) -> Image.Image:
    """The image with its header read and no pixels decoded.

    The format's own class is used instead of Image.open(), which applies
    Pillow's global MAX_IMAGE_PIXELS before our Limits get a say.
    """
    fileobj.seek(0)
    return _IMAGE_PLUGINS[detected_type](fileobj)


def check_image(fileobj: BinaryIO, name: str, detected_type: str, size: int, limits: Limits) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = open_image(fileobj, detected_type)
            _check_dimensions(image, name, limits)
            if detected_type == "png" and size <= PNG_VERIFY_MAX_BYTES:
                image.verify()  # chunk CRCs, without decompressing (a no-op for JPEG)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise refuse("image_too_large", messages.IMAGE_BOMB, name=name) from exc


def _check_dimensions(image: Image.Image, name: str, limits: Limits) -> None:
    width, height = image.size
    if max(width, height) > limits.image_max_side or width * height > limits.image_max_pixels:
        raise refuse(
            "image_too_large",
            messages.IMAGE_TOO_LARGE,
            name=name,
            width=width,
            height=height,
            max_side=limits.image_max_side,
            max_megapixels=f"{limits.image_max_pixels / 1_000_000:g}",
        )


def read_dicom_header(stream: BinaryIO) -> pydicom.Dataset:
    """Every element up to the pixel data, long values left unread."""
    return pydicom.dcmread(
        BudgetedReader(stream, PARSER_READ_BUDGET),
        stop_before_pixels=True,
        defer_size=DICOM_DEFER_SIZE,
    )


def check_dicom(fileobj: BinaryIO, name: str, head: bytes) -> None:
    if not dicom_preamble_is_safe(head):
        raise refuse("dicom_preamble", messages.DICOM_PREAMBLE, name=name)
    fileobj.seek(0)
    dataset = read_dicom_header(fileobj)
    # pydicom stops quietly at the end of a truncated file; a real one says
    # what it holds and how it is encoded, and holds something.
    meta = dataset.file_meta
    if not (meta.get("MediaStorageSOPClassUID") and meta.get("TransferSyntaxUID") and len(dataset)):
        raise ValueError("DICOM file meta or dataset missing")
