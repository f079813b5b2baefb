"""Small helpers the PDFs share: a marker's short name, ISO dates, Chinese text, months between dates.

Codes become words in cases.labels, for pages and PDFs alike.
"""

import datetime
import re

from django.utils.translation import gettext

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
