"""Bulk inserts for large imports, with their history rows.

Django's `bulk_create` spends most of an import's time compiling each value. On PostgreSQL
the rows go in with `COPY … FROM STDIN` (their ids drawn first from the table's sequence, in
one query), which psycopg writes without parsing any SQL per row; on SQLite with one
multi-row `INSERT … RETURNING id` per batch (SQLite ≥ 3.35 returns the ids in the order of
the rows, as Django's own bulk_create relies on). The django-simple-history rows ("+", the
importing user, one timestamp) are written from the inserted objects' values directly, never
built as model instances (at 100,000 rows that was a million objects).
"""

from __future__ import annotations

from django.db import connections, router

from vigil.registry.encryption import keys_held

COPY_PROGRESS_EVERY = 5000  # rows between two progress reports of a COPY


def insert(model, objs: list, returning: bool = True, progress=None) -> list:
    """Insert `objs` (unsaved instances of `model`), setting their primary keys."""
    _insert(model, objs, returning, progress)
    return objs


def _insert(model, objs: list, returning: bool, progress) -> tuple[dict[str, int], list]:
    """Insert `objs`; return each field's place in the rows written (by attname), and the
    rows, their values as written (encrypted ones included)."""
    if not objs:
        return {}, []
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    with keys_held():
        rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection=conn) for f in fields]
                for obj in objs]
    if returning and conn.vendor == "postgresql":
        ids = _next_ids(conn, model, len(objs))
        for obj, new_id, row in zip(objs, ids, rows, strict=True):
            obj.pk = new_id
            obj._state.adding = False
            row.insert(0, new_id)
        fields = [model._meta.pk, *fields]
        returning = False
    _write(conn, model, fields, rows, f"writing {model._meta.verbose_name_plural}", progress,
           objs if returning else None)
    return {f.attname: n for n, f in enumerate(fields)}, rows


def insert_with_history(model, objs: list, user, when, progress=None) -> list:
    """Insert `objs` and their history rows ("+"). A history row takes the values just
    written for its record (an encrypted value is encrypted once, not again)."""
    places, written = _insert(model, objs, True, progress)
    history = model.history.model
    conn = connections[router.db_for_write(history)]
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    fixed = {"history_date": when, "history_user_id": user.pk if user else None,
             "history_change_reason": "", "history_type": "+"}
    fixed = {attname: f.get_db_prep_save(fixed[attname], connection=conn)
             for f in fields if (attname := f.attname) in fixed}
    rows = [[fixed[f.attname] if f.attname in fixed
             else row[places[f.attname]] if f.attname in places
             else f.get_db_prep_save(getattr(obj, f.attname), connection=conn)
             for f in fields] for obj, row in zip(objs, written, strict=True)]
    _write(conn, history, fields, rows, f"writing {history._meta.verbose_name_plural}",
           progress)
    return objs


def _next_ids(conn, model, count: int) -> list[int]:
    with conn.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [row[0] for row in cursor.fetchall()]


def _write(conn, model, fields, rows, stage, progress, returning_to=None) -> None:
    """The rows into the model's table: COPY on PostgreSQL, INSERT batches elsewhere (then,
    with `returning_to`, the new ids set on those objects)."""
    ops = conn.ops
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    if progress is not None:
        progress(stage, 0, len(rows))
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # only quoted names from the model's own metadata; every value is data
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if progress is not None and n % COPY_PROGRESS_EVERY == 0:
                        progress(stage, n, len(rows))
        else:
            _insert_batches(cursor, conn, model, table, columns, len(fields), rows, stage,
                            progress, returning_to)
    if progress is not None:
        progress(stage, len(rows), len(rows))


def _insert_batches(cursor, conn, model, table, columns, width, rows, stage, progress,
                    returning_to) -> None:
    batch = max(1, min(1000, (conn.features.max_query_params or 30000) // width))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    pk = conn.ops.quote_name(model._meta.pk.column)
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        params = [value for row in chunk for value in row]
        sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(chunk))}"  # noqa: S608
        if returning_to is None:
            cursor.execute(sql, params)
        else:
            cursor.execute(f"{sql} RETURNING {pk}", params)
            for obj, (new_id,) in zip(returning_to[start:start + batch], cursor.fetchall(),
                                      strict=True):
                obj.pk = new_id
                obj._state.adding = False
        if progress is not None:
            progress(stage, start + len(chunk), len(rows))
