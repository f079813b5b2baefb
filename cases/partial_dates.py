"""Dates as patients know them: a day, a month or only a year.

A partial date is stored as a `DateField` holding the *first* day it could be (March 2024 -> 2024-03-01,
2024 -> 2024-01-01) beside a precision column (`<field>_precision`: "day", "month" or "year").

Why the first day: the column stays a real date, so ordering, durations and the clinical rules keep working
unchanged; and where a date decides whether something is out of date (a brain MRI before progression, a test
older than N months), the earliest plausible day makes it look older, never fresher than it may be: the safe
side. Every reader uses the same rule; nothing guesses a mid-month day.

Shown as entered everywhere: "2024-03" in the form's input, "Mar 2024" (or "2024年3月") on web pages and in PDFs.
"""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = [(DAY, _("day")), (MONTH, _("month")), (YEAR, _("year"))]

ERR_FORMAT = _("Write the date as year-month-day (2024-03-15), year-month (2024-03) or just the year (2024).")
ERR_DAY_FIRST = _(
    "Write the year first (2024-03-15) so the day and month cannot be mixed up; 2024-03 or 2024 is fine too."
)
ERR_IMPOSSIBLE = _("There is no such date. Check the day and the month.")

MONTH_NAMES = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


class PartialDate(datetime.date):
    """A date that remembers how much of it the patient gave (the day is the first it could be)."""

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = DAY):
        obj = super().__new__(cls, year, month, day)
        obj.precision = precision
        return obj

    def as_iso(self) -> str:
        return iso(self, self.precision)

    def __reduce__(self):
        # date's own pickles its bytes, which this __new__ does not take: copy, deepcopy (a form's initial data)
        # and pickle (a cached value) go through the fields instead.
        return (PartialDate, (self.year, self.month, self.day, self.precision))


def precision_field():
    """The precision column beside a partial date; existing rows are full dates."""
    return models.CharField(_("how much of the date is known"), max_length=5, choices=PRECISIONS, default=DAY)


_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CJK = re.compile(r"^(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?,?\s+(\d{4})$")


def parse(text: str) -> PartialDate | None:
    """What a patient typed, as a partial date; None for nothing typed. Raises ValueError with a message to show.

    Year first (2024-03-15, 2024-03, 2024, 2024/3, 2024年3月), a month and year (03/2024, March 2024) or a day
    with a month name (15 March 2024). A day-month-year in digits is refused: 03/04/2024 reads differently in
    different countries, and a wrong month in a treatment history misleads.
    """
    text = " ".join((text or "").split()).lower()
    if not text:
        return None
    if m := _ISO.match(text) or _CJK.match(text):
        year, month, day = m.group(1), m.group(2), m.group(3)
    elif m := _MONTH_YEAR.match(text):
        year, month, day = m.group(2), m.group(1), None
    elif m := _WORDS.match(text):
        if m.group(2) not in MONTH_NAMES:
            raise ValueError(ERR_FORMAT)
        year, month, day = m.group(3), str(MONTH_NAMES[m.group(2)]), m.group(1)
    elif _DAY_MONTH_YEAR.match(text):
        raise ValueError(ERR_DAY_FIRST)
    else:
        raise ValueError(ERR_FORMAT)
    precision = DAY if day else MONTH if month else YEAR
    try:
        return PartialDate(int(year), int(month or 1), int(day or 1), precision=precision)
    except ValueError:
        raise ValueError(ERR_IMPOSSIBLE) from None


def iso(day: datetime.date | None, precision: str | None = DAY) -> str:
    """2024-03-15, 2024-03 or 2024: the ISO form cut to what is known ("" for no date)."""
    if day is None:
        return ""
    if precision == YEAR:
        return f"{day.year:04d}"
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def local(day: datetime.date | None, precision: str | None = DAY) -> str:
    """The date in the page's language, cut to what is known: "15 March 2024", "March 2024", "2024"."""
    if day is None:
        return ""
    if precision == YEAR:
        return str(day.year)
    if precision == MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")


def local_iso(text: str) -> str:
    """A date kept as ISO text ("2026-08-02", "2026-08"), in the page's language; any other text as it is."""
    try:
        day = parse(text) if _ISO.match(text or "") else None
    except ValueError:
        return text
    return local(day, day.precision) if day else text


def of(instance, name: str) -> PartialDate | None:
    """The partial date stored in `instance.<name>` and its precision column."""
    day = getattr(instance, name)
    if day is None:
        return None
    precision = getattr(instance, f"{name}_precision", DAY) or DAY
    return PartialDate(day.year, day.month, day.day, precision=precision)


def latest(day: datetime.date) -> datetime.date:
    """The last day a partial date could be: for checks such as "stopped before it started"."""
    precision = getattr(day, "precision", DAY)
    if precision == YEAR:
        return datetime.date(day.year, 12, 31)
    if precision == MONTH:
        following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return day
