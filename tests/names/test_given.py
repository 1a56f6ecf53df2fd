import csv
from importlib import resources

import pytest

from vigil.names import GIVEN_NAME_CLASSES, given_classes, lookup_given, patronymic_classes

EQUIVALENT = {
    "nikolai": ["Мікалай", "Николай", "Mikalai", "Mikalay", "Nikolai", "Mikola", "Микола",
                "Mikołaj", "Nikolay", "Коля"],
    "aleksandr": ["Алесь", "Аляксандр", "Александр", "Ales", "Aliaksandr", "Alexander",
                  "Aleksandr", "Oleksandr", "Aleś"],
    "anastasia": ["Наста", "Настя", "Анастасия", "Анастасія", "Nasta", "Anastasia",
                  "Anastasiya", "Nastassia"],
    "ekaterina": ["Кацярына", "Екатерина", "Katsiaryna", "Ekaterina", "Katerina",
                  "Yekaterina", "Kaciaryna", "Катя"],
    "igor": ["Ігар", "Игорь", "Ihar", "Igor", "Ігор", "Ihor"],
    "vladimir": ["Уладзімір", "Владимир", "Uladzimir", "Vladimir", "Володимир", "Volodymyr",
                 "Вова"],
    "lyudmila": ["Людміла", "Людмила", "Liudmila", "Lyudmila", "Ludmila", "Люда"],
    "ksenia": ["Ксенія", "Ксения", "Ksenia", "Kseniya", "Kseniia", "Ксюша"],
    "sergei": ["Сяргей", "Сергей", "Siarhei", "Sergey", "Sergei", "Siarhiej", "Серёжа",
               "Сяржук"],  # Сяржук Ціханоўскі
    "pavel": ["Павел", "Pavel", "Paval", "Паўлюк", "Паша"],
    "evgeni": ["Яўген", "Евгений", "Yauhen", "Yevgeniy", "Evgenii", "Jaŭhien"],
    "dmitri": ["Дзмітрый", "Зміцер", "Дмитрий", "Dzmitry", "Zmitser", "Dmitry", "Дима",
               "Змітрок"],
}


@pytest.mark.parametrize("cls, forms", EQUIVALENT.items())
def test_equivalents(cls, forms):
    for form in forms:
        assert cls in given_classes(form), form


def test_diminutive_is_flagged():
    assert lookup_given("Коля").diminutive
    assert not lookup_given("Мікалай").diminutive


def test_ambiguous_diminutive_keeps_both_classes():
    assert given_classes("Саша") == {"aleksandr", "aleksandra"}
    assert lookup_given("Саша").gender is None
    assert lookup_given("Аляксандра").gender == "f"


def test_unknown_word():
    assert lookup_given("Бяляцкі") is None
    assert lookup_given("") is None


def test_patronymics():
    assert "viktor" in patronymic_classes("Віктаравіч")
    assert "viktor" in patronymic_classes("Viktorovich")
    assert "nikolai" in patronymic_classes("Николаевна")
    assert "sergei" in patronymic_classes("Siarheevich")
    assert patronymic_classes("Бяляцкі") == frozenset()


def test_table_is_data_with_sources():
    text = resources.files("vigil.names.data").joinpath("given_names.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) >= 200
    ids = [r["class"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r["source"], r["class"]
        assert r["gender"] in ("m", "f")
        assert r["be"] and r["ru"], r["class"]
    assert len(GIVEN_NAME_CLASSES) == len(rows)


def test_latin_forms_are_generated():
    forms = GIVEN_NAME_CLASSES["nikolai"].latin_forms()
    assert {"Mikalai", "Mikalay", "Mikalaj", "Nikolai", "Nikolay", "Nikolaj"} <= set(forms)
