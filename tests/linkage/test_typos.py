"""The typos issue 10 lists, each found and handled as a typo (and not more)."""

from __future__ import annotations

from vigil.linkage import Record, link
from vigil.names import compare_parsed, parse_candidates, parse_name


def R(lst, rid, name, year=None):
    return Record(lst, rid, name, birth_year=year)


def pair(result, a, b):
    return next((p for p in result.pairs if (p.a, p.b) == (a, b)), None)


def test_a_lost_space_glues_two_words_and_is_repaired():
    parsed = parse_name("МіхайловаЗоя")
    assert (parsed.surname, parsed.given) == (("міхайлова",), "зоя")
    result = link([R("viasna", "1", "Міхайлова Зоя", 1980), R("local", "1", "МіхайловаЗоя",
                                                               1980)])
    assert result.cluster_of[0] == result.cluster_of[1]


def test_a_moved_space_splits_a_word_and_is_repaired():
    for typed in ("ПаўловічА нтон", "Паўлові чАнтон"):
        parsed = parse_name(typed)
        assert (parsed.surname, parsed.given) == (("паўловіч",), "антон"), typed
    assert parse_name("John McDonald").surname == ("mcdonald",)  # a Latin capital inside


def test_a_typo_in_the_given_name_is_read_as_a_given_name_not_a_second_surname():
    for typed in ("Пятроў Сяргй", "Климович Никоалй"):
        best = parse_candidates(typed)[0]
        assert len(best.surname) == 1 and best.given, typed
    c = compare_parsed(parse_candidates("Климович Николай"), parse_candidates("Климович Никоалй"))
    assert not c.conflicts and c.score >= 0.6


def test_swapped_first_letters_are_a_typo_not_another_surname():
    c = compare_parsed(parse_candidates("Климович Николай"), parse_candidates("Лкимович Николай"))
    assert not c.conflicts and c.score >= 0.85
    result = link([R("memorial", "1", "Климович Николай", 1955),
                   R("local", "1", "Лкимович Николай", 1955)])
    p = pair(result, 0, 1)
    assert p is not None and p.levels["name"] == "strong"
    assert result.cluster_of[0] == result.cluster_of[1] or p in result.review


def test_a_typo_on_a_record_without_a_birth_year_is_compared():
    result = link([R("memorial", "1", "Климович Николай", 1955),
                   R("local", "1", "Клиович Николай")])
    assert result.stats["pairs_scored"] == 1  # compared (it met no block before)
    assert result.cluster_of[0] != result.cluster_of[1]  # never merged on the name alone


def test_two_different_rare_surnames_are_never_merged_on_the_name_alone():
    """Лабковіч ~ Lachavič, Пратасевіч ~ Prakapavich: their keys are a typo apart, so the
    comparison calls them similar; without agreeing birth data they reach at most a reviewer."""
    for a, b in (("Лабковіч Андрэй", "Andrei Lachavič"), ("Пратасевіч Раман",
                                                         "Raman Prakapavich")):
        result = link([R("viasna", "1", a, 1990), R("pen", "1", b)])
        assert result.cluster_of[0] != result.cluster_of[1], (a, b)
