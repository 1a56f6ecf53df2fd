"""The merge policy of DESIGN §5 (revised), the default: what merges on a name alone, what a
reviewer must see, and what never merges."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.linkage import Decision, Merging, Policy, Record, Rule, link, parse_date

STRICT = Policy(merging=Merging.STRICT)


def R(lst, rid, name, year=None, date=None, **kw):
    return Record(lst, rid, name, birth_year=year,
                  birth_date=parse_date(date) if date else None, **kw)


def one_person(result, indices=None) -> bool:
    indices = range(len(result.records)) if indices is None else indices
    return len({result.cluster_of[i] for i in indices}) == 1


# DESIGN §5's spellings and the statement's people, as three lists would write them, without
# any birth data
SPELLINGS = [
    ("Мікалай Клімовіч", "Николай Климович", "Mikalay Klimovich"),
    ("Марына Золатава", "Марина Золотова", "Maryna Zolatava"),
    ("Алесь Бяляцкі", "Алесь Беляцкий", "Ales Bialiatski"),
    ("Наста Лойка", "Настя Лойко", "Nasta Loika"),
    ("Ксенія Луцкіна", "Ксения Луцкина", "Ksenia Lutskina"),
    ("Людміла Чэкіна", "Людмила Чекина", "Liudmila Chekina"),
]


def test_an_unambiguous_full_name_in_three_scripts_links_without_birth_data():
    records = [R(lst, str(k), names[j]) for k, names in enumerate(SPELLINGS)
               for j, lst in enumerate(("viasna", "memorial", "cpj"))]
    result = link(records)
    for k in range(len(SPELLINGS)):
        assert one_person(result, [3 * k, 3 * k + 1, 3 * k + 2]), SPELLINGS[k]
    assert result.stats["clusters"] == len(SPELLINGS)
    # every such merge says which rule carried it, and can be listed to confirm in bulk
    assert {p.rule for p in result.links} == {Rule.UNIQUE_NAME}
    assert len(result.name_only_links) == len(result.links) == 2 * len(SPELLINGS)
    assert all("rule: unambiguous full name" in p.explanation[0] for p in result.links)
    # the first policy never merged them
    assert link(records, policy=STRICT).stats["clusters"] == len(records)


def test_a_name_two_persons_share_does_not_merge_on_its_own():
    records = [R("viasna", "1", "Іваноў Іван", 1960), R("viasna", "2", "Іваноў Іван", 1985),
               R("cpj", "x", "Ivan Ivanov")]
    result = link(records)
    assert len(set(result.cluster_of)) == 3
    # the Latin record could be either man: both pairs go to a reviewer
    assert {(p.a, p.b) for p in result.review} == {(0, 2), (1, 2)}
    assert all("shared by two records of viasna" in p.reason for p in result.review)


def test_a_namesake_in_another_list_with_another_age_makes_the_name_ambiguous():
    records = [R("registry", "1", "Алесь Бяляцкі", 1962), R("memorial", "1", "Алесь Беляцкий",
                                                               1990),
               R("cpj", "x", "Ales Bialiatski")]
    result = link(records)
    assert len(set(result.cluster_of)) == 3
    assert any("born in 1962 and 1990" in p.reason for p in result.review)


def test_a_name_and_year_shared_by_two_records_of_one_list_goes_to_review():
    records = [R("viasna", "1", "Іваноў Іван", 1980), R("viasna", "2", "Іваноў Іван", 1980),
               R("memorial", "a", "Иванов Иван", 1980, region="Мінск")]
    for policy in (Policy(), Policy(auto_threshold=0.5)):
        result = link(records, policy=policy)
        assert len(set(result.cluster_of)) == 3
        assert result.review and all("with birth year 1980 is shared by two records of "
                                     "viasna" in p.reason for p in result.review)


def test_a_chain_through_a_record_that_says_little_does_not_join_disagreeing_records():
    """Nothing may disagree within a person the name alone joins: two namesakes detained
    years apart stay two persons though a third list, naming one of them without any date,
    fits both."""
    records = [R("viasna", "1", "Бяляцкі Алесь", detained_on=parse_date("2021-07-14")),
               R("lacinka", "1", "Bialacki Aleś"),
               R("cpj", "x", "Ales Bialiatski", detained_on=parse_date("2011-08-04"))]
    result = link(records)
    assert not one_person(result, [0, 2])
    assert one_person(result, [0, 1]) or one_person(result, [1, 2])
    assert any("detention dates" in p.reason and "disagree" in p.reason
               for p in result.review)


@settings(max_examples=30, deadline=None)
@given(st.integers(1940, 2000), st.integers(2, 40), st.sampled_from(list(Merging)),
       st.sampled_from(SPELLINGS))
def test_the_same_name_with_birth_years_two_or_more_apart_never_links(year, gap, merging,
                                                                      names):
    records = [R("viasna", "1", names[0], year), R("memorial", "1", names[1], year + gap),
               R("cpj", "1", names[2])]
    result = link(records, policy=Policy(merging=merging))
    assert result.cluster_of[0] != result.cluster_of[1]


def test_a_birth_year_one_apart_is_a_slip_when_the_name_is_unambiguous():
    records = [R("viasna", "1", "Бяляцкі Алесь", 1962), R("memorial", "1", "Беляцкий Алесь",
                                                              1963)]
    result = link(records)
    assert one_person(result)
    assert result.links[0].rule == Rule.YEAR_SLIP
    assert "one apart" in " ".join(result.links[0].explanation)
    assert not one_person(link(records, policy=STRICT))


def test_a_slip_is_no_slip_when_the_name_is_shared():
    records = [R("viasna", "1", "Іваноў Іван", 1962), R("viasna", "2", "Іваноў Іван", 1990),
               R("memorial", "1", "Иванов Иван", 1963)]
    result = link(records)
    assert len(set(result.cluster_of)) == 3


def test_a_disagreeing_field_or_an_initial_stops_a_merge_on_the_name():
    base = [R("viasna", "1", "Бяляцкі Алесь Віктаравіч", region="Гомель")]
    assert not one_person(link(base + [R("cpj", "x", "Ales Bialiatski", region="Brest")]))
    assert not one_person(link(base + [R("cpj", "x", "A. Bialiatski")]))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([n for names in SPELLINGS[:3] for n in names]),
                          st.sampled_from([None, 1962, 1963, 1984])), min_size=2, max_size=7),
       st.data())
def test_a_stored_not_the_same_is_never_merged_under_any_policy(rows, data):
    records = [R(f"l{i}", "1", name, year) for i, (name, year) in enumerate(rows)]
    i = data.draw(st.integers(0, len(records) - 1))
    j = data.draw(st.integers(0, len(records) - 1).filter(lambda x: x != i))
    merging = data.draw(st.sampled_from(list(Merging)))
    result = link(records, [Decision(records[i].key, records[j].key, False)],
                  policy=Policy(merging=merging))
    assert result.cluster_of[i] != result.cluster_of[j]


def test_a_name_only_merge_confirmed_or_refused_by_a_reviewer():
    records = [R("viasna", "1", "Алесь Бяляцкі"), R("cpj", "1", "Ales Bialiatski")]
    (p,) = link(records).name_only_links
    refused = link(records, [Decision(records[0].key, records[1].key, False)])
    assert not one_person(refused) and not refused.name_only_links
    confirmed = link(records, [Decision(records[0].key, records[1].key, True)])
    assert one_person(confirmed) and confirmed.links[0].rule == Rule.REVIEWER


def test_two_different_rare_surnames_are_not_taken_for_a_typo_on_the_name_alone():
    records = [R("memorial", "1", "Маркотко Александр Анатольевич", 1970),
               R("lacinka", "1", "Markakka Alaksandr", 1970)]
    result = link(records)
    assert not one_person(result)
    assert [(p.a, p.b) for p in result.review] == [(0, 1)]  # a reviewer decides
    undated = link([records[0], R("lacinka", "1", "Markakka Alaksandr Anatolevich")])
    assert not one_person(undated)
