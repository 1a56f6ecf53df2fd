import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_custody, make_person
from vigil.accounts.actors import ANONYMOUS, actor_for
from vigil.registry import models as m
from vigil.registry.search import matching_persons

pytestmark = pytest.mark.django_db


def test_custody_cannot_end_before_it_starts(org_a):
    person = make_person(org_a)
    with pytest.raises(ValidationError) as refused:
        make_custody(person, "2021-07-14", "2021-07-01", end_reason="released")
    assert "ended" in refused.value.message_dict
    assert "before the start" in refused.value.message_dict["ended"][0]
    assert not m.CustodyPeriod.objects.exists()


def test_overlapping_custody_periods_are_refused_but_a_same_day_rearrest_is_not(org_a):
    person = make_person(org_a)
    make_custody(person, "2020-08-10", "2020-08-25", end_reason="released",
                 kind="administrative")
    with pytest.raises(ValidationError, match="overlaps another custody period"):
        make_custody(person, "2020-08-20", kind="administrative")
    make_custody(person, "2020-08-25", kind="pretrial")  # the "carousel": re-arrested at once
    assert person.custody_periods.count() == 2


def test_an_end_needs_a_reason_and_a_reason_needs_an_end(org_a):
    person = make_person(org_a)
    with pytest.raises(ValidationError, match="Say how this period ended"):
        make_custody(person, "2021-01-01", "2021-02-01")
    with pytest.raises(ValidationError, match="needs its end date"):
        make_custody(person, "2021-01-01", end_reason="pardoned")


def test_every_change_leaves_a_history_entry_with_before_and_after(org_a, documenter_a):
    person = make_person(org_a, summary="before")
    person.summary = "after"
    person.save_versioned(person.version)
    first, second = person.history.order_by("history_date")
    diff = second.diff_against(first)
    changed = {c.field: (c.old, c.new) for c in diff.changes}
    assert changed["summary"] == ("before", "after")
    assert person.history.count() == 2


def test_soft_delete_hides_a_record_and_its_administrator_can_restore_it(
    org_a, admin_a, documenter_a
):
    person = make_person(org_a)
    person.soft_delete(documenter_a)
    admin, documenter = actor_for(admin_a), actor_for(documenter_a)
    assert not m.Person.objects.for_actor(documenter).exists()
    assert not m.Person.objects.deleted_for_admin(documenter).exists()
    assert list(m.Person.objects.deleted_for_admin(admin)) == [person]
    person.restore()
    assert list(m.Person.objects.for_actor(documenter)) == [person]
    assert [h.deleted_at is None for h in person.history.order_by("history_date")] == [
        True, False, True]


def test_children_of_a_deleted_person_are_hidden_too(org_a, documenter_a):
    person = make_person(org_a)
    make_custody(person, "2021-01-01")
    person.soft_delete(documenter_a)
    assert not m.CustodyPeriod.objects.for_actor(actor_for(documenter_a)).exists()


def test_the_second_of_two_concurrent_saves_is_refused_and_changes_nothing(org_a):
    person = make_person(org_a, summary="original")
    first = m.Person.objects.get(pk=person.pk)
    second = m.Person.objects.get(pk=person.pk)
    first.summary = "first editor"
    first.save_versioned(first.version)
    second.summary = "second editor"
    with pytest.raises(m.VersionConflict):
        second.save_versioned(second.version)
    assert m.Person.objects.get(pk=person.pk).summary == "first editor"
    assert person.history.count() == 2


def test_visibility_decides_who_sees_a_record(org_a, org_b, documenter_a, documenter_b):
    own = make_person(org_a, name="Own")
    shared = make_person(org_a, name="Shared", visibility=m.Visibility.COALITION)
    public = make_person(org_a, name="Public", visibility=m.Visibility.PUBLIC)
    a, b = actor_for(documenter_a), actor_for(documenter_b)
    assert set(m.Person.objects.for_actor(a)) == {own, shared, public}
    assert set(m.Person.objects.for_actor(b)) == {public}
    assert set(m.Person.objects.for_actor(ANONYMOUS)) == {public}


def test_coalition_partners_see_shared_records(org_a, org_b, documenter_b, coalition):
    shared = make_person(org_a, name="Shared", visibility=m.Visibility.COALITION)
    make_person(org_a, name="Own")
    assert list(m.Person.objects.for_actor(actor_for(documenter_b))) == [shared]


@pytest.mark.parametrize("query", ["Bialiatski", "Бяляцкі", "Беляцкий", "бяляц", "Ales",
                                   "Алесь Бяляцкі", "bialiatski ales", "Aliaksandr Bialiatski",
                                   "Александр Беляцкий"])
def test_search_finds_a_person_from_any_spelling(person_a, documenter_a, query):
    actor = actor_for(documenter_a)
    found = matching_persons(m.Person.objects.for_actor(actor), actor, query)
    assert list(found) == [person_a]


def test_search_does_not_find_other_people(person_a, org_a, documenter_a):
    make_person(org_a, name="Марына Золатава")
    actor = actor_for(documenter_a)
    found = matching_persons(m.Person.objects.for_actor(actor), actor, "Золотова")
    assert [p.display_name for p in found] == ["Марына Золатава"]


def test_search_ignores_spellings_the_searcher_may_not_see(org_a, documenter_b):
    public = make_person(org_a, name="Public Name", visibility=m.Visibility.PUBLIC)
    m.NameVariant.objects.create(person=public, organisation=org_a, text="Secret Alias",
                                 language="en", script="Latn", kind="alias")
    actor = actor_for(documenter_b)
    assert not matching_persons(m.Person.objects.for_actor(actor), actor, "Secret Alias")
    assert matching_persons(m.Person.objects.for_actor(actor), actor, "Public").exists()
