import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.names import SYSTEMS, compare_names, romanise

SAME = [
    ("Бяляцкі Алесь", "Ales Bialiatski"),
    ("Алесь Бяляцкі", "Беляцкий Александр"),
    ("Bialiatski Ales", "Belyatskiy Aleksandr"),
    ("Мікалай Клімовіч", "Николай Климович"),
    ("Мікалай Клімовіч", "Mikalay Klimovich"),
    ("Николай Климович", "Mikalai Klimovich"),
    ("Марына Золатава", "Марина Золотова"),
    ("Maryna Zolatava", "Marina Zolotova"),
    ("Людміла Чэкіна", "Lyudmila Chekina"),
    ("Людмила Чекина", "Liudmila Chekina"),
    ("Ксенія Луцкіна", "Ksenia Lutskina"),
    ("Ксения Луцкина", "Ксенія Луцкіна"),
    ("Наста Лойка", "Nasta Lojka"),
    ("Лойка Наста", "Anastasia Loika"),
    ("Бяляцкі Алесь Віктаравіч", "Беляцкий Александр Викторович"),
    ("Kolya Ivanov", "Николай Иванов"),
]


@pytest.mark.parametrize("a, b", SAME)
def test_same_person_names_score_high(a, b):
    c = compare_names(a, b)
    assert c.score >= 0.9, c.explanation
    assert not c.conflicts


def test_explanations_are_readable():
    c = compare_names("Алесь Бяляцкі", "Беляцкий Александр")
    assert "surname: Бяляцкі ≈ Беляцкий (same phonetic key balatk)" in c.explanation
    assert "given name: Алесь = Александр (equivalent class aleksandr)" in c.explanation
    c = compare_names("Бяляцкі Алесь", "Ales Bialiatski")
    assert "given name: Алесь = Ales (equivalent class aleksandr)" in c.explanation


def test_initials_fit():
    c = compare_names("Бяляцкі А. В.", "Ales Bialiatski")
    assert c.score > 0.8
    assert any("initial А. fits" in line for line in c.explanation)
    assert compare_names("Бяляцкі П.", "Ales Bialiatski").conflicts == ("initial",)


def test_father_and_son_conflict_on_patronymic():
    c = compare_names("Бяляцкі Алесь Віктаравіч", "Бяляцкі Алесь Алесевіч")
    assert "patronymic" in c.conflicts
    assert c.score < 0.5


def test_different_given_names():
    c = compare_names("Іваноў Іван", "Іваноў Пётр")
    assert c.conflicts == ("given",) and c.score < 0.3


def test_different_surnames():
    assert compare_names("Іваноў Іван", "Пятроў Іван").score < 0.3


def test_man_and_woman():
    c = compare_names("Іваноў Іван", "Іванова Ганна")
    assert c.score < 0.2
    assert "surname-gender" in c.conflicts


def test_surname_only_is_weaker():
    assert compare_names("Bialiatski", "Алесь Бяляцкі").score < 0.85


NAMES = [
    "Бяляцкі Алесь Віктаравіч", "Мікалай Клімовіч", "Марына Золатава", "Людміла Чэкіна",
    "Ксенія Луцкіна", "Наста Лойка", "Николай Климович", "Марина Золотова",
    "Ціханоўская Святлана Георгіеўна", "Колесникова Мария Александровна", "Лосік Ігар",
    "Пачобут Андрэй", "Бабарыка Віктар Дзмітрыевіч", "Статкевіч Мікола", "Знак Максім",
    "Хаменка Уладзіслаў", "Ярашук Аляксандр", "Лосик Игорь", "Аляксей Сапега",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(sorted(SYSTEMS)))
def test_a_name_matches_its_own_romanisations(name, system):
    c = compare_names(name, romanise(name, system))
    assert c.score >= 0.85, (romanise(name, system), c.explanation)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(NAMES + [s for pair in SAME for s in pair]),
       st.sampled_from(NAMES + [s for pair in SAME for s in pair]))
def test_comparison_is_symmetric(a, b):
    assert compare_names(a, b).score == compare_names(b, a).score


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_comparison_of_any_text(a, b):
    c = compare_names(a, b)
    assert 0.0 <= c.score <= 1.0
    assert c.score == compare_names(b, a).score


def test_maiden_name_in_parentheses():
    c = compare_names("Иванова (Петрова) Мария Ивановна", "Петрова Мария")
    assert c.score > 0.9 and not c.conflicts
    assert "in parentheses" in c.explanation[0]
    assert compare_names("Іванова Марыя", "Петрова Мария").score < 0.3


_SURNAMES = ["Бяляцкі", "Беляцкий", "Клімовіч", "Лосік", "Пачобут", "Кавалёў", "Шаўчэнка",
             "Ярашэвіч", "Мядзведзеў", "Лябедзька", "Почобут", "Ковалёв", "Медведев"]


@st.composite
def _names(draw):
    from vigil.names import GIVEN_NAME_CLASSES

    cls = draw(st.sampled_from(sorted(GIVEN_NAME_CLASSES)))
    forms = [f for lang in ("be", "ru", "uk") for f in GIVEN_NAME_CLASSES[cls].forms.get(lang, ())]
    given_name = draw(st.sampled_from(forms))
    surname = draw(st.sampled_from(_SURNAMES))
    return draw(st.sampled_from([f"{surname} {given_name}", f"{given_name} {surname}"]))


@settings(max_examples=150, deadline=None)
@given(_names(), st.sampled_from(sorted(SYSTEMS)))
def test_table_names_match_their_romanisations(name, system):
    c = compare_names(name, romanise(name, system))
    assert c.score >= 0.85, (name, romanise(name, system), c.explanation)


def test_the_first_two_letters_swapped_are_one_typo():
    from vigil.names.compare import _typo_distance

    assert _typo_distance("klimavith", "lkimavith") == 1
    assert _typo_distance("klimavith", "blimavith") == 99  # another first letter: no typo
