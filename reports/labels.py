"""Coded values as the words a reader sees, translated at render time.

`cases.clinical.codes` marks its labels with gettext_noop; these helpers
translate them in the language active when the PDF is rendered. (The intake
has its own copy in intake.choices: reports may not import intake.)
"""

import datetime
import re

from django.utils.translation import gettext

from cases.clinical import codes

CRITERIA_NAMES = {
    "recist1.1": "RECIST 1.1",
    "lugano2014": "Lugano 2014",
    "eln2022": "ELN 2022",
    "imwg2016": "IMWG 2016",
    "ata2015": "ATA 2015",
    "pcr": "pCR (AJCC 8)",
}

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def label(mapping, code) -> str:
    """The translated label for `code` in a code list; the code itself when it is not in the list."""
    value = mapping.get(code)
    if value is None:
        return str(code) if code not in (None, "") else ""
    return gettext(str(getattr(value, "label", value)))


def cancer_type(code: str) -> str:
    return label(codes.CANCER_TYPES, code)


def subtype(cancer_type_code: str, code: str) -> str:
    ct = codes.CANCER_TYPES.get(cancer_type_code)
    return label(ct.subtypes, code) if ct else code


SHORT = 16


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def marker_short_name(code: str, label_text: str) -> str:
    """The name a tumour board uses: "PD-L1" for PDL1, "t(4;14)" for T4_14, "ER" for ER.

    The gene as written in the label when the label starts with it, else the
    label when it is short, else the code.
    """
    first = label_text.split(" ", 1)[0]
    if _alnum(first) == _alnum(code) or re.match(rf"{re.escape(code)}(?![A-Za-z])", first):
        return first
    if f"({code})" in label_text:
        return code
    head = label_text.split("/", 1)[0].strip()
    if len(label_text) <= SHORT or len(head) <= SHORT:
        return gettext(label_text) if len(label_text) <= SHORT else head
    return code


def iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def has_han(text: str) -> bool:
    """Whether `text` holds Chinese characters (decides the `lang` of a block of patient text)."""
    return bool(_HAN.search(text or ""))


def months_between(start: datetime.date, end: datetime.date) -> float:
    return round((end - start).days / 30.44, 1)
