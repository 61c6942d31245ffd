"""Writing many rows at once: COPY and prepared statements instead of the ORM.

An exchange writes a few hundred records, change-log rows and receipts.
Django's ``bulk_create`` and ``bulk_update`` compile SQL for every value of
every row, and with psycopg's client-side binding each row of an
``executemany`` reaches PostgreSQL as its own statement, parsed and planned
again. So, on PostgreSQL, rows are inserted with one ``COPY`` per table and
updated with one prepared statement bound on the server; on SQLite,
``executemany`` is already a loop over one prepared statement in C.

Values are converted by each field exactly as the ORM would, except plain
text, numbers, booleans and (on PostgreSQL) dates and aware datetimes already
of the column's type, which the ORM would pass on unchanged.
Database errors come out as Django's (``IntegrityError``, ``DataError``), so
callers handle them the same way whichever path wrote the rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

_Convert = Callable[[Any], Any]

# Columns whose values need no conversion when they already have this Python type.
_PLAIN: tuple[tuple[type[models.Field], type], ...] = (
    (models.BooleanField, bool),
    (models.IntegerField, int),  # also BigIntegerField, PositiveIntegerField
    (models.CharField, str),
    (models.TextField, str),
)


def _columns(model: type[models.Model], *, skip: Sequence[str] = ()) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in skip and not isinstance(field, models.AutoField)
    ]


def fields_named(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    """The concrete fields of ``model`` by name or attname (``device`` or ``device_id``)."""
    by_name = {}
    for field in model._meta.concrete_fields:
        by_name[field.name] = by_name[field.attname] = field
    return [by_name[name] for name in names]


def _passes_as_is(target: models.Field, vendor: str) -> tuple[type | None, bool]:
    """The Python type a column takes unconverted, and whether it must be timezone-aware.

    Dates and aware datetimes go to psycopg as they are: Django would hand them
    over unchanged on PostgreSQL. SQLite stores them as text Django formats.
    """
    if vendor == "postgresql" and isinstance(target, models.DateTimeField):
        return datetime, True
    if vendor == "postgresql" and isinstance(target, models.DateField):
        return date, False
    return next((kind for base, kind in _PLAIN if isinstance(target, base)), None), False


def _converter(field: models.Field) -> _Convert:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    real = connections[DEFAULT_DB_ALIAS]  # not the proxy: this runs per value
    plain, aware = _passes_as_is(target, real.vendor)
    prepare = field.get_db_prep_save

    def convert(value: Any) -> Any:
        if value is None or type(value) is plain and (not aware or value.tzinfo is not None):
            return value
        return prepare(value, real)

    return convert


def _converted(fields: Sequence[models.Field], rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    converters = [_converter(field) for field in fields]
    return [
        [convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows
    ]


def _instance_values(
    rows: Sequence[models.Model], fields: Sequence[models.Field]
) -> list[list[Any]]:
    for row in rows:
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                field.pre_save(row, add=True)
    names = [field.attname for field in fields]
    return _converted(fields, ([getattr(row, name) for name in names] for row in rows))


def insert(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """INSERT model instances; auto-increment keys are left to the database (not read back)."""
    if rows:
        fields = _columns(model)
        _insert(model, fields, _instance_values(rows, fields))


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows given as values for the fields ``names``, in that order.

    Cheaper than building model instances when the values are at hand; the
    fields left out get their database default or NULL, so give every field
    that has a default in Django only (``auto_now``, ``default=``).
    """
    if rows:
        fields = fields_named(model, names)
        _insert(model, fields, _converted(fields, rows))


def update(model: type[models.Model], rows: Sequence[models.Model], *, skip: Sequence[str]) -> None:
    """UPDATE every column of ``rows`` but the key and ``skip``, by primary key."""
    if not rows:
        return
    fields = [field for field in _columns(model, skip=skip) if not field.primary_key]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    values = _instance_values(rows, fields)
    params = [[*row_values, row.pk] for row_values, row in zip(values, rows, strict=True)]
    if connection.vendor == "postgresql":
        _server_bound_executemany(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _insert(model: type[models.Model], fields: Sequence[models.Field], values: list[list[Any]]):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    if connection.vendor == "postgresql":
        _copy(f"COPY {table} ({names}) FROM STDIN", values)
        return
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)


def _copy(sql: str, values: list[list[Any]]) -> None:
    began = time.monotonic()
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in values:
            copy.write_row(row)
    _log(f"{sql} -- {len(values)} rows", began)


def _server_bound_executemany(sql: str, params: list[list[Any]]) -> None:
    """One statement prepared on the server and run for every row, pipelined."""
    import psycopg

    began = time.monotonic()
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.executemany(sql, params)
    _log(f"{sql} -- {len(params)} rows", began)


def _log(sql: str, began: float) -> None:
    """Show the statement where Django shows its own (``connection.queries``, tests)."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - began:.3f}"})
