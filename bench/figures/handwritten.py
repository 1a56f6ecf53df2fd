"""The three figures as hand-written SQL, written from the counting rules in docs/figures.md
(not from Vigil's code), to time Vigil against and to check its answers.

Over the whole registry (live records of every organisation), a person is in the stock at the
end of day D when:

- the person is not deleted and their tracking status is "whereabouts known" (any other
  status is reported apart, not counted);
- a live custody period of theirs covers the end of D: `started <= D` and no `ended`, or
  `D < ended` (released on day E: not held at the end of E; a date known only to the month
  or year is stored as, and counts as, its first day);
- one of the chosen organisations recognises them at the end of D: among that
  organisation's live recognition records of the person that cover D (`since <= D`, and no
  `until` or `D < until`), the one that started last (same day: the later record id) says
  "recognised".

The queries run as they are on SQLite and on PostgreSQL; only date literals differ. The
values written into them are the benchmark's own constants, checked to be plain words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

LIVE_PERSON = "p.deleted_at IS NULL AND p.tracking_status = 'known'"


def _word(value: str) -> str:
    if not re.fullmatch(r"[\w-]+", value):
        raise ValueError(f"not a plain word: {value!r}")
    return value


def held_at(person: str, day: str) -> str:
    return f"""EXISTS (
        SELECT 1 FROM registry_custodyperiod c
        WHERE c.person_id = {person} AND c.deleted_at IS NULL
          AND c.started <= {day} AND (c.ended IS NULL OR {day} < c.ended))"""  # noqa: S608


def recognised_at(person: str, day: str, organisations: tuple[str, ...]) -> str:
    slugs = ", ".join(f"'{_word(slug)}'" for slug in organisations)
    return f"""EXISTS (
        SELECT 1 FROM registry_recognition r
        JOIN accounts_organisation o ON o.id = r.organisation_id
        WHERE r.person_id = {person} AND r.deleted_at IS NULL AND o.slug IN ({slugs})
          AND r.status = 'recognised'
          AND r.since <= {day} AND (r.until IS NULL OR {day} < r.until)
          AND NOT EXISTS (
            SELECT 1 FROM registry_recognition later
            WHERE later.person_id = r.person_id AND later.organisation_id = r.organisation_id
              AND later.deleted_at IS NULL
              AND later.since <= {day} AND (later.until IS NULL OR {day} < later.until)
              AND (later.since > r.since OR (later.since = r.since AND later.id > r.id))))"""  # noqa: S608


def date_literal(vendor: str, day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'" if vendor == "postgresql" else f"'{day.isoformat()}'"


def stock_count(vendor: str, day: dt.date, organisations: tuple[str, ...], gender: str,
                occupation_group: str) -> str:
    """How many persons are in the stock at the end of `day`, of one gender and with an
    occupation in one group."""
    d = date_literal(vendor, day)
    return f"""
    SELECT COUNT(*) FROM registry_person p
    WHERE {LIVE_PERSON} AND p.gender = '{_word(gender)}'
      AND EXISTS (
        SELECT 1 FROM registry_person_occupations po
        JOIN registry_occupation oc ON oc.id = po.occupation_id
        WHERE po.person_id = p.id AND oc."group" = '{_word(occupation_group)}')
      AND {held_at("p.id", d)}
      AND {recognised_at("p.id", d, organisations)}"""  # noqa: S608


def stock_by_article(vendor: str, day: dt.date, organisations: tuple[str, ...]) -> str:
    """The stock at the end of `day` per article charged in any of the person's live cases
    (a person charged under two articles is in both rows; none: the NULL row)."""
    d = date_literal(vendor, day)
    return f"""
    WITH counted AS (
      SELECT p.id FROM registry_person p
      WHERE {LIVE_PERSON}
        AND {held_at("p.id", d)}
        AND {recognised_at("p.id", d, organisations)}),
    articles AS (
      SELECT DISTINCT cs.person_id, a.article
      FROM registry_case cs
      JOIN registry_case_charges cc ON cc.case_id = cs.id
      JOIN registry_article a ON a.id = cc.article_id
      WHERE cs.deleted_at IS NULL)
    SELECT articles.article, COUNT(*)
    FROM counted LEFT JOIN articles ON articles.person_id = counted.id
    GROUP BY articles.article"""  # noqa: S608


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of every month from `start`'s to `end`'s (both whole months)."""
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def monthly_stock(vendor: str, start: dt.date, end: dt.date,
                  organisations: tuple[str, ...]) -> str:
    """The stock at the end of every month from `start` to `end`, one row per month end."""
    points = ", ".join(f"({date_literal(vendor, day)})" for day in month_ends(start, end))
    return f"""
    WITH points(day) AS (VALUES {points}),
    periods AS (
      SELECT c.person_id, c.started, c.ended
      FROM registry_custodyperiod c JOIN registry_person p ON p.id = c.person_id
      WHERE c.deleted_at IS NULL AND {LIVE_PERSON}),
    held AS (  -- CROSS JOIN: SQLite takes each period once and the points inside it
      SELECT DISTINCT pt.day, periods.person_id
      FROM periods CROSS JOIN points pt
      WHERE periods.started <= pt.day
        AND (periods.ended IS NULL OR pt.day < periods.ended)),
    counted AS (
      SELECT h.day, COUNT(*) AS n FROM held h
      WHERE {recognised_at("h.person_id", "h.day", organisations)}
      GROUP BY h.day)
    SELECT pt.day, COALESCE(counted.n, 0)
    FROM points pt LEFT JOIN counted ON counted.day = pt.day
    ORDER BY pt.day"""  # noqa: S608
