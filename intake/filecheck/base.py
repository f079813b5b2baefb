"""The vocabulary shared by the checks: limits, the result, the refusal."""

import io
import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat

from . import messages

MiB = 1024**2
GiB = 1024**3


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 2 * GiB
    zip_max_total_uncompressed: int = 8 * GiB
    zip_max_ratio: int = 100  # uncompressed/compressed, per entry and overall
    zip_max_entries: int = 20000
    image_max_pixels: int = 100_000_000
    image_max_side: int = 30000


@dataclass(frozen=True)
class Inspection:
    detected_type: str  # "pdf" | "jpeg" | "png" | "dicom" | "zip_dicom"
    mime: str
    size: int
    sha256: str


class Rejected(Exception):
    """A file refused, with a reason a patient can read."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)  # both, so it survives pickling
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def refuse(code: str, template, **params) -> Rejected:
    """A Rejected from a message constant, translated now."""
    return Rejected(code, str(template % params))


def in_words(size: int) -> str:
    """A size as a patient reads it: "2.0 GB"."""
    return filesizeformat(size)


# Invisible or layout-changing characters (controls, bidi overrides, separators).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def display_name(name: str, limit: int = 80) -> str:
    """The last part of a path, shortened: browsers may send "C:\\fakepath\\x.pdf".

    Hidden characters are written as a visible [U+202E], so a name shown to a
    patient or the team reads as it is, not as a bidi override makes it look.
    """
    base = visible(name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or name)
    return base if len(base) <= limit else base[: limit - 1] + "…"


def visible(text: str) -> str:
    """`text` with each hidden character written as [U+XXXX]."""
    return "".join(f"[U+{ord(c):04X}]" if unicodedata.category(c) in _HIDDEN_CATEGORIES else c for c in text)


@contextmanager
def parsing(name: str, detected_type: str) -> Iterator[None]:
    """Turn any parser failure into a refusal: third-party parsers raise
    everything from ValueError to RecursionError on hostile input."""
    try:
        yield
    except Rejected:
        raise
    except Exception as exc:
        raise refuse(
            "corrupt",
            messages.CORRUPT,
            name=display_name(name),
            type=messages.TYPE_NAMES[detected_type],
        ) from exc


class ReadBudgetExceeded(Exception):
    pass


class BudgetedReader(io.RawIOBase):
    """A seekable view of a file that stops a parser reading more than `budget` bytes.

    Parsers fall back to slurping the whole file when its structure is broken
    (pypdf rebuilding a cross-reference table, or walking back line by line
    looking for %%EOF). On a 2 GB upload that is 2 GB of memory; here it is an
    error, which becomes a "corrupt" refusal. Seeking is free, so pydicom's
    deferred values and pypdf's jumps cost nothing. Having no `name` also stops
    pydicom from reopening a deferred value by a path taken from a ZIP entry.
    """

    def __init__(self, raw: BinaryIO, budget: int) -> None:
        super().__init__()
        self._raw = raw
        self._left = budget

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            # Asking for more than the file still holds is fine; clamp first.
            to_end = self._bytes_to_end()
            size = to_end if size is None or size < 0 else min(size, to_end)
        if size > self._left:
            raise ReadBudgetExceeded(f"parser wanted {size} more bytes")
        data = self._raw.read(size)
        self._left -= len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _bytes_to_end(self) -> int:
        here = self._raw.tell()
        end = self._raw.seek(0, os.SEEK_END)
        self._raw.seek(here)
        return end - here
