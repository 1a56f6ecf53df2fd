"""Releases are frozen: later corrections change what the definition counts today, never the
release; its page shows the difference."""

import datetime as dt

import pytest

from tests.factories import make_custody, make_person
from tests.publishing.helpers import recognise
from vigil.figures import FigureDefinition
from vigil.publishing.models import Release, ReleaseIsFrozen
from vigil.publishing.population import Scope
from vigil.publishing.service import changes_since, compute, publish
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
APRIL_30 = dt.date(2023, 4, 30)


def held_and_recognised(org, name, since="2021-01-01", **fields):
    person = make_person(org, name=name, visibility=m.Visibility.PUBLIC, **fields)
    make_custody(person, since)
    recognise(person, since=since)
    return person


@pytest.fixture
def release(org_a, admin_a):
    held_and_recognised(org_a, "First Person")
    held_and_recognised(org_a, "Second Person")
    definition = FigureDefinition.stock(APRIL_30, recognised_by=("org-a",))
    result = compute(Scope.whole_registry(), definition, by="gender")
    return publish(result, org_a, admin_a, title="Test")


def test_a_release_freezes_its_figure(release):
    assert release.slug == "2023-04-30/org-a-stock"
    assert release.count == 2 and len(release.person_ids) == 2
    assert release.full_citation.startswith("Vigil release 2023-04-30/org-a-stock: Political")
    assert release.breakdown["field"] == "gender"
    with pytest.raises(ReleaseIsFrozen):
        release.save()
    with pytest.raises(ReleaseIsFrozen):
        Release.objects.filter(pk=release.pk).update(count=3)
    with pytest.raises(ReleaseIsFrozen):
        release.delete()
    with pytest.raises(ReleaseIsFrozen):
        Release.objects.all().delete()


def test_a_back_dated_detention_changes_today_s_count_not_the_release(
    release, org_a, client, viewer_a
):
    late = held_and_recognised(org_a, "Learned Late", since="2022-06-01")  # recorded now
    frozen = Release.objects.get(pk=release.pk)
    assert frozen.count == 2 and late.pk not in frozen.person_ids
    changes = changes_since(frozen)
    assert changes.count_now == 3 and changes.added == [late.pk] and changes.removed == []
    client.force_login(viewer_a)
    page = client.get(f"/figures/releases/{release.slug}/").content.decode()
    assert "Learned Late" in page
    assert "counted today" in page


def test_a_second_release_of_the_same_definition_gets_its_own_slug(release, org_a):
    definition = FigureDefinition.stock(APRIL_30, recognised_by=("org-a",))
    again = publish(compute(Scope.whole_registry(), definition), org_a)
    assert again.slug == "2023-04-30/org-a-stock-2"
    assert again.figure_definition() == definition
