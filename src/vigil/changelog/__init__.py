"""Which persons' records changed, in the order the changes were committed.

Database triggers (migration 0001) add a row naming the person to
`changelog_personchange` on every write to a table the figures' loader reads — from any
process and by any means: forms, the API, imports, bulk `update()`, raw SQL. A write to a
vocabulary or an organisation (a slug a figure shows) names no person: every person may
have changed. Each committed write gets a *serial* that only grows, in commit order:

- SQLite runs one writer at a time, so the row's AUTOINCREMENT id is its serial;
- PostgreSQL numbers a transaction's rows when it commits (a deferred trigger takes the next
  value of a one-row counter, whose row lock orders the commits), so a reader that sees
  serial N has seen every serial below N.

A server process that loaded the figures' registry at serial S brings it up to date from
`changed_persons(S, now)`: only those persons are read and compiled again
(`vigil.publishing.population.load_population`), whichever process wrote.
"""

from __future__ import annotations

from django.db import connection

LOG_TABLE = "changelog_personchange"
# Tables of derived state, never backed up nor compared by a restore drill.
TABLES = (LOG_TABLE, "changelog_counter", "changelog_commit")


SERIAL_SQL = {  # a scalar subquery: the serial of the last committed change (NULL: none yet)
    "postgresql": "(SELECT serial FROM changelog_counter WHERE id = 1)",
    "sqlite": "(SELECT seq FROM sqlite_sequence WHERE name = 'changelog_personchange')",
}


def serial_sql() -> str:
    return SERIAL_SQL[connection.vendor]


def current_serial() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {serial_sql()}")  # noqa: S608 - fixed SQL
        return cursor.fetchone()[0] or 0


def changed_persons(after: int, upto: int, limit: int) -> set[int] | None:
    """The ids of the persons whose records changed in serials after..upto, or None when
    more than `limit` did or a change named no person (read everything again)."""
    column = "serial" if connection.vendor == "postgresql" else "id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT person_id FROM {LOG_TABLE} "  # noqa: S608 - fixed SQL
            f"WHERE {column} > %s AND {column} <= %s LIMIT %s", [after, upto, limit + 1])
        ids = {row[0] for row in cursor.fetchall()}
    if None in ids or len(ids) > limit:
        return None
    return ids
