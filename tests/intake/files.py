"""Real files for upload tests, made here or shipped by a package."""

import io
import zipfile
from pathlib import Path

from pydicom.data import get_testdata_file


def pdf_bytes(pages: int = 2, text: str = "Pathology report") -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{text} page {i + 1}</p>' for i in range(pages))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def dicom_path() -> Path:
    return Path(get_testdata_file("CT_small.dcm"))


def dicom_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(get_testdata_file("CT_small.dcm"), "study/ct1.dcm")
        archive.write(get_testdata_file("MR_small.dcm"), "study/mr1.dcm")
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
