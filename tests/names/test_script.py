import pytest

from vigil.names import detect, detect_word


@pytest.mark.parametrize(
    "word, script, language",
    [
        ("Бяляцкі", "cyrillic", "be"),
        ("Іваноў", "cyrillic", "be"),
        ("Вераб’ёў", "cyrillic", "be"),
        ("Беляцкий", "cyrillic", "ru"),
        ("Щукин", "cyrillic", "ru"),
        ("Подъячев", "cyrillic", "ru"),
        ("Їжак", "cyrillic", "uk"),
        ("Євген", "cyrillic", "uk"),
        ("Ґалаґан", "cyrillic", "uk"),
        ("Klimovič", "latin", "be"),
        ("Łukašenka", "latin", "be"),
        ("Bialiatski", "latin", "be"),
        ("Belyatskiy", "latin", "ru"),
        ("Wiktor", "latin", "pl"),
    ],
)
def test_detect_word(word, script, language):
    guess = detect_word(word)
    assert (guess.script, guess.language) == (script, language)


def test_undecided_cyrillic_keeps_both_languages():
    guess = detect_word("Марына")
    assert guess.script == "cyrillic" and guess.language is None
    assert set(guess.languages) == {"be", "ru"}


def test_lacinka_flag():
    assert detect_word("Mikałaj").lacinka
    assert not detect_word("Mikalai").lacinka


def test_name_level():
    assert detect("Алесь Бяляцкі").language == "be"
    assert detect("Николай Климович").language == "ru"
    assert detect("Алесь Bialiatski").script == "mixed"
    assert detect("").script == "empty"
    assert detect("小明").script == "other"
