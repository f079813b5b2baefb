"""What a patient reads when a file is refused.

Module constants, so tests and views can refer to them. Every message names the
file, because a patient may upload several at once.
"""

from django.utils.translation import gettext_lazy as _

ACCEPTED = _("Accepted: PDF, JPEG, PNG, DICOM, or a ZIP of DICOM files.")

EMPTY = _("%(name)s is empty (0 bytes). Please choose the file again.")
TOO_LARGE = _("%(name)s is %(size)s; the limit is %(limit)s per file.")
UNSUPPORTED = _("%(name)s is not a supported file type. %(accepted)s")
TYPE_MISMATCH = _("%(name)s says it is %(claimed)s but its contents are %(detected)s.")
CORRUPT = _(
    "%(name)s could not be read as %(type)s; it may be damaged or incomplete. Please export or download it again."
)
ENCRYPTED = _(
    "%(name)s is password-protected, so the care team could not open it. Please upload a copy without a password."
)
NO_PAGES = _("%(name)s has no pages.")

KIND_NEEDS_STUDY = _(
    "%(name)s is %(detected)s, but an imaging study must be DICOM files or a ZIP "
    "of DICOM files. Choose another record type, or upload the scan files."
)
KIND_NEEDS_DOCUMENT = _(
    "%(name)s is %(detected)s, which we accept only as an imaging study. Choose "
    "“Imaging study” as the record type, or upload the report as a PDF, JPEG or PNG."
)

DICOM_PREAMBLE = _(
    "%(name)s has unexpected content at the start of its DICOM header, where "
    "harmful programs can hide. Please export the scan again, or ask the "
    "hospital for a new copy."
)
ZIP_DICOM_PREAMBLE = _(
    "%(name)s contains %(entry)s, whose DICOM header has unexpected content at "
    "the start, where harmful programs can hide. Please export the scan again, "
    "or ask the hospital for a new copy."
)

IMAGE_TOO_LARGE = _(
    "%(name)s claims %(width)s × %(height)s pixels; the limit is %(max_side)s "
    "pixels on a side and %(max_megapixels)s megapixels in all."
)
IMAGE_BOMB = _("%(name)s is too large an image for us to open safely.")

ZIP_TRAVERSAL = _("%(name)s contains a file with an unsafe location (%(entry)s). Please zip the scan folder again.")
ZIP_LINK = _("%(name)s contains a shortcut (%(entry)s) rather than a file. Please zip the scan folder again.")
ZIP_TOO_MANY = _("%(name)s contains %(count)s files; the limit is %(limit)s per ZIP.")
ZIP_TOO_BIG = _("%(name)s would unpack to %(size)s; the limit is %(limit)s.")
ZIP_BOMB = _(
    "%(name)s is built like a “zip bomb” (an archive made to unpack into far "
    "more data than it holds), so we cannot accept it."
)
ZIP_EXECUTABLE = _("%(name)s contains a program (%(entry)s). Please zip only the DICOM files, without viewer software.")
ZIP_NO_DICOM = _(
    "%(name)s contains no DICOM files. A ZIP must hold the scan files exported from a CD or an imaging portal."
)

# How each type reads inside a sentence ("… its contents are a PNG image").
TYPE_NAMES = {
    "pdf": _("a PDF"),
    "jpeg": _("a JPEG image"),
    "png": _("a PNG image"),
    "dicom": _("a DICOM file"),
    "zip_dicom": _("a ZIP archive"),
}

NAME_HIDDEN_CHARACTERS = _(
    "The name %(name)s contains hidden control or text-direction characters, which can disguise what a file is. "
    "Please rename the file and upload it again."
)
NAME_EXECUTABLE = _(
    "%(name)s is named like a program, script or web page, which we never accept as a medical record. %(accepted)s"
)

PDF_SCRIPT = _(
    "%(name)s contains a script (JavaScript), or an action that runs by itself, which could harm the computer of "
    "whoever opens it. Please print it to a new PDF (“Save as PDF”) or scan the paper copy, and upload that."
)
PDF_LAUNCH = _(
    "%(name)s contains an action that starts another program. Please print it to a new PDF (“Save as PDF”) "
    "or scan the paper copy, and upload that."
)
PDF_ATTACHMENT = _(
    "%(name)s has other files attached inside it. Please upload each record on its own, and print the report "
    "to a new PDF (“Save as PDF”) without its attachments."
)
PDF_XFA = _(
    "%(name)s is an interactive (XFA) form, which can run code when opened. Please print it to a new PDF "
    "(“Save as PDF”) and upload that."
)
ZIP_PDF_ACTIVE = _(
    "%(name)s contains %(entry)s, a PDF with scripts, actions or attached files. Please remove it from the "
    "ZIP and upload the report on its own after printing it to a new PDF (“Save as PDF”)."
)
