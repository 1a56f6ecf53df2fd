"""The review queue by clusters: grouping and order (pure), whole-cluster decisions, undo,
and the queue's pages."""

import random

import pytest

from tests.factories import make_person
from vigil.accounts.actors import actor_for
from vigil.lists.merging import decide_cluster, undo_merge
from vigil.lists.models import MatchDecision, PersonMerge, ReviewPair
from vigil.lists.review_clusters import OpenPair, review_clusters
from vigil.registry import models as m


def test_pairs_sharing_a_person_are_one_cluster_and_the_largest_comes_first():
    pairs = [OpenPair(1, 10, 11, 0.95),  # a cluster of one pair, the most probable
             OpenPair(2, 20, 21, 0.7), OpenPair(3, 22, 21, 0.9), OpenPair(4, 22, 20, 0.6),
             OpenPair(5, 30, 31, 0.8), OpenPair(6, 31, 32, 0.8)]
    clusters = review_clusters(pairs)
    assert [c.persons for c in clusters] == [(20, 21, 22), (30, 31, 32), (10, 11)]
    assert [c.settles for c in clusters] == [3, 2, 1]
    assert [p.pk for p in clusters[0].pairs] == [3, 2, 4]  # most probable first


def test_the_queue_order_does_not_depend_on_the_order_pairs_are_read():
    pairs = [OpenPair(pk, pk, pk + 100, 0.5 + pk / 100) for pk in range(1, 30)]
    pairs += [OpenPair(100, 1, 2, 0.9), OpenPair(101, 50, 51, 0.9)]
    expected = review_clusters(pairs)
    for seed in range(5):
        shuffled = pairs[:]
        random.Random(seed).shuffle(shuffled)
        assert review_clusters(shuffled) == expected
    assert expected[0].persons == (1, 2, 101, 102)


def test_equal_clusters_are_ordered_by_score_then_age():
    pairs = [OpenPair(9, 1, 2, 0.8), OpenPair(5, 3, 4, 0.8), OpenPair(7, 5, 6, 0.9)]
    assert [c.pairs[0].pk for c in review_clusters(pairs)] == [7, 5, 9]


@pytest.fixture
def triangle(org_a):
    """Three records of one person in three spellings, pairs between each two."""
    bel = make_person(org_a, name="Алесь Бяляцкі")
    rus = make_person(org_a, name="Алесь Беляцкий")
    lat = make_person(org_a, name="Ales Bialiatski")

    def pair(a, b, score):
        return ReviewPair.objects.create(organisation=org_a, person_a=a, person_b=b,
                                         score=score, explanation=["name: …"])

    return {"persons": (bel, rus, lat),
            "pairs": [pair(rus, bel, 0.9), pair(lat, bel, 0.8), pair(lat, rus, 0.7)]}


def live(persons):
    return [p.pk for p in persons if m.Person.objects.filter(pk=p.pk, deleted_at=None).exists()]


@pytest.mark.django_db
def test_all_the_same_merges_the_whole_cluster_and_each_merge_undoes(triangle, reviewer_a):
    bel, rus, lat = triangle["persons"]
    merges = decide_cluster(triangle["pairs"], {bel.pk: 1, rus.pk: 1, lat.pk: 1}, reviewer_a,
                            actor_for(reviewer_a))
    assert len(merges) == 2 and live(triangle["persons"]) == [bel.pk]
    assert set(bel.names.values_list("text", flat=True)) == {
        "Алесь Бяляцкі", "Алесь Беляцкий", "Ales Bialiatski"}
    assert set(ReviewPair.objects.values_list("status", flat=True)) == {"same"}
    assert MatchDecision.objects.filter(same=True).count() == 3
    undo_merge(PersonMerge.objects.get(merged=lat), reviewer_a)
    assert live(triangle["persons"]) == [bel.pk, lat.pk]
    assert ReviewPair.objects.get(status="open") == triangle["pairs"][1]  # lat ? bel again
    assert MatchDecision.objects.filter(withdrawn_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_a_split_merges_within_groups_and_remembers_not_the_same_across(triangle, reviewer_a):
    bel, rus, lat = triangle["persons"]
    merges = decide_cluster(triangle["pairs"], {bel.pk: 1, rus.pk: 2, lat.pk: 1}, reviewer_a,
                            actor_for(reviewer_a))
    assert [(x.survivor, x.merged) for x in merges] == [(bel, lat)]
    assert live(triangle["persons"]) == [bel.pk, rus.pk]
    statuses = {(p.person_a, p.person_b): p.status for p in ReviewPair.objects.all()}
    assert statuses == {(rus, bel): "not_same", (lat, bel): "same", (lat, rus): "not_same"}
    assert sorted(MatchDecision.objects.values_list("same", flat=True)) == [False, False, True]


@pytest.mark.django_db
def test_a_chain_of_pairs_still_ends_in_one_person(org_a, reviewer_a):
    """The most probable pair merges first; a later pair naming a merged person joins its
    survivor, so no one of the group is left out."""
    a, s, b = (make_person(org_a, name=n) for n in ("Ales Bialiatski", "Алесь Бяляцкі",
                                                     "Алесь Беляцкий"))
    pairs = [ReviewPair.objects.create(organisation=org_a, person_a=a, person_b=s, score=0.9),
             ReviewPair.objects.create(organisation=org_a, person_a=a, person_b=b, score=0.8)]
    decide_cluster(pairs, dict.fromkeys((a.pk, s.pk, b.pk), 1), reviewer_a,
                   actor_for(reviewer_a))
    assert len(live((a, s, b))) == 1


@pytest.mark.django_db
def test_a_decided_pair_stops_the_whole_cluster_decision(triangle, reviewer_a):
    triangle["pairs"][2].status = "not_same"
    with pytest.raises(ValueError, match="already decided"):
        decide_cluster(triangle["pairs"], dict.fromkeys(
            (p.pk for p in triangle["persons"]), 1), reviewer_a, actor_for(reviewer_a))


@pytest.mark.django_db
def test_the_queue_page_decides_a_cluster_at_once(client, triangle, reviewer_a, org_a):
    bel, rus, lat = triangle["persons"]
    alone = ReviewPair.objects.create(
        organisation=org_a, person_a=make_person(org_a, name="Nasta Lojka"),
        person_b=make_person(org_a, name="Наста Лойка"), score=0.99)
    client.force_login(reviewer_a)
    page = client.get("/lists/review/").content.decode()
    assert "4 pairs to decide." in page and "They form 2 clusters" in page
    assert page.index("3 persons, 3 pairs") < page.index("Nasta Lojka")  # settles most first
    assert "All the same person" in page and f'name="group-{lat.pk}"' in page
    assert f'action="/lists/review/{alone.pk}/"' in page  # a single pair keeps its buttons
    ids = ",".join(str(p.pk) for p in triangle["pairs"])

    response = client.post("/lists/review/cluster/", {"pairs": ids, "decision": "groups",
                                                      f"group-{bel.pk}": "1",
                                                      f"group-{rus.pk}": "4"}, follow=True)
    assert "Give every person of the cluster a group number" in response.content.decode()
    assert set(ReviewPair.objects.values_list("status", flat=True)) == {"open"}

    client.post("/lists/review/cluster/", {"pairs": ids, "decision": "groups",
                                           f"group-{bel.pk}": "1", f"group-{rus.pk}": "1",
                                           f"group-{lat.pk}": "2"})
    assert live(triangle["persons"]) == [bel.pk, lat.pk]
    response = client.post("/lists/review/cluster/", {"pairs": ids, "decision": "same"},
                           follow=True)
    assert "Someone already decided part of this cluster" in response.content.decode()
    assert PersonMerge.objects.count() == 1
    page = client.get("/lists/review/").content.decode()
    assert "1 pair to decide." in page and "Bialiatski" not in page


@pytest.mark.django_db
def test_none_the_same_and_skip_on_the_page(client, triangle, reviewer_a):
    client.force_login(reviewer_a)
    ids = [p.pk for p in triangle["pairs"]]
    client.post("/lists/review/cluster/", {"pairs": f"{ids[0]},{ids[1]}",
                                           "decision": "not_same"})
    assert list(ReviewPair.objects.order_by("pk").values_list("status", flat=True)) == [
        "not_same", "not_same", "open"]
    assert not MatchDecision.objects.filter(same=True).exists()
    client.post("/lists/review/cluster/", {"pairs": str(ids[2]), "decision": "skipped"})
    assert ReviewPair.objects.get(pk=ids[2]).status == "skipped"
    assert MatchDecision.objects.count() == 2 and not PersonMerge.objects.exists()


@pytest.mark.django_db
def test_another_organisations_pairs_are_not_found(client, triangle, org_b):
    from tests.conftest import make_user
    from vigil.accounts.models import Role

    client.force_login(make_user("reviewer-b", org_b, Role.REVIEWER))
    ids = ",".join(str(p.pk) for p in triangle["pairs"])
    assert client.post("/lists/review/cluster/", {"pairs": ids,
                                                  "decision": "same"}).status_code == 404
    assert client.post("/lists/review/cluster/", {"pairs": "x",
                                                  "decision": "same"}).status_code == 404
    assert not PersonMerge.objects.exists()
