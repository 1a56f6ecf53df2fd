"""The `articles` and `sentence` cells of a list, in the forms lists write them."""

import pytest

from vigil.lists.values import Charge, Sentence, parse_articles, parse_sentence


@pytest.mark.parametrize("text, expected", [
    ("342 ч.1", [Charge("342", "1")]),
    ("ст. 130 ч. 3", [Charge("130", "3")]),
    ("361-1 part 2", [Charge("361-1", "2")]),
    ("ч.2 ст.342", [Charge("342", "2")]),
    ("ч. 2 ст. 228, ч. 2 ст. 243", [Charge("228", "2"), Charge("243", "2")]),
    ("342, 361-1", [Charge("342"), Charge("361-1")]),
    ("ч.1,2 ст.342", [Charge("342", "1"), Charge("342", "2")]),
    ("ч. 1 и 2 ст. 130", [Charge("130", "1"), Charge("130", "2")]),
    ("ст. 342 ч. 2 и ч. 3", [Charge("342", "2"), Charge("342", "3")]),
    ("342 ч. 2, ч. 1 ст. 361", [Charge("342", "2"), Charge("361", "1")]),
    ("ст.ст. 342, 361-1 УК РБ", [Charge("342"), Charge("361-1")]),
    ("ст. 342 (грубое нарушение общественного порядка)", [Charge("342")]),
    ("Art. 342 part 1 of the Criminal Code", [Charge("342", "1")]),
    ("ч. 1 арт. 342 КК", [Charge("342", "1")]),
    ("342, 342", [Charge("342")]),
])
def test_articles_keep_their_parts(text, expected):
    assert list(parse_articles(text)) == expected


@pytest.mark.parametrize("text, problem", [
    ("хулиганство", "cannot read 'хулиганство'"),
    ("ч. 2", "a part without its article"),
    ("ст.", "an article number is missing"),
])
def test_unreadable_articles_are_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_articles(text)


@pytest.mark.parametrize("text, expected", [
    ("5 years", Sentence("imprisonment", 60)),
    ("3 years 6 months", Sentence("imprisonment", 42)),
    ("2 г.", Sentence("imprisonment", 24)),
    ("5 гадоў", Sentence("imprisonment", 60)),
    ("restricted freedom 3 years", Sentence("restricted_freedom", 36)),
    ("life", Sentence("life")),
    ("пажыццёвае пазбаўленне волі", Sentence("life")),
    ("3 года 6 мес.", Sentence("imprisonment", 42)),
    ("1 год и 6 месяцев лишения свободы", Sentence("imprisonment", 18)),
    ("2,5 года", Sentence("imprisonment", 30)),
    ("8 лет колонии усиленного режима", Sentence("imprisonment", 96, "enhanced")),
    ("5 years general regime colony", Sentence("imprisonment", 60, "general")),
    ("колония-поселение 2 года", Sentence("imprisonment", 24, "settlement")),
    ("2 года условно", Sentence("suspended", 24)),
    ("3 гады хатняй хіміі", Sentence("restricted_freedom", 36)),
    ("2 года ограничения свободы с направлением в исправительное учреждение открытого типа",
     Sentence("restricted_freedom", 24)),
    ("штраф 200 базовых величин", Sentence("fine")),
    ("5 лет, штраф 100 БВ", Sentence("imprisonment", 60)),
    ("6 months arrest", Sentence("arrest", 6)),
])
def test_sentences_in_three_languages(text, expected):
    assert parse_sentence(text) == expected


@pytest.mark.parametrize("text, problem", [
    ("5", "5 what"),
    ("15 суток", "not days"),
    ("life 5 years", "a life sentence has no length"),
    ("40 years", "longer than 30 years"),
    ("pending", "cannot read 'pending'"),
    ("5 лет усиленного и строгого режима", "two regimes"),
    ("1,3 года", "not a whole number of months"),
    ("restricted freedom strict regime", "a regime belongs to imprisonment"),
])
def test_unreadable_sentences_are_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_sentence(text)


def test_empty_cells_are_no_value():
    assert parse_articles("  ") == () and parse_sentence("") is None
