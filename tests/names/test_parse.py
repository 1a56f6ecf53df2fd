import pytest

from vigil.names import parse_name


@pytest.mark.parametrize(
    "text, surname, given, patronymic, order",
    [
        ("Бяляцкі Алесь Віктаравіч", ("бяляцкі",), "алесь", "віктаравіч", "surname-first"),
        ("Алесь Віктаравіч Бяляцкі", ("бяляцкі",), "алесь", "віктаравіч", "given-first"),
        ("Ales Bialiatski", ("bialiatski",), "ales", None, "given-first"),
        ("Bialiatski Ales", ("bialiatski",), "ales", None, "surname-first"),
        ("Клімовіч Мікалай", ("клімовіч",), "мікалай", None, "surname-first"),
        ("Mikalay Klimovich", ("klimovich",), "mikalay", None, "given-first"),
        ("Иванов Иван Иванович", ("иванов",), "иван", "иванович", "surname-first"),
        ("Чэкіна Людміла Іванаўна", ("чэкіна",), "людміла", "іванаўна", "surname-first"),
        ("Корбут-Чарнецкая Марыя", ("корбут", "чарнецкая"), "марыя", None, "surname-first"),
        ("Nasta Lojka", ("lojka",), "nasta", None, "given-first"),
    ],
)
def test_parse(text, surname, given, patronymic, order):
    p = parse_name(text)
    assert (p.surname, p.given, p.patronymic, p.order) == (surname, given, patronymic, order)


def test_initials():
    p = parse_name("Бяляцкі А. В.")
    assert p.surname == ("бяляцкі",) and p.initials == ("а", "в")
    assert p.given_initial == "а" and p.patronymic_initial == "в"
    assert parse_name("Бяляцкі А.В.").initials == ("а", "в")
    assert parse_name("A. Bialiatski").surname == ("bialiatski",)


def test_surname_alone():
    assert parse_name("Бяляцкі").surname == ("бяляцкі",)


def test_empty():
    assert parse_name("").surname == ()


def test_a_space_in_the_wrong_place_is_repaired():
    from vigil.names.parse import repair_spacing

    assert repair_spacing("ПаўловічА нтон") == "Паўловіч Антон"
    assert repair_spacing("Паўлові чАнтон") == "Паўловіч Антон"
    assert repair_spacing("МіхайловаЗоя Іванаўна") == "Міхайлова Зоя Іванаўна"
    for untouched in ("БЯЛЯЦКІ АЛЕСЬ", "Бяляцкі А. В.", "Іваноў-Пятроў Іван", "John McDonald"):
        assert repair_spacing(untouched) == untouched
