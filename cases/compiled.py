"""Read queries compiled to SQL once per process and run with each request's values (issue 16).

Compiling a queryset costs more than running it: the case page's clinical tables took about a millisecond each to
build and compile and a tenth of that to run. A query here is built once with stand-ins in place of the values
that change (a case's id, a user's id, a reference), compiled, and kept with the places of its stand-ins; each
request runs that SQL with its own values in those places, through Model.objects.raw (which converts each column
as a queryset would). Everything else the query is made from must be named in its key: the SQL is kept for the
key, never checked again.

On PostgreSQL the rows are made as a queryset makes them (Model.from_db with the columns' converters, which there
are the fields' own), without RawQuerySet's reading of the columns and converters on every run; elsewhere through
Model.objects.raw. Only a query for whole rows (no deferred fields; select_related on PostgreSQL only) is kept; a query whose
stand-ins do not each come out as parameters (a value Django wrote into the SQL itself) is not kept either: `rows`
answers None and the caller runs its queryset as before.
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # what ModelIterable uses

# Values no id or reference takes (ids are positive; references are "MDT-" and six letters or digits).
ID_STAND_INS = (-918273645, -918273646, -918273647)
TEXT_STAND_INS = ("\x00mdt-stand-in-1\x00", "\x00mdt-stand-in-2\x00")

_kept: dict[tuple, "_Compiled | None"] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    places: tuple[tuple[int, int], ...]  # (parameter's position, stand-in's index)
    attnames: tuple[str, ...]  # the model's fields, in the order of the first columns
    annotations: tuple[tuple[str, int], ...]  # (name, column)
    converters: tuple[tuple[int, tuple, Any], ...]  # (column, the field's converters, its expression)
    klass_info: dict  # the compiler's, for select_related's rows (get_related_populators)
    select: tuple


def _compile(queryset: QuerySet, stand_ins: Sequence[Any]) -> _Compiled | None:
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    info = compiler.klass_info or {}
    fields = info.get("select_fields", [])
    related = bool(info.get("related_klass_infos"))
    if (related and connections[queryset.db].vendor != "postgresql") or list(fields) != list(range(len(fields))):
        return None
    attnames = tuple(compiler.select[i][0].target.attname for i in fields)
    if attnames != tuple(f.attname for f in queryset.model._meta.concrete_fields):
        return None  # deferred fields, or another order than Model.from_db expects
    converters = compiler.get_converters([column[0] for column in compiler.select])
    places = []
    for position, param in enumerate(params):
        for index, stand_in in enumerate(stand_ins):
            if type(param) is type(stand_in) and param == stand_in:
                places.append((position, index))
    if {index for _position, index in places} != set(range(len(stand_ins))):
        return None  # a stand-in was written into the SQL, or dropped: not a query to keep
    return _Compiled(
        sql=sql,
        params=tuple(params),
        places=tuple(places),
        attnames=attnames,
        annotations=tuple(compiler.annotation_col_map.items()),
        converters=tuple((column, tuple(convs), expression) for column, (convs, expression) in converters.items()),
        klass_info=info,
        select=tuple(compiler.select),
    )


def _instances(model: type[Model], compiled: _Compiled, using: str, values: list) -> list:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, values)
        fetched = cursor.fetchall()
    width = len(compiled.attnames)
    populators = get_related_populators(compiled.klass_info, list(compiled.select), using)  # select_related
    instances = []
    for row in fetched:
        if compiled.converters:
            row = list(row)
            for column, convs, expression in compiled.converters:
                value = row[column]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[column] = value
        instance = model.from_db(using, compiled.attnames, row[:width])
        for populator in populators:
            populator.populate(row, instance)
        for name, column in compiled.annotations:
            setattr(instance, name, row[column])
        instances.append(instance)
    return instances


def rows(
    model: type[Model], key: tuple, build: Callable[..., QuerySet], values: Sequence[Any], using: str = "default"
) -> list | None:
    """The rows of `build(*values)`, from the SQL of `build(*stand_ins)` kept under `key` (see the module).

    `values`: ints (ids) or strings, each replaced by a stand-in of its kind when the query is compiled. None when
    the query cannot be kept: run `build(*values)` instead.
    """
    ints = iter(ID_STAND_INS)
    texts = iter(TEXT_STAND_INS)
    stand_ins = [next(ints) if isinstance(value, int) else next(texts) for value in values]
    full_key = (using, connections[using].vendor, model._meta.label, key, tuple(type(v) for v in values))
    try:
        compiled = _kept[full_key]
    except KeyError:
        compiled = _compile(build(*stand_ins).using(using), stand_ins)
        with _lock:
            _kept[full_key] = compiled
    if compiled is None:
        return None
    params = list(compiled.params)
    for position, index in compiled.places:
        params[position] = values[index]
    if connections[using].vendor == "postgresql":  # its backend converts no column itself: the fields' converters
        return _instances(model, compiled, using, params)
    return list(model._default_manager.db_manager(using).raw(compiled.sql, params))


def _identity(function: Callable) -> tuple:
    """Where `function` is written: two shapes of one relation never share a key, whatever keys their callers give
    (a shape that hides internal rows must not get the SQL of one that shows them)."""
    code = getattr(function, "__code__", None)
    return (
        getattr(function, "__module__", ""),
        getattr(function, "__qualname__", repr(function)),
        code.co_filename if code else "",
        code.co_firstlineno if code else 0,
    )


def related_rows(
    instance: Model, name: str, *, key: tuple = (), shape: Callable[[QuerySet], QuerySet] = lambda q: q
) -> list:
    """`list(shape(getattr(instance, name).all()))`, the SQL kept (see the module); each row's foreign key back to
    `instance` is `instance` itself, as the related manager would set it.

    `shape` adds what the rows need (select_related, a filter on constants, an order), the same for every call
    with this `key`: the key names it. Prefetches are not kept: run them on the list.
    """
    manager = getattr(instance, name)
    field = manager.field
    model = manager.model
    found = rows(
        model,
        ("related rows", type(instance).__name__, name, _identity(shape), *key),
        lambda pk: shape(model._default_manager.filter(**{field.attname: pk})),
        [instance.pk],
        using=instance._state.db or "default",
    )
    if found is None:
        return list(shape(manager.all()))
    for row in found:
        field.set_cached_value(row, instance)
    return found


def prefetch_rows(
    instance: Model, name: str, *, key: tuple = (), shape: Callable[[QuerySet], QuerySet] = lambda q: q
) -> list:
    """`related_rows`, kept on `instance` as a prefetch keeps them: `getattr(instance, name).all()` gives these
    rows from then on, without a query (what prefetch_related_objects([instance], Prefetch(name, shape(…))) does)."""
    found = related_rows(instance, name, key=key, shape=shape)
    queryset = shape(getattr(instance, name).get_queryset())  # the relation's own queryset, holding these rows
    queryset._result_cache = found
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    return found
