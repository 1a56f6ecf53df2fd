"""Bulk inserts for large imports, with their history rows.

Django's `bulk_create` spends most of an import's time compiling each value; this writes the
same rows with one multi-row `INSERT … RETURNING id` per batch (PostgreSQL and SQLite ≥ 3.35
both return the ids in the order of the rows, as Django's own bulk_create relies on), then
the django-simple-history rows ("+", the importing user, one timestamp) the same way.
"""

from __future__ import annotations

from django.db import connections, router


def insert(model, objs: list, returning: bool = True, progress=None) -> list:
    """Insert `objs` (unsaved instances of `model`), setting their primary keys."""
    if not objs:
        return objs
    conn = connections[router.db_for_write(model)]
    ops = conn.ops
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    pk = ops.quote_name(model._meta.pk.column)
    max_params = conn.features.max_query_params or 30000
    batch = max(1, min(1000, max_params // len(fields)))
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    stage = f"writing {model._meta.verbose_name_plural}"
    if progress is not None:
        progress(stage, 0, len(objs))
    with conn.cursor() as cursor:
        for start in range(0, len(objs), batch):
            chunk = objs[start:start + batch]
            params = []
            for obj in chunk:
                for f in fields:
                    params.append(f.get_db_prep_save(f.pre_save(obj, True), connection=conn))
            # only quoted names from the model's own metadata; every value is a parameter
            values = ", ".join([row_sql] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608
            if returning:
                cursor.execute(f"{sql} RETURNING {pk}", params)
                for obj, (new_id,) in zip(chunk, cursor.fetchall(), strict=True):
                    obj.pk = new_id
                    obj._state.adding = False
            else:
                cursor.execute(sql, params)
            if progress is not None:
                progress(stage, start + len(chunk), len(objs))
    return objs


def insert_with_history(model, objs: list, user, when, progress=None) -> list:
    insert(model, objs, progress=progress)
    history = model.history.model
    tracked = history.tracked_fields
    rows = [
        history(history_date=when, history_user=user, history_change_reason="",
                history_type="+", **{f.attname: getattr(obj, f.attname) for f in tracked})
        for obj in objs
    ]
    insert(history, rows, returning=False, progress=progress)
    return objs
