"""A case page kept in this process while nothing it shows has changed (issue 16).

The case page and the intake steps are read far more often than their case changes: a patient waiting for their
opinion opens their case page again and again, staff come back to it between other cases. Each view still checks
access and writes its audit record on every request; what it may skip is reading the case's rows again and
rendering the same HTML.

Whether anything changed is the database's own answer, not the application's: triggers on every table a case's
pages read (TRIGGERS, installed by migrations) add a row to cases_pagechange for each row written, whatever wrote
it (a view, a worker, a management command, `QuerySet.update`, a cascade). The newest of those rows for the case,
and for the people every page names (case 0: cases_user), is the page's stamp. A page is kept under its stamp, its
reader, its address, its language, time zone and day; a page read with the same key is the page a fresh rendering
would give, byte for byte (tests/cases/test_page_memo.py renders both after every kind of write).

What a page carries for one request only is left as a hole in the kept HTML and filled for each request: the CSRF
token and the seconds left in the session. A page is not kept when it carries what is shown once: messages,
input a refused form kept in the session (cases.kept), or what is new to the reader since their last look
(cases.changes). htmx requests and anything but GET are never kept.

The pages live in this process's memory only (no copy of health data in a shared cache), at most
PAGE_MEMO_MB (MDT_PAGE_MEMO_MB; 0 turns this off), the least recently read going first; one reader's pages at most
a share of it (READER_SHARE).
"""

import hashlib
import secrets
import sys
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.autoreload import file_changed

# The tables a case's pages read, each with the SQL giving a row's case ({row}: NEW or OLD). The cases app's own;
# reports adds its tables in its migrations (reports.migrations.0008). Left out on purpose: cases_caseseen (the
# reader's own last look: see cases.changes and Memo.keep), cases_accessrecord (the audit trail, not on these
# pages), cases_notification and cases_savedqueueview (not on these pages), cases_uploadsession (an upload's
# progress, written on every chunk; a finished upload writes its cases_document row).
CASES_TABLES = {
    "cases_case": "{row}.id",
    "cases_caseevent": "{row}.case_id",
    "cases_caseassignment": "{row}.case_id",
    "cases_casemessage": "{row}.case_id",
    "cases_casemessage_documents": "(SELECT case_id FROM cases_casemessage WHERE id = {row}.casemessage_id)",
    "cases_casenote": "{row}.case_id",
    "cases_casecaregiver": "{row}.case_id",
    "cases_biomarker": "{row}.case_id",
    "cases_treatmentline": "{row}.case_id",
    "cases_localtreatment": "{row}.case_id",
    "cases_responseassessment": "{row}.case_id",
    "cases_ecogrecord": "{row}.case_id",
    "cases_labresult": "{row}.case_id",
    "cases_document": "{row}.case_id",
}
NOT_TRACKED = {"cases_caseseen", "cases_accessrecord", "cases_notification", "cases_uploadsession"}
# People: every page names users (the reader, the patient, the coordinator, authors, the specialists one can
# assign). A change to any user (but their last login or password) is a change to every page: case 0.
PEOPLE_TABLE = "cases_user"
PEOPLE_UNTRACKED_COLUMNS = ("last_login", "password")
PEOPLE = 0


def _expr(template: str, row: str) -> str:
    return template.format(row=row)


def _insert(template: str, row: str, unless: str = "") -> str:
    guard = f" AND c IS DISTINCT FROM ({_expr(template, 'NEW')})" if unless else ""
    return (
        f"INSERT INTO cases_pagechange (case_id) SELECT c FROM (SELECT {_expr(template, row)} AS c) AS s"
        f" WHERE c IS NOT NULL{guard};"
    )


def _postgresql(table: str, template: str) -> list[str]:
    name = f"mdt_pc_{table}"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_insert(template, "NEW")}
  ELSIF TG_OP = 'DELETE' THEN
    {_insert(template, "OLD")}
  ELSE
    {_insert(template, "NEW")}
    {_insert(template, "OLD", unless="NEW")}
  END IF;
  RETURN NULL;
END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def _sqlite(table: str, template: str, update_of: list[str] | None = None) -> list[str]:
    name = f"mdt_pc_{table}"
    of = f" OF {', '.join(update_of)}" if update_of else ""
    old_insert = _insert(template, "OLD", unless="NEW").replace("IS DISTINCT FROM", "IS NOT")
    return [
        f"DROP TRIGGER IF EXISTS {name}_i",
        f"CREATE TRIGGER {name}_i AFTER INSERT ON {table} BEGIN {_insert(template, 'NEW')} END",
        f"DROP TRIGGER IF EXISTS {name}_d",
        f"CREATE TRIGGER {name}_d AFTER DELETE ON {table} BEGIN {_insert(template, 'OLD')} END",
        f"DROP TRIGGER IF EXISTS {name}_u",
        f"CREATE TRIGGER {name}_u AFTER UPDATE{of} ON {table} BEGIN {_insert(template, 'NEW')} {old_insert} END",
    ]


def _people_postgresql() -> list[str]:
    name = f"mdt_pc_{PEOPLE_TABLE}"
    untracked = "".join(f" - '{c}'" for c in PEOPLE_UNTRACKED_COLUMNS)
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cases_pagechange (case_id) VALUES ({PEOPLE});
  RETURN NULL;
END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {PEOPLE_TABLE}",
        f"CREATE TRIGGER {name} AFTER INSERT OR DELETE ON {PEOPLE_TABLE} FOR EACH ROW EXECUTE FUNCTION {name}()",
        f"DROP TRIGGER IF EXISTS {name}_u ON {PEOPLE_TABLE}",
        f"CREATE TRIGGER {name}_u AFTER UPDATE ON {PEOPLE_TABLE} FOR EACH ROW"
        f" WHEN ((to_jsonb(OLD){untracked}) IS DISTINCT FROM (to_jsonb(NEW){untracked}))"
        f" EXECUTE FUNCTION {name}()",
    ]


def install(schema_editor, tables: dict[str, str], people_columns: list[str] | None = None) -> None:
    """Create (or re-create) the triggers on `tables`; with `people_columns` (every column of cases_user), the
    people's too. Called from migrations."""
    vendor = schema_editor.connection.vendor
    statements = []
    for table, template in tables.items():
        if vendor == "postgresql":
            statements += _postgresql(table, template)
        elif vendor == "sqlite":
            statements += _sqlite(table, template)
    if people_columns is not None:
        if vendor == "postgresql":
            statements += _people_postgresql()
        elif vendor == "sqlite":
            tracked = [c for c in people_columns if c not in PEOPLE_UNTRACKED_COLUMNS]
            statements += _sqlite(PEOPLE_TABLE, str(PEOPLE), update_of=tracked)
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor, tables: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        name = f"mdt_pc_{table}"
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_u ON {table}", params=None)
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)
        elif vendor == "sqlite":
            for suffix in ("i", "d", "u"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}", params=None)


# Ids are handed out when a change is written, not when it commits: a transaction that wrote change 100 and commits
# after change 101 was committed and read as a stamp would leave a page kept without change 100 under stamp 101, which
# its commit does not raise (it would be shown until the next change). In PostgreSQL every transaction that writes
# a change holds this lock, shared, from before its id is handed out (CHANGE_GUARD) until it ends; a stamp read while
# one is held may serve a kept page (everything not on it has a newer id) but may not keep one (stamp_settled).
# SQLite writes one transaction at a time: its ids commit in order.
CHANGE_LOCK = 0x6D64745F70616765  # "mdt_page"


def guard_install(schema_editor) -> None:
    """PostgreSQL: each cases_pagechange row takes CHANGE_LOCK (shared, to the end of its transaction) and then its
    id, so that an id newer than a stamp is never handed out to a transaction that began writing before it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""CREATE OR REPLACE FUNCTION mdt_pc_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared({CHANGE_LOCK});
  NEW.id := nextval(pg_get_serial_sequence('cases_pagechange', 'id'));
  RETURN NEW;
END $$""",
        params=None,
    )
    schema_editor.execute("DROP TRIGGER IF EXISTS mdt_pc_guard ON cases_pagechange", params=None)
    schema_editor.execute(
        "CREATE TRIGGER mdt_pc_guard BEFORE INSERT ON cases_pagechange FOR EACH ROW EXECUTE FUNCTION mdt_pc_guard()",
        params=None,
    )


def guard_uninstall(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS mdt_pc_guard ON cases_pagechange", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS mdt_pc_guard()", params=None)


def supported() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


# The newest change of a case (first %s) and of the people (second): each max from the (case_id, id) index's end,
# whatever the table holds ("case_id IN (x, 0)" would walk the primary key back until it met either).
_NEWEST = (
    "SELECT max(newest) FROM (SELECT max(id) AS newest FROM cases_pagechange WHERE case_id = %s"
    " UNION ALL SELECT max(id) FROM cases_pagechange WHERE case_id = %s) AS changes"
)


def stamp(case_id: int) -> int | None:
    """The newest change to anything case `case_id`'s pages show (None: nothing recorded yet)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({_NEWEST % ('%s', '%s')})", [case_id, PEOPLE])
        return cursor.fetchone()[0]


def stamp_settled(case_id: int) -> tuple[int | None, bool]:
    """The stamp, and whether a page read after it may be kept under it: no transaction writing a change was open
    when it was read (CHANGE_LOCK). One statement, under READ COMMITTED: the lock is tried after its snapshot."""
    if connection.vendor != "postgresql":
        return stamp(case_id), True
    free, params = _free_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({_NEWEST % ('%s', '%s')}), {free}",
            [case_id, PEOPLE, *params],
        )
        newest, settled = cursor.fetchone()
        return newest, bool(settled)


def _free_sql() -> tuple[str, list]:
    """SQL telling whether no transaction writing a change is open (CHANGE_LOCK), taken and given back at once."""
    if connection.in_atomic_block:  # taken and given back at once, not held to the end of the transaction
        return "CASE WHEN pg_try_advisory_lock(%s) THEN pg_advisory_unlock(%s) ELSE false END", [CHANGE_LOCK] * 2
    return "pg_try_advisory_xact_lock(%s)", [CHANGE_LOCK]  # autocommit: given back at the end of the statement


def stamp_key() -> tuple:
    """What the SQL of stamp_columns is made from (cases.compiled keeps SQL under its key)."""
    return ("page stamp", connection.vendor, connection.in_atomic_block)


def stamp_columns() -> dict:
    """The stamp and whether it is settled (see stamp_settled) as columns of a query of cases: read with the case
    itself, in the same statement and snapshot, one round trip fewer on every page that may be kept."""
    from django.db.models import BooleanField, IntegerField
    from django.db.models.expressions import RawSQL

    newest = RawSQL(
        _NEWEST % ("cases_case.id", "%s"),
        [PEOPLE],
        output_field=IntegerField(),
    )
    if connection.vendor != "postgresql":
        return {"page_stamp": newest, "page_settled": RawSQL("1 = 1", [], output_field=BooleanField())}
    sql, params = _free_sql()
    return {"page_stamp": newest, "page_settled": RawSQL(sql, params, output_field=BooleanField())}


def prune() -> int:
    """Keep only the newest change of each case (what the stamps are read from); returns the rows deleted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM cases_pagechange WHERE id < "
            "(SELECT max(newer.id) FROM cases_pagechange AS newer WHERE newer.case_id = cases_pagechange.case_id)"
        )
        return cursor.rowcount


def _held(key: tuple, page: str) -> int:
    """The bytes a page and its key hold: Python keeps a string at 1, 2 or 4 bytes a character (its widest
    character's), so a page is not its len(); the key carries the address with its query string."""
    return sys.getsizeof(page) + sys.getsizeof(key) + sum(sys.getsizeof(part) for part in key)


# One reader's pages hold at most this share of the limit: the address (its query string), the language and the time
# zone are the reader's to choose, and a reader asking for their pages under ever new ones would otherwise push out
# everyone else's.
READER_SHARE = 8


class _Store:
    """Pages by key, the least recently read dropped first once their bytes pass the limit, or once one reader's
    (key[2]) pass their share of it."""

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple, str] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._looked: dict[tuple, float] = {}  # when the reader's last look was last written with this page
        self._bytes = 0
        self._readers: dict[object, OrderedDict[tuple, None]] = {}
        self._reader_bytes: dict[object, int] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                self._readers[key[2]].move_to_end(key)
            return page

    def _drop(self, key: tuple) -> None:
        del self._pages[key]
        size = self._sizes.pop(key)
        self._looked.pop(key, None)
        self._bytes -= size
        reader = key[2]
        del self._readers[reader][key]
        self._reader_bytes[reader] -= size
        if not self._readers[reader]:
            del self._readers[reader], self._reader_bytes[reader]

    def put(self, key: tuple, page: str, limit: int) -> None:
        size = _held(key, page)
        share = limit // READER_SHARE
        if size > share:
            return
        reader = key[2]
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._sizes[key] = size
            self._looked[key] = time.monotonic()  # rendered just now, after the reader's look was written
            self._bytes += size
            self._readers.setdefault(reader, OrderedDict())[key] = None
            self._reader_bytes[reader] = self._reader_bytes.get(reader, 0) + size
            while self._reader_bytes[reader] > share:
                self._drop(next(iter(self._readers[reader])))
            while self._bytes > limit:
                self._drop(next(iter(self._pages)))

    def look_due(self, key: tuple, every: float) -> bool:
        """Whether the reader's last look should be written again for the kept page `key` (not in the last
        `every` seconds); if so, it counts as written now."""
        now = time.monotonic()
        with self._lock:
            if now - self._looked.get(key, -every) < every:
                return False
            if key in self._pages:
                self._looked[key] = now
            return True

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._sizes.clear()
            self._looked.clear()
            self._readers.clear()
            self._reader_bytes.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


STORE = _Store()
LOOK_EVERY = 60.0  # seconds: Memo.look_due


def _forget(**kwargs) -> None:
    """A page is made from its templates, catalogues and settings too: when one changes in a running process (a
    developer's edit under runserver, a test's override), no page kept before is used again."""
    STORE.clear()


setting_changed.connect(_forget)
file_changed.connect(_forget)
# Holes: random for each process, so that nothing a user types can be taken for one.
_CSRF_HOLE = f"mdtcsrf{secrets.token_hex(12)}"
_SECONDS_HOLE = f"mdtseconds{secrets.token_hex(12)}"


def _limit() -> int:
    return int(getattr(settings, "PAGE_MEMO_MB", 32) * 1024 * 1024)


def _as_loaded(*objects) -> str:
    """What the page may show of objects loaded before the stamp was read (the reader; the case, with what the
    access check annotated; the related objects already loaded on them): a write committed between their loading
    and the stamp is inside the stamp but not on a page rendered from them, so they are part of the key."""

    def values(obj, related_too=True):
        if obj is None:
            return None
        cached = getattr(obj._state, "fields_cache", {}) if related_too else {}
        return (
            type(obj).__name__,
            [getattr(obj, f.attname) for f in obj._meta.concrete_fields],
            obj.__dict__.get("acting_caregiver"),
            obj.__dict__.get("_caregiver_of"),
            sorted((name, values(related, related_too=False)) for name, related in cached.items()),
        )

    return hashlib.blake2b(repr([values(obj) for obj in objects]).encode(), digest_size=16).hexdigest()


class Memo:
    """One request's view of the kept pages: `kept()` before the page is built, `holes()` and `keep()` after.

    Build it after the access check and the audit record: those run on every request, kept page or not.
    """

    def __init__(self, request, case, page: str) -> None:
        self.request = request
        self.key = None
        self.settled = False  # whether the page rendered for this request may be kept (stamp_settled)
        if _limit() <= 0 or not supported() or request.method != "GET" or request.headers.get("HX-Request"):
            return
        if len(get_messages(request)):  # shown once, with this page: read, not consumed
            return
        prefix = f"unsent:{case.reference}:"  # cases.kept: typed input a refused form brings back once
        if any(key.startswith(prefix) for key in request.session.keys()):
            return
        # Read before the page's rows: what is kept is never older than its stamp. The reader and the case were
        # loaded before it (the access check): what they were as loaded is in the key too (_as_loaded).
        if "page_stamp" in case.__dict__:  # read with the case (get_case_for(stamped=True))
            newest, self.settled = case.page_stamp, bool(case.page_settled)
        else:
            newest, self.settled = stamp_settled(case.pk)
        self.key = (
            page,
            request.get_full_path(),
            request.user.pk,
            case.pk,
            case.updated_at,
            translation.get_language(),
            timezone.get_current_timezone_name(),
            timezone.localdate(),
            newest,
            _as_loaded(request.user, case),
        )

    def look_due(self) -> bool:
        """Whether to write the reader's last look (cases.changes.mark_seen) for this request. A kept page is
        served only while nothing on it changed, and the look was written when it was rendered: it is written
        again at most once a minute (LOOK_EVERY), the precision the page shows it in ("New since you last looked
        (30 Nov 2026, 14:05)"). Held back, it can only be earlier than the reader's real last look, so what is new
        to them is never hidden."""
        return self.key is None or STORE.look_due(self.key, LOOK_EVERY)

    def kept(self) -> HttpResponse | None:
        """The kept page, its holes filled for this request; None if there is none to use."""
        if self.key is None:
            return None
        page = STORE.get(self.key)
        return None if page is None else HttpResponse(self._fill(page))

    def holes(self, context: dict) -> dict:
        """`context` with this request's own values left as holes, when the page will be kept."""
        if self.key is not None:
            context = {**context, "csrf_token": _CSRF_HOLE}
            if self.request.user.is_authenticated:
                context["session_seconds_left"] = _SECONDS_HOLE
        return context

    def keep(self, response: HttpResponse, *, shown_once: bool = False) -> HttpResponse:
        """Keep the rendered `response` (rendered with `holes()`) unless it shows something only once, and fill
        its holes for this request."""
        if self.key is None:
            return response
        page = response.content.decode()
        if self.settled and response.status_code == 200 and not shown_once and not response.has_header("Location"):
            STORE.put(self.key, page, _limit())
        response.content = self._fill(page)
        return response

    def _fill(self, page: str) -> str:
        from cases.session_limits import seconds_left

        page = page.replace(_CSRF_HOLE, get_token(self.request))
        if _SECONDS_HOLE in page:
            page = page.replace(_SECONDS_HOLE, str(seconds_left(self.request)))
        return page
