"""Linking: the statement's names link, namesakes and fathers and sons do not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.linkage import Decision, Merging, Policy, Record, link, parse_date

STRICT = Policy(merging=Merging.STRICT)
PERMISSIVE = Policy(merging=Merging.PERMISSIVE)


def R(lst, rid, name, year=None, date=None, **kw):
    return Record(lst, rid, name, birth_year=year,
                  birth_date=parse_date(date) if date else None, **kw)


VIASNA = [
    R("viasna", "1", "Бяляцкі Алесь Віктаравіч", 1962, region="Гомель", articles=("228",)),
    R("viasna", "2", "Клімовіч Мікалай", 1955, region="Мінск"),
    R("viasna", "3", "Золатава Марына Уладзіміраўна", 1977, region="Мінск"),
    R("viasna", "4", "Чэкіна Людміла", 1954, region="Мінск"),
    R("viasna", "5", "Луцкіна Ксенія", 1984),
    R("viasna", "6", "Лойка Наста", 1984, articles=("342",)),
    R("viasna", "7", "Іваноў Іван Пятровіч", 1960),
]
RUSSIAN = [
    R("memorial", "a", "Беляцкий Александр Викторович", date="25.09.1962",
      region="Гомельская область"),
    R("memorial", "b", "Климович Николай", 1955, region="Минск"),
    R("memorial", "c", "Золотова Марина Владимировна", 1977),
    R("memorial", "d", "Чекина Людмила", 1954),
    R("memorial", "e", "Луцкина Ксения", 1984),
    R("memorial", "f", "Лойко Анастасия", 1984, articles=("342",)),
    R("memorial", "g", "Иванов Иван Иванович", 1985),  # the son
]
CPJ = [
    R("cpj", "x1", "Ales Bialiatski", 1962),
    R("cpj", "x2", "Mikalai Klimovich", 1955),
    R("cpj", "x3", "Maryna Zolatava", 1977),
    R("cpj", "x4", "Liudmila Chekina", 1954),
    R("cpj", "x5", "Ksenia Lutskina", 1984),
    R("cpj", "x6", "Nasta Lojka", 1984),
]

PERSONS = {
    "bialiatski": ["viasna/1", "memorial/a", "cpj/x1"],
    "klimovich": ["viasna/2", "memorial/b", "cpj/x2"],
    "zolatava": ["viasna/3", "memorial/c", "cpj/x3"],
    "chekina": ["viasna/4", "memorial/d", "cpj/x4"],
    "lutskina": ["viasna/5", "memorial/e", "cpj/x5"],
    "lojka": ["viasna/6", "memorial/f", "cpj/x6"],
}


def clusters(result):
    by = {}
    for i, r in enumerate(result.records):
        by.setdefault(result.cluster_of[i], set()).add(r.label())
    return {frozenset(c) for c in by.values()}


def test_three_lists_give_the_right_persons():
    result = link(VIASNA + RUSSIAN + CPJ)
    got = clusters(result)
    for name, members in PERSONS.items():
        assert frozenset(members) in got, (name, got)
    # the father (1960) and the son (1985) stay apart
    assert frozenset({"viasna/7"}) in got
    assert frozenset({"memorial/g"}) in got


def test_every_record_gets_a_cluster():
    result = link(VIASNA + RUSSIAN + CPJ)
    assert len(result.cluster_of) == len(VIASNA + RUSSIAN + CPJ)
    assert result.stats["clusters"] == len(PERSONS) + 2


def test_same_name_different_birth_years_do_not_link():
    result = link([R("a", "1", "Іваноў Іван", 1960), R("b", "1", "Иванов Иван", 1985)])
    assert result.cluster_of[0] != result.cluster_of[1]
    assert not result.review  # namesakes of different ages are not worth a reviewer's time


def test_father_and_son_do_not_link_even_without_birth_years():
    result = link([R("a", "1", "Бяляцкі Алесь Віктаравіч"),
                   R("b", "1", "Бяляцкі Алесь Алесевіч")])
    assert result.cluster_of[0] != result.cluster_of[1]
    assert not result.review


def test_the_strict_policy_never_merges_on_a_name_alone():
    result = link([R("a", "1", "Алесь Бяляцкі"), R("b", "1", "Ales Bialiatski")], policy=STRICT)
    assert result.cluster_of[0] != result.cluster_of[1]
    assert len(result.review) == 1
    assert "name alone" in result.review[0].reason


def test_disagreeing_birth_dates_never_merge():
    result = link([R("a", "1", "Алесь Бяляцкі", date="1962-09-25", region="Гомель"),
                   R("b", "1", "Ales Bialiatski", date="1962-09-26", region="Homiel")])
    assert result.cluster_of[0] != result.cluster_of[1]


def test_reviewer_same_wins():
    records = [R("a", "1", "Алесь Бяляцкі"), R("b", "1", "Ales Bialiatski", 1962),
               R("c", "1", "Бяляцкі Алесь", 1963)]
    result = link(records, [Decision(("a", "1"), ("b", "1"), True, who="anna"),
                            Decision(("b", "1"), ("c", "1"), True)])
    assert len(set(result.cluster_of)) == 1  # even across disagreeing birth years
    assert any("reviewer said: the same person by anna" in line
               for p in result.links for line in p.explanation)


def test_reviewer_not_the_same_is_never_merged():
    records = [R("a", "1", "Алесь Бяляцкі", 1962), R("b", "1", "Ales Bialiatski", 1962)]
    assert link(records).cluster_of[0] == link(records).cluster_of[1]
    result = link(records, [Decision(("b", "1"), ("a", "1"), False)])
    assert result.cluster_of[0] != result.cluster_of[1]
    assert not result.review


def test_not_the_same_blocks_transitive_merges():
    records = [R("a", "1", "Алесь Бяляцкі", 1962), R("b", "1", "Ales Bialiatski", 1962),
               R("c", "1", "Беляцкий Александр", 1962)]
    result = link(records, [Decision(("a", "1"), ("c", "1"), False)])
    assert result.cluster_of[0] != result.cluster_of[2]


def test_one_record_per_list():
    records = [R("a", "1", "Алесь Бяляцкі", 1962), R("a", "2", "Алесь Бяляцкі", 1962),
               R("b", "1", "Ales Bialiatski", 1962)]
    result = link(records)
    assert result.cluster_of[0] != result.cluster_of[1]
    assert result.review  # the second namesake in list a goes to a reviewer


def test_explanations():
    result = link(VIASNA[:1] + RUSSIAN[:1])
    (p,) = result.links
    text = " ".join(p.explanation)
    assert "same phonetic key" in text and "birth year: 1962 = 1962" in text
    assert "region: Гомель = Гомельская область" in text
    assert "= memorial/a" in result.explain_record(0)


def test_weights_are_learnt():
    result = link(VIASNA + RUSSIAN + CPJ)
    assert result.m["name"]["equivalent"] > result.u["name"]["equivalent"]
    assert result.m["birth"]["conflict"] < result.u["birth"]["conflict"]
    assert 0 < result.match_rate < 1


def test_blocking_keeps_pairs_few():
    stems = [a + b for a in ("Бар", "Кав", "Лук", "Мар", "Нов", "Сав", "Тар", "Шап", "Жук", "Гар")
             for b in ("ан", "ол", "ус", "ір", "ет")]
    records = [R("l", str(i), f"{stems[i % 50]}ёнак Ігар", 1950 + i % 40) for i in range(400)]
    result = link(records, policy=Policy())
    assert result.stats["candidate_pairs"] < 400 * 399 / 2 / 10


NAMES = ["Бяляцкі Алесь", "Ales Bialiatski", "Беляцкий Александр", "Клімовіч Мікалай",
         "Nikolai Klimovich", "Лойка Наста", "Nasta Lojka"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from([None, 1962, 1984])),
                min_size=2, max_size=8),
       st.data())
def test_a_stored_not_the_same_is_never_merged(rows, data):
    records = [R(f"l{i}", "1", name, year) for i, (name, year) in enumerate(rows)]
    i = data.draw(st.integers(0, len(records) - 1))
    j = data.draw(st.integers(0, len(records) - 1).filter(lambda x: x != i))
    result = link(records, [Decision(records[i].key, records[j].key, False)])
    assert result.cluster_of[i] != result.cluster_of[j]


def test_optional_corroboration_without_birth_data():
    records = [R("a", "1", "Алесь Бяляцкі", region="Гомель", articles=("243",),
                 detained_on=parse_date("2021-07-14")),
               R("b", "1", "Ales Bialiatski", region="Homiel", articles=("243",),
                 detained_on=parse_date("2021-07-14"))]
    strict = link(records, policy=STRICT)
    assert strict.cluster_of[0] != strict.cluster_of[1]
    relaxed = link(records, policy=PERMISSIVE)
    assert relaxed.cluster_of[0] == relaxed.cluster_of[1]
    alone = link([R("a", "1", "Алесь Бяляцкі"), R("b", "1", "Ales Bialiatski")],
                 policy=PERMISSIVE)
    assert alone.cluster_of[0] != alone.cluster_of[1]  # never on a name alone


def test_a_stored_model_is_reused():
    import json

    from vigil.linkage import Model

    big = link(VIASNA + RUSSIAN + CPJ)
    stored = json.dumps(big.model.to_dict())
    model = Model.from_dict(json.loads(stored))
    small = link([R("a", "1", "Алесь Бяляцкі", 1962), R("b", "1", "Ales Bialiatski", 1962)],
                 model=model)
    assert small.m == big.m and small.match_rate == big.match_rate
    assert small.cluster_of[0] == small.cluster_of[1]


def test_a_broken_model_is_refused():
    import pytest

    from vigil.linkage import Model

    with pytest.raises(ValueError):
        Model.from_dict({"m": {}, "u": {}, "match_rate": 0.2})


def test_maiden_name_links():
    result = link([R("a", "1", "Иванова (Петрова) Мария", 1970),
                   R("b", "1", "Петрова Мария", 1970)])
    assert result.cluster_of[0] == result.cluster_of[1]


def test_an_unambiguous_name_links_under_the_permissive_policy_not_the_strict_one():
    records = VIASNA + [R("pen", "p1", "Ales Bialiatski")]  # no birth data, nothing else
    strict = link(records, policy=STRICT)
    assert strict.cluster_of[0] != strict.cluster_of[-1]  # DESIGN §5: never on a name alone
    permissive = link(records, policy=PERMISSIVE)
    assert permissive.cluster_of[0] == permissive.cluster_of[-1]
    pair = next(p for p in permissive.links if len(records) - 1 in (p.a, p.b))
    assert "only person with birth data" in pair.reason


def test_a_name_two_people_share_is_never_linked_without_birth_data():
    father_and_son = [R("viasna", "1", "Іваноў Іван Пятровіч", 1960),
                      R("viasna", "2", "Іваноў Іван Іванавіч", 1985),
                      R("cpj", "x", "Ivan Ivanov")]
    result = link(father_and_son, policy=PERMISSIVE)
    assert len(set(result.cluster_of)) == 3
    assert any({p.a, p.b} & {2} for p in result.review)  # left to a reviewer


def test_two_records_without_birth_data_never_join_on_their_own():
    result = link([R("pen", "1", "Алесь Бяляцкі"), R("cpj", "1", "Ales Bialiatski")],
                  policy=PERMISSIVE)
    assert result.cluster_of[0] != result.cluster_of[1]


def test_a_disagreeing_field_or_an_initial_stops_a_link_on_the_name():
    base = [R("viasna", "1", "Бяляцкі Алесь Віктаравіч", 1962, region="Гомель")]
    elsewhere = link(base + [R("cpj", "x", "Ales Bialiatski", region="Brest")],
                     policy=PERMISSIVE)
    assert elsewhere.cluster_of[0] != elsewhere.cluster_of[1]
    initial = link(base + [R("cpj", "x", "A. Bialiatski")], policy=PERMISSIVE)
    assert initial.cluster_of[0] != initial.cluster_of[1]


def pairs_by_label(records):
    """The scored pairs of `records` linked, by the two records' labels."""
    result = link(records)
    return {(result.records[p.a].label(), result.records[p.b].label()): p for p in result.pairs}


def test_a_rare_surname_is_stronger_evidence_than_a_common_one():
    given = ["Іван", "Пётр", "Сяргей", "Андрэй", "Мікалай", "Аляксандр", "Уладзімір", "Юрый"]
    common = [R("viasna", f"i{k}", f"Іваноў {g}", 1950 + k) for k, g in enumerate(given)]
    common += [R("memorial", f"i{k}", f"Иванов {g}", 1950 + k) for k, g in enumerate(
        ["Иван", "Пётр", "Сергей", "Андрей", "Николай", "Александр", "Владимир", "Юрий"])]
    rare = [R("viasna", "b", "Бяляцкі Алесь", 1962), R("memorial", "b", "Беляцкий Алесь", 1962)]
    by_label = pairs_by_label(common + rare)
    ivanov = by_label["viasna/i0", "memorial/i0"]
    bialiatski = by_label["viasna/b", "memorial/b"]
    assert ivanov.levels == bialiatski.levels  # the same evidence, field by field
    assert bialiatski.probability > ivanov.probability
    assert any("how common the surname and the given name are" in line
               for line in bialiatski.explanation)


def test_a_rare_given_name_is_stronger_evidence_than_a_common_one():
    surnames = [("Лосік", "Лосик"), ("Клімовіч", "Климович"), ("Казлоў", "Козлов"),
                ("Новік", "Новик"), ("Лабковіч", "Лобкович"), ("Пратасевіч", "Протасевич"),
                ("Бабарыка", "Бабарико"), ("Статкевіч", "Статкевич")]
    common = [R("viasna", f"a{k}", f"{be} Аляксандр", 1960 + k) for k, (be, _) in enumerate(
        surnames)]
    common += [R("memorial", f"a{k}", f"{ru} Александр", 1960 + k) for k, (_, ru) in enumerate(
        surnames)]
    rare = [R("viasna", "b", "Бяляцкі Ігнат", 1962), R("memorial", "b", "Беляцкий Игнат", 1962)]
    by_label = pairs_by_label(common + rare)
    aliaksandr = by_label["viasna/a0", "memorial/a0"]
    ihnat = by_label["viasna/b", "memorial/b"]
    assert aliaksandr.levels == ihnat.levels
    assert ihnat.probability > aliaksandr.probability
