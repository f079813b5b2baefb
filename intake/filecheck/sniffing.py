"""What a file is, judged from its first bytes, and what its name claims."""

from pathlib import PurePosixPath

MIME_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "dicom": "application/dicom",
    "zip_dicom": "application/zip",
}

_EXTENSIONS = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".jfif": "jpeg",
    ".png": "png",
    ".dcm": "dicom",
    ".dicom": "dicom",
    ".zip": "zip_dicom",
}
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/pjpeg": "jpeg",
    "image/png": "png",
    "application/dicom": "dicom",
    "application/zip": "zip_dicom",
    "application/x-zip-compressed": "zip_dicom",
}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A local file header, an empty archive, a spanned archive. The last two are
# recognised only so that they are refused as "no DICOM" rather than "unknown".
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_PDF_MAX_LEADING_BYTES = 64
# PS3.10 7.5 lets the preamble hold a TIFF header (dual-personality files, used
# by whole-slide pathology images; pydicom's CT_small.dcm is one).
_TIFF_HEADERS = (b"II*\x00", b"MM\x00*")
# Programs announce themselves in their first bytes (MZ, \x7fELF, #!, Mach-O
# magic: 2 to 4 bytes). Real CD exports carry stray bytes further in, so
# "starts with zeros" is the test, not "all zeros".
_PREAMBLE_ZERO_PREFIX = 8

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows
    b"\x7fELF",  # Linux
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # Mach-O, both word sizes and byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary (and Java classes)
)
_EXECUTABLE_EXTENSIONS = frozenset(
    ".exe .com .bat .cmd .scr .pif .cpl .msi .dll .ps1 .vbs .vbe .js .jse .wsf "
    ".hta .lnk .reg .jar .sh .command .app .dmg .pkg .apk .so .dylib".split()
)


def sniff(head: bytes) -> str | None:
    """The type the first bytes show, or None. DICOM needs at least 132 bytes.

    DICOM comes first: its magic sits after a 128-byte preamble that could
    start like any other format, and the preamble check refuses such hybrids.
    A ZIP is reported as "zip_dicom", the only kind of ZIP we take.
    """
    if is_dicom(head):
        return "dicom"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(_ZIP_SIGNATURES):
        return "zip_dicom"
    if _is_pdf(head):
        return "pdf"
    return None


def is_dicom(head: bytes) -> bool:
    return len(head) >= 132 and head[128:132] == b"DICM"


def dicom_preamble_is_safe(head: bytes) -> bool:
    """Whether the 128-byte preamble cannot make the file something else.

    PS3.10 asks for zeros when the preamble is unused; the danger is a file
    that is also a program (CVE-2019-11687, "PE/DICOM" polyglots) or also a
    PDF, which readers find by %PDF anywhere in the first 1024 bytes.
    """
    preamble = head[:128]
    if b"%PDF" in preamble:
        return False
    return preamble.startswith(_TIFF_HEADERS) or not preamble[:_PREAMBLE_ZERO_PREFIX].strip(b"\x00")


def _is_pdf(head: bytes) -> bool:
    # Readers accept %PDF- anywhere in the first 1024 bytes, which is how
    # PDF polyglots are made; allow only a byte-order mark or whitespace before it.
    rest = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f\x00")
    return rest.startswith(b"%PDF-") and len(head) - len(rest) <= _PDF_MAX_LEADING_BYTES


def claimed_type(name: str, content_type: str = "") -> str | None:
    """The type a file's name (or, failing that, its content type) claims.

    None when neither says: DICOM files often have no extension ("IM00001").
    """
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    return _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


def looks_executable(path: str, head: bytes) -> bool:
    """A program by its name (or a folder such as Viewer.app/) or its first bytes."""
    parts = PurePosixPath(path.replace("\\", "/").lower()).parts
    named = any(PurePosixPath(part).suffix in _EXECUTABLE_EXTENSIONS for part in parts)
    return named or head.startswith(_EXECUTABLE_MAGIC)
