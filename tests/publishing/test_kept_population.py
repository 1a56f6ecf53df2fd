"""A loaded registry is kept between figures, and only while the registry is unchanged: every
kind of write after a figure changes the next figure, and one viewer's kept registry never
answers another's figure.

These tests commit (transaction=True) so that PostgreSQL's commit-time trigger runs as it
does in production; on SQLite the row triggers run at once. serialized_rollback puts the
vocabularies seeded by the migrations back for the tests that follow.
"""

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_custody, make_person
from tests.publishing.helpers import recognise, triggered_tables
from vigil.accounts.actors import ANONYMOUS, acting_for
from vigil.accounts.models import Coalition, Role
from vigil.figures import FigureDefinition
from vigil.publishing.population import (
    Scope,
    forget_loaded_populations,
    load_persons,
    registry_token,
)
from vigil.publishing.service import compute
from vigil.registry import models as m

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DAY = dt.date(2023, 4, 30)
REGISTRY = Scope.whole_registry()
BOTH = ("org-a", "org-b")


@pytest.fixture(autouse=True)
def nothing_kept():
    forget_loaded_populations()
    yield
    forget_loaded_populations()


def held(organisation, name="Held", visibility=m.Visibility.ORGANISATION, **fields):
    """A person of `organisation`, held since 2021 and recognised by it."""
    person = make_person(organisation, name=name, visibility=visibility, **fields)
    make_custody(person, "2021-01-01")
    recognise(person, since="2021-01-01")
    return person


def stock(scope=REGISTRY, **options):
    """Persons held and recognised by A at the end of DAY (by A or B when a test says so)."""
    options.setdefault("recognised_by", ("org-a",))
    return compute(scope, FigureDefinition.stock(DAY, **options))


def test_an_unchanged_registry_is_loaded_once(org_a):
    held(org_a)
    first = stock()
    with CaptureQueriesContext(connection) as queries:
        again = stock(recognised_by=("org-a",))
    assert again.population is first.population
    assert not any("registry_custodyperiod" in q["sql"] for q in queries.captured_queries)
    assert again.figure.count == 1


def test_every_kind_of_write_changes_the_next_figure(org_a):
    person = held(org_a)
    assert stock().figure.count == 1
    other = held(org_a, name="Second")  # a new person (form save)
    assert stock().figure.count == 2
    other.soft_delete(user=None)  # soft deletion (an update)
    assert stock().figure.count == 1
    other.restore()
    assert stock().figure.count == 2
    # a release recorded on an existing period, through a bulk update() (no signals)
    m.CustodyPeriod.objects.filter(person=other).update(ended=dt.date(2022, 1, 1),
                                                        end_reason="served")
    assert stock().figure.count == 1
    # raw SQL, as another program might write it
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_recognition SET status = 'withdrawn' "
                       "WHERE person_id = %s", [person.pk])
    assert stock().figure.count == 0
    m.Recognition.objects.filter(person=person).delete()  # a hard delete
    recognise(person, since="2021-01-01")
    assert stock().figure.count == 1


def test_writes_to_what_filters_read_change_the_next_figure(org_a):
    person = held(org_a, region=m.Region.objects.get(slug="minsk-city"))
    media = m.Occupation.objects.filter(group="media").first()
    journalists = stock(where={"occupation_group": ["media"]})
    assert journalists.figure.count == 0
    person.occupations.add(media)  # a many-to-many row
    assert stock(where={"occupation_group": ["media"]}).figure.count == 1
    m.Occupation.objects.filter(pk=media.pk).update(group="culture")  # the vocabulary itself
    assert stock(where={"occupation_group": ["media"]}).figure.count == 0
    assert stock(where={"region": ["capital"]}).figure.count == 0
    m.Region.objects.filter(slug="minsk-city").update(slug="capital")
    assert stock(where={"region": ["capital"]}).figure.count == 1


def test_a_rolled_back_write_leaves_the_figure_as_it_was(org_a):
    held(org_a)
    assert stock().figure.count == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        held(org_a, name="Never committed")
        assert stock().figure.count == 2  # the writer sees its own write
        raise RuntimeError("roll back")
    assert stock().figure.count == 1
    held(org_a, name="Committed")
    assert stock().figure.count == 2


def test_scopes_never_share_a_kept_registry(org_a, org_b):
    held(org_a, name="Private to A")
    held(org_b, name="Public of B", visibility=m.Visibility.PUBLIC)
    held(org_b, name="Shared by B", visibility=m.Visibility.COALITION)
    viewer_a = Scope.for_actor(acting_for(org_a.pk, Role.VIEWER))
    viewer_b = Scope.for_actor(acting_for(org_b.pk, Role.VIEWER))
    anonymous = Scope.for_actor(ANONYMOUS)
    # whichever scope is counted first, the others are counted from their own records
    assert stock(REGISTRY, recognised_by=BOTH).figure.count == 3
    # A: its own and B's public one (B shares nothing with A yet); B: both of its own
    assert stock(viewer_a, recognised_by=BOTH).figure.count == 2
    assert stock(viewer_b, recognised_by=BOTH).figure.count == 2
    assert stock(anonymous, recognised_by=BOTH).figure.count == 1
    coalition = Coalition.objects.create(slug="both", name="Both")
    coalition.members.add(org_a, org_b)
    # a new coalition is a new actor (its partners are part of it), so a new scope
    partner_a = Scope.for_actor(acting_for(org_a.pk, Role.VIEWER))
    assert stock(partner_a, recognised_by=BOTH).figure.count == 3
    assert stock(viewer_a, recognised_by=BOTH).figure.count == 2


def test_users_of_one_organisation_share_a_kept_registry(org_a, org_b):
    held(org_a)
    first_user = Scope.for_actor(acting_for(org_a.pk, Role.VIEWER, user_id=1))
    second_user = Scope.for_actor(acting_for(org_a.pk, Role.VIEWER, user_id=2))
    assert stock(second_user).population is stock(first_user).population
    other_org = Scope.for_actor(acting_for(org_b.pk, Role.VIEWER, user_id=1))
    assert stock(other_org).population is not stock(first_user).population
    # the key leaves the user out only because the records an actor sees do not depend on it
    for model in (m.Person, m.CustodyPeriod, m.Recognition, m.Placement):
        assert str(first_user.of(model).query) == str(second_user.of(model).query)


def test_every_table_the_loader_reads_has_a_change_trigger(org_a):
    person = held(org_a)
    case = m.Case.objects.create(person=person, organisation=org_a)
    case.charges.add(m.Article.objects.first())
    m.Placement.objects.create(custody=person.custody_periods.get(), organisation=org_a,
                               facility=m.Facility.objects.first())
    with CaptureQueriesContext(connection) as queries:
        load_persons(REGISTRY, DAY)
    read = {t for q in queries.captured_queries
            for t in re.findall(r'"((?:registry|accounts)_\w+)"', q["sql"])}
    assert {"registry_person", "registry_recognition", "registry_case_charges"} <= read
    assert read <= triggered_tables("vigil_registry_changed_%", "vigil_registry_changed")


def test_the_token_changes_with_a_write_and_not_with_a_read(org_a):
    before = registry_token()
    stock()
    assert registry_token() == before
    person = held(org_a)
    after = registry_token()
    assert after not in (None, before)
    m.Person.objects.filter(pk=person.pk).update(deleted_at=timezone.now())
    assert registry_token() != after


class RolledBack(Exception):
    pass


def test_a_figure_counted_inside_a_rolled_back_write_leaves_nothing_stale(org_a):
    # The rolled-back write's change log serials are given again to the next writes: a
    # Population kept from inside the first transaction would be "brought up to date" by
    # their serials (which name only the committed person) and still count the other one.
    committed = held(org_a, name="Committed")
    assert stock().figure.count == 1
    with pytest.raises(RolledBack), transaction.atomic():
        held(org_a, name="Rolled back")
        assert stock().figure.count == 2
        raise RolledBack
    for _ in range(10):
        committed.soft_delete(user=None)
        committed.restore()
    assert stock().figure.count == 1
