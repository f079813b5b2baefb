"""The result type shared by every response criteria set, and input readers.

Readers collect every problem with the input instead of stopping at the
first, so the user sees all reasons an input is INVALID at once.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import to_decimal

INVALID = "INVALID"

MSG_NOT_OBJECT = gettext_noop("input must be a JSON object")
MSG_MISSING = gettext_noop("%(key)s is missing")
MSG_NOT_NUMBER = gettext_noop("%(key)s must be a number, got %(value)s")
MSG_NEGATIVE = gettext_noop("%(key)s must not be negative, got %(value)s")
MSG_NOT_CHOICE = gettext_noop("%(key)s must be one of %(choices)s, got %(value)s")
MSG_NOT_BOOL = gettext_noop("%(key)s must be true or false, got %(value)s")
MSG_INVALID = gettext_noop("invalid input: %(reasons)s")


@dataclass(frozen=True)
class Assessment:
    """A derived response category with a one-line explanation a clinician can check.

    ``template`` and ``params`` let the Django layer translate the explanation;
    ``explanation`` is the same text already filled in (English). Each error
    is an ``i18n.Message``, which carries its own template and params.
    """

    category: str
    explanation: str
    errors: list[str] = field(default_factory=list)
    template: str = ""
    params: dict = field(default_factory=dict)


def _english(value: object) -> object:
    return "; ".join(str(v) for v in value) if isinstance(value, list | tuple) else value


def result(category: str, template: str, /, **params: object) -> Assessment:
    """An assessment; a list in params is one list of reasons (joined with "; " in the English text)."""
    text = template % {k: _english(v) for k, v in params.items()} if params else template
    return Assessment(category, text, [], template, dict(params))


def invalid(errors: Iterable[str]) -> Assessment:
    """INVALID, with every reason; ``params["reasons"]`` is the list itself, so each can be translated."""
    errors = list(errors)
    text = MSG_INVALID % {"reasons": "; ".join(errors)}
    return Assessment(INVALID, text, errors, MSG_INVALID, {"reasons": errors})


def _show(value: object) -> str:
    return "null" if value is None else repr(value)


class Reader:
    """Reads typed values out of an input dict, recording what is wrong."""

    def __init__(self, data: object, prefix: str = "") -> None:
        self.errors: list[str] = []
        self.prefix = prefix
        self.data: dict = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.errors.append(MSG_NOT_OBJECT)

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _get(self, key: str, nullable: bool) -> tuple[bool, object]:
        if key not in self.data:
            if nullable:
                return False, None
            self.errors.append(Message(MSG_MISSING, key=self._name(key)))
            return False, None
        value = self.data[key]
        return value is not None or not nullable, value

    def number(self, key: str, *, nullable: bool = False) -> Decimal | None:
        """A non-negative Decimal, or None (null allowed only when nullable)."""
        present, raw = self._get(key, nullable)
        if not present:
            return None
        value = to_decimal(raw)
        params = {"key": self._name(key), "value": _show(raw)}
        if value is None:
            self.errors.append(Message(MSG_NOT_NUMBER, **params))
        elif value < 0:
            self.errors.append(Message(MSG_NEGATIVE, **params))
            return None
        return value

    def choice(self, key: str, choices: Iterable[str], *, nullable: bool = False) -> str | None:
        present, raw = self._get(key, nullable)
        if not present:
            return None
        choices = tuple(choices)
        if isinstance(raw, str) and raw in choices:
            return raw
        params = {"key": self._name(key), "choices": ", ".join(choices), "value": _show(raw)}
        self.errors.append(Message(MSG_NOT_CHOICE, **params))
        return None

    def boolean(self, key: str, *, nullable: bool = False) -> bool | None:
        present, raw = self._get(key, nullable)
        if not present:
            return None
        if isinstance(raw, bool):
            return raw
        self.errors.append(Message(MSG_NOT_BOOL, key=self._name(key), value=_show(raw)))
        return None


MSG_NOT_DATE = gettext_noop("%(key)s must be a date as YYYY-MM-DD, got %(value)s")
MSG_NOT_LIST = gettext_noop("%(key)s must be a list")
MSG_EMPTY = gettext_noop("%(key)s needs at least %(count)s entries")
MSG_DATE_ORDER = gettext_noop("%(key)s must be in date order")


def parse_date(raw: object) -> datetime.date | None:
    if not isinstance(raw, str):
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


class SeriesReader(Reader):
    """A Reader that also reads dates and dated series of values ([{"date": ..., <value_key>: ...}])."""

    def date(self, key: str, *, nullable: bool = False) -> datetime.date | None:
        present, raw = self._get(key, nullable)
        if not present:
            return None
        value = parse_date(raw)
        if value is None:
            self.errors.append(Message(MSG_NOT_DATE, key=self._name(key), value=_show(raw)))
        return value

    def series(self, key: str, value_key: str, *, minimum: int = 1) -> list[tuple[datetime.date, Decimal]]:
        present, raw = self._get(key, False)
        if not present:
            return []
        if not isinstance(raw, list):
            self.errors.append(Message(MSG_NOT_LIST, key=self._name(key)))
            return []
        out: list[tuple[datetime.date, Decimal]] = []
        for i, item in enumerate(raw):
            row = Reader(item, prefix=f"{self._name(key)}[{i}].")
            when = parse_date(row.data.get("date"))
            value = row.number(value_key)
            if isinstance(item, dict) and when is None:
                row.errors.append(Message(MSG_NOT_DATE, key=f"{key}[{i}].date", value=_show(item.get("date"))))
            self.errors.extend(row.errors)
            if when is not None and value is not None and not row.errors:
                out.append((when, value))
        if len(raw) < minimum:
            self.errors.append(Message(MSG_EMPTY, key=self._name(key), count=minimum))
        if [d for d, _ in out] != sorted(d for d, _ in out):
            self.errors.append(Message(MSG_DATE_ORDER, key=self._name(key)))
        return out
