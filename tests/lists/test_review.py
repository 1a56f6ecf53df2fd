"""Review decisions and reversible merges."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.conftest import make_user
from tests.factories import make_custody, make_person
from tests.lists.helpers import VIASNA, csv_bytes, run_import
from vigil.accounts.actors import actor_for
from vigil.accounts.models import Role
from vigil.dates import PartialDate
from vigil.lists.merging import decide, decisions_csv_rows, merge_persons, undo_merge
from vigil.lists.models import ListEntry, MatchDecision, PersonMerge, ReviewPair
from vigil.registry import models as m


@pytest.fixture
def reviewer_a(org_a):
    return make_user("reviewer-a", org_a, Role.REVIEWER)


def state(person):
    person.refresh_from_db()
    return {
        "deleted": person.deleted_at is not None,
        "birth": str(person.partial("birth_date")), "gender": person.gender,
        "names": sorted((n.text, n.is_primary) for n in person.names.all()),
        "custody": sorted(c.pk for c in person.custody_periods.all()),
        "recognitions": sorted(r.pk for r in person.recognitions.all()),
        "citations": sorted(m.Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(m.Person),
            object_id=person.pk).values_list("pk", flat=True)),
        "statements": sorted(person.statements.values_list("pk", flat=True)),
    }


@pytest.mark.django_db
def test_merge_then_undo_restores_both_persons(org_a, reviewer_a, source_a):
    survivor = make_person(org_a, name="Алесь Бяляцкі")
    merged = make_person(org_a, name="Ales Bialiatski", gender="male")
    merged.set_partial("birth_date", PartialDate.parse("1962-09-25"))
    merged.save()
    make_custody(survivor, "2021-07-14")
    make_custody(merged, "2011-08-04", "2014-06-21", end_reason="pardoned")
    m.Recognition.objects.create(person=merged, organisation=org_a, status="recognised",
                                 since="2011-08-05")
    m.Citation.objects.create(organisation=org_a, source=source_a, field="birth_date",
                              content_type=ContentType.objects.get_for_model(m.Person),
                              object_id=merged.pk, claimed_value="1962-09-25")
    statement = m.Statement.objects.create(organisation=org_a, title="S", text="t",
                                           published_on="2023-05-21")
    statement.persons_named.add(merged)
    before = state(survivor), state(merged)

    merge = merge_persons(survivor, merged, reviewer_a, actor_for(reviewer_a))
    after = state(survivor)
    assert state(merged)["deleted"]
    assert after["birth"] == "1962-09-25" and after["gender"] == "male"  # filled in
    assert len(after["custody"]) == 2 and len(after["recognitions"]) == 1
    assert ("Ales Bialiatski", False) in after["names"]  # one primary name stays
    assert len(after["citations"]) == 1 and after["statements"] == [statement.pk]
    assert not m.Person.objects.for_actor(actor_for(reviewer_a)).filter(pk=merged.pk).exists()

    undo_merge(merge, reviewer_a)
    assert (state(survivor), state(merged)) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == reviewer_a


# a4: Nasta Lojka's birth year, but a man's gender: a reviewer must decide (DESIGN §5)
LATIN = [{"id": "a4", "name": "Nasta Lojka", "birth_year": "1990", "gender": "m"},
         {"id": "a5", "name": "Ihar Losik", "birth_year": "1992"}]


@pytest.mark.django_db
def test_review_same_merges_and_undo_reopens(org_a, documenter_a, reviewer_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    version, _ = run_import(csv_bytes(LATIN), org_a, documenter_a, list_name="cpj",
                            file_name="cpj.csv")
    pair = ReviewPair.objects.get()
    lojka = pair.person_b
    merge = decide(pair, "same", reviewer_a, actor_for(reviewer_a))
    assert merge.survivor == lojka and merge.merged == pair.person_a
    assert lojka.names.filter(text="Nasta Lojka").exists()
    decision = MatchDecision.objects.get()
    assert (decision.a_list, decision.a_id, decision.b_list, decision.b_id, decision.same) == (
        "cpj", "a4", "viasna", "4", True)
    assert decisions_csv_rows(actor_for(reviewer_a))[1][:5] == ["cpj", "a4", "viasna", "4",
                                                               "same"]
    # the entry now points at the survivor; a re-import keeps it there
    assert ListEntry.objects.get(external_id="a4").person == lojka
    again, p = run_import(csv_bytes(LATIN + [{"id": "a6", "name": "Kseniya Lutskina"}]),
                          org_a, documenter_a, list_name="cpj", file_name="cpj-2.csv")
    assert again.entries.get(external_id="a4").person == lojka
    undo_merge(merge, reviewer_a)
    pair.refresh_from_db()
    assert pair.status == "open"
    decision.refresh_from_db()
    assert decision.withdrawn_at is not None
    assert ListEntry.objects.get(version=version, external_id="a4").person == pair.person_a


@pytest.mark.django_db
def test_not_the_same_is_respected_by_the_next_import(org_a, documenter_a, reviewer_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    run_import(csv_bytes(LATIN), org_a, documenter_a, list_name="cpj", file_name="cpj.csv")
    pair = ReviewPair.objects.get()
    assert decide(pair, "not_same", reviewer_a, actor_for(reviewer_a)) is None
    assert not MatchDecision.objects.get().same
    # the same person arrives in a third list with agreeing data: the decision still holds
    # for the cpj record; a list that says nothing about it now meets two persons of one name
    # and birth year, so it goes to a reviewer (DESIGN §5)
    version, p = run_import(
        csv_bytes([{"id": "a4", "name": "Nasta Lojka", "birth_year": "1990"}]),
        org_a, documenter_a, list_name="cpj", file_name="cpj-2.csv")
    entry = version.entries.get()
    assert entry.outcome == "updated" and entry.person == pair.person_a
    assert ReviewPair.objects.count() == 1
    other, _ = run_import(
        csv_bytes([{"id": "z", "name": "Nasta Lojka", "birth_year": "1990"}]),
        org_a, documenter_a, list_name="pen", file_name="pen.csv")
    entry = other.entries.get()
    assert entry.outcome == "review" and entry.person not in (pair.person_a, pair.person_b)
    assert "shared" in ReviewPair.objects.get(entry=entry).reason


@pytest.mark.django_db
def test_a_stored_not_the_same_forbids_an_automatic_match(org_a, documenter_a, reviewer_a):
    """A decision on list keys holds for a new version whose row would now match."""
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    run_import(csv_bytes(LATIN), org_a, documenter_a, list_name="cpj", file_name="cpj.csv")
    pair = ReviewPair.objects.get()
    decide(pair, "not_same", reviewer_a, actor_for(reviewer_a))
    # undo the link between the cpj row and its own person: the row is new again
    ListEntry.objects.filter(external_id="a4").update(person=None)
    version, p = run_import(
        csv_bytes([{"id": "a4", "name": "Nasta Lojka", "birth_year": "1990"}]),
        org_a, documenter_a, list_name="cpj", file_name="cpj-3.csv")
    entry = version.entries.get()
    assert entry.person != pair.person_b
    assert PersonMerge.objects.count() == 0


@pytest.mark.django_db
def test_exported_decisions_are_read_by_vigil_link(org_a, documenter_a, reviewer_a, tmp_path,
                                                   capsys):
    import io

    from django.core.management import call_command

    from vigil.linkage.cli import read_decisions, run_link

    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    run_import(csv_bytes(LATIN), org_a, documenter_a, list_name="cpj", file_name="cpj.csv")
    decide(ReviewPair.objects.get(), "not_same", reviewer_a, actor_for(reviewer_a))
    call_command("export_decisions", "--org", org_a.slug)
    path = tmp_path / "decisions.csv"
    path.write_text(capsys.readouterr().out)
    [decision] = read_decisions(str(path))
    assert (decision.a, decision.b, decision.same) == (("cpj", "a4"), ("viasna", "4"), False)
    (tmp_path / "viasna.csv").write_bytes(csv_bytes(VIASNA))
    (tmp_path / "cpj.csv").write_bytes(csv_bytes([{"id": "a4", "name": "Nasta Lojka",
                                                   "birth_year": "1990"}]))
    out = io.StringIO()
    assert run_link([str(tmp_path / "viasna.csv"), str(tmp_path / "cpj.csv"), "--decisions",
                     str(path)], out, io.StringIO()) == 0
    clusters = {tuple(line.split(",")[1:]): line.split(",")[0]
                for line in out.getvalue().splitlines()[1:]}
    assert clusters[("viasna", "4")] != clusters[("cpj", "a4")]


@pytest.mark.django_db
def test_duplicates_inside_the_registry_go_to_review(org_a, reviewer_a, capsys):
    from django.core.management import call_command

    first = make_person(org_a, name="Алесь Бяляцкі")
    second = make_person(org_a, name="Ales Bialiatski")
    for person in (first, second):
        person.set_partial("birth_date", PartialDate.parse("1962-09-25"))
        person.save()
    make_person(org_a, name="Марына Золатава")
    call_command("find_duplicates", "--org", org_a.slug)
    assert "1 pairs sent" in capsys.readouterr().out
    pair = ReviewPair.objects.get()
    assert (pair.person_a, pair.person_b, pair.entry) == (second, first, None)
    call_command("find_duplicates", "--org", org_a.slug)  # not opened twice
    assert ReviewPair.objects.count() == 1
    decide(pair, "not_same", reviewer_a, actor_for(reviewer_a))
    call_command("find_duplicates", "--org", org_a.slug)  # the decision holds
    assert ReviewPair.objects.count() == 1
    assert not m.Person.objects.filter(deleted_at__isnull=False).exists()


@pytest.mark.django_db
def test_merging_into_a_partners_person_leaves_that_record_alone(org_a, org_b, coalition,
                                                                  reviewer_a):
    theirs = make_person(org_b, name="Ihar Losik", visibility=m.Visibility.COALITION)
    ours = make_person(org_a, name="Ігар Лосік", gender="male")
    ours.set_partial("birth_date", PartialDate.parse("1992"))
    ours.save()
    version = theirs.version
    merge = merge_persons(theirs, ours, reviewer_a, actor_for(reviewer_a))
    theirs.refresh_from_db()
    assert theirs.birth_date is None and theirs.gender == "unknown"
    assert theirs.version == version and merge.filled == {}
    assert theirs.names.filter(text="Ігар Лосік", organisation=org_a).exists()
    undo_merge(merge, reviewer_a)
    assert not theirs.names.filter(organisation=org_a).exists()


@pytest.mark.django_db
def test_identical_spellings_are_folded_into_one_keeping_their_citations(org_a, reviewer_a,
                                                                          source_a):
    survivor = make_person(org_a, name="Алесь Бяляцкі")
    merged = make_person(org_a, name="Алесь Бяляцкі")
    other = m.NameVariant.objects.create(person=merged, organisation=org_a, text="Ales Bialiatski",
                                         language="en", script="Latn", kind="latin")
    twin = merged.names.get(text="Алесь Бяляцкі")
    name_type = ContentType.objects.get_for_model(m.NameVariant)
    cited = m.Citation.objects.create(organisation=org_a, source=source_a,
                                      content_type=name_type, object_id=twin.pk)
    merge = merge_persons(survivor, merged, reviewer_a, actor_for(reviewer_a))
    live = survivor.names.filter(deleted_at__isnull=True)
    assert sorted(live.values_list("text", flat=True)) == ["Ales Bialiatski", "Алесь Бяляцкі"]
    kept = live.get(text="Алесь Бяляцкі")
    cited.refresh_from_db()
    assert cited.object_id == kept.pk and kept.pk != twin.pk
    undo_merge(merge, reviewer_a)
    cited.refresh_from_db()
    twin.refresh_from_db()
    assert cited.object_id == twin.pk and twin.deleted_at is None and twin.person_id == merged.pk
    assert set(merged.names.values_list("pk", flat=True)) == {twin.pk, other.pk}
