"""Bringing a kept registry up to date when no person changed (a write with no person, or one
to a vocabulary) reads nothing: the empty filter must not reach the database as SQL."""

import datetime as dt

import pytest

from vigil.publishing.population import Scope, load_columns


@pytest.mark.django_db
def test_loading_no_changed_person_gives_empty_columns(org_a):
    columns = load_columns(Scope.whole_registry(), dt.date(2023, 4, 30), only=[])
    assert len(columns) == 0
