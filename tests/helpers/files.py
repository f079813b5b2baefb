"""Real files for tests: made here with the libraries that make them in the wild, or shipped with pydicom
(all offline): records to upload, and hostile files the upload checks must refuse."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pydicom
import weasyprint
from PIL import Image
from pydicom.data import get_testdata_file
from pypdf import PdfWriter

DICOMDIR_FILE_SET = Path(get_testdata_file("DICOMDIR")).parent  # a CD export: DICOMDIR + 31 images


def dicom_path(name: str = "CT_small.dcm") -> Path:
    """A file from pydicom's own test data (CT_small.dcm, MR_small.dcm, …)."""
    return Path(get_testdata_file(name))


def dicom_bytes(name: str = "CT_small.dcm", **changes: str) -> bytes:
    """A shipped DICOM file, with some tags changed (e.g. SeriesInstanceUID)."""
    if not changes:
        return dicom_path(name).read_bytes()
    dataset = pydicom.dcmread(dicom_path(name))
    for keyword, value in changes.items():
        setattr(dataset, keyword, value)
    out = io.BytesIO()
    dataset.save_as(out)
    return out.getvalue()


def report_pdf(pages: int = 3) -> bytes:
    """A pathology-report-like PDF laid out by WeasyPrint, one section a page."""
    sections = "".join(
        f"<section style='page-break-after: always'><h1>Section {n}</h1><p>Findings…</p></section>"
        for n in range(1, pages + 1)
    )
    return weasyprint.HTML(string=f"<html><body>{sections}</body></html>").write_pdf()


def blank_pdf(pages: int = 1, *, user_password: str | None = None, owner_password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str, width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, format=fmt)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header claiming any size, with a token IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\x00\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_zip(path: Path, entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def write_zip_with_symlink(path: Path, link: str, target: str) -> Path:
    info = zipfile.ZipInfo(link)
    info.create_system = 3  # Unix, so the mode bits are read
    info.external_attr = (0o120777) << 16  # S_IFLNK | rwxrwxrwx
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("CT/IM00001", dicom_bytes())
        archive.writestr(info, target)
    return path


def write_zip_of_zeros(path: Path, megabytes: int) -> Path:
    """A deflated entry of zeros, streamed so the test never holds it."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("CT/IM00001", dicom_bytes())
        with archive.open("CT/IM00002", "w") as entry:
            chunk = bytes(1024**2)
            for _ in range(megabytes):
                entry.write(chunk)
    return path


def write_cd_export(path: Path) -> Path:
    """pydicom's DICOMDIR file set (three patients' studies) zipped as a CD would be."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(DICOMDIR_FILE_SET / "DICOMDIR", "DICOMDIR")
        for folder in ("77654033", "98892001", "98892003"):
            for file in sorted((DICOMDIR_FILE_SET / folder).rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(DICOMDIR_FILE_SET).as_posix())
    return path


def set_zip_flag(path: Path, flag: int) -> Path:
    """Set a general-purpose flag bit in every local and central header."""
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            (flags,) = struct.unpack_from("<H", data, at + flag_at)
            struct.pack_into("<H", data, at + flag_at, flags | flag)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def inflate_declared_compressed_sizes(path: Path, size: int) -> Path:
    """Make every central-directory entry claim `size` compressed bytes."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<L", data, at + 20, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def sparse_copy(source: bytes, path: Path, size: int) -> Path:
    """`source` followed by zeros up to `size`, without writing the zeros."""
    with open(path, "wb") as out:
        out.write(source)
        out.truncate(size)
    return path


ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def pdf_bytes(pages: int = 2, text: str = "Pathology report") -> bytes:
    body = "".join(f'<p style="page-break-after: always">{text} page {i + 1}</p>' for i in range(pages))
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def dicom_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(get_testdata_file("CT_small.dcm"), "study/ct1.dcm")
        archive.write(get_testdata_file("MR_small.dcm"), "study/mr1.dcm")
    return buffer.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


# --- PDFs with active content, made with pikepdf as an attacker would ----------

HOSTILE_PDFS = ("open_action_js", "launch", "embedded_file", "xfa", "page_aa_js", "annotation_js", "names_js")


def hostile_pdf(kind: str) -> bytes:
    """A real report with one kind of active content added (see HOSTILE_PDFS)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(report_pdf(pages=2)))
    javascript = Dictionary(S=Name.JavaScript, JS=String("app.alert('pwned')"))
    page = pdf.pages[0].obj
    if kind == "open_action_js":
        pdf.Root.OpenAction = pdf.make_indirect(javascript)
    elif kind == "launch":
        pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("cmd.exe"), Win=Dictionary(F=String("cmd.exe")))
    elif kind == "embedded_file":
        attached = pdf.make_stream(b"MZ\x90\x00 not a report", Type=Name.EmbeddedFile)
        filespec = Dictionary(Type=Name.Filespec, F=String("invoice.exe"), EF=Dictionary(F=attached))
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("invoice.exe"), filespec])))
    elif kind == "xfa":
        xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
        pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=xfa)
    elif kind == "page_aa_js":
        page.AA = Dictionary(O=javascript)  # runs when the page opens
    elif kind == "annotation_js":
        link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 100, 100]), A=javascript)
        page.Annots = pdf.make_indirect(Array([pdf.make_indirect(link)]))
    elif kind == "names_js":
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(javascript)])))
    else:
        raise ValueError(kind)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_harmless_links() -> bytes:
    """A report that opens at page 1 and links to a web page: nothing runs by itself."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(report_pdf(pages=2)))
    page = pdf.pages[0].obj
    pdf.Root.OpenAction = Array([page, Name.Fit])
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([0, 0, 100, 100]),
        A=Dictionary(S=Name.URI, URI=String("https://lab.example.org/")),
    )
    page.Annots = Array([pdf.make_indirect(link)])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
