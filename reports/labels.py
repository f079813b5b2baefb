"""Small helpers the PDFs share: dates in the reader's language, Chinese text, months between dates (a marker's short name is in cases.labels).

Codes become words in cases.labels, for pages and PDFs alike.
"""

import datetime
import re

from cases import partial_dates
from cases.labels import marker_short_name  # noqa: F401 - the PDFs import it from here too
from cases.partial_dates import DAY

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def shown_date(day: datetime.date | None, precision: str | None = DAY) -> str:
    """ "15 Mar 2024" or "2024年3月15日", or as much of it as the patient gave ("Mar 2024", "2024"):
    cases.partial_dates. The PDFs are read like the pages, in the format of the reader's language."""
    return partial_dates.local(day, precision)


def has_han(text: str) -> bool:
    """Whether `text` holds Chinese characters (decides the `lang` of a block of patient text)."""
    return bool(_HAN.search(text or ""))


def foreign_to(text: str, language: str) -> bool:
    """Whether typed `text` is in another script than a document in `language`: Latin letters in a Chinese
    document, Chinese characters in any other. Such text is shown as typed, and marked as not translated."""
    han = has_han(text)
    return han != (language or "").startswith("zh") and any(c.isalpha() for c in text or "")


def months_between(start: datetime.date, end: datetime.date) -> float:
    return round((end - start).days / 30.44, 1)
