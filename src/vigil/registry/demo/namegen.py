"""Plausible Belarusian names for fictional persons, in Belarusian, Russian and Latin.

Given names are listed as (Belarusian, Russian) pairs: the two forms differ beyond
transliteration (Сяргей / Сергей, Вольга / Ольга). Surnames are (Belarusian, Russian, kind);
the kind says how the feminine is formed. The Latin form is romanised from the Belarusian
one with the rules of Belarusian passports (Аляксандр → Aliaksandr, Кавалёў → Kavaliou),
the form Viasna's English pages use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MALE_GIVEN = [
    ("Аляксандр", "Александр"), ("Сяргей", "Сергей"), ("Андрэй", "Андрей"),
    ("Дзмітрый", "Дмитрий"), ("Мікалай", "Николай"), ("Уладзімір", "Владимир"),
    ("Павел", "Павел"), ("Віктар", "Виктор"), ("Юрый", "Юрий"), ("Міхаіл", "Михаил"),
    ("Ігар", "Игорь"), ("Алег", "Олег"), ("Дзяніс", "Денис"), ("Максім", "Максим"),
    ("Ягор", "Егор"), ("Арцём", "Артём"), ("Раман", "Роман"), ("Антон", "Антон"),
    ("Васіль", "Василий"), ("Яўген", "Евгений"), ("Ілля", "Илья"), ("Кірыл", "Кирилл"),
    ("Мікіта", "Никита"), ("Валянцін", "Валентин"), ("Віталь", "Виталий"),
    ("Генадзь", "Геннадий"), ("Пётр", "Пётр"), ("Станіслаў", "Станислав"),
    ("Вадзім", "Вадим"), ("Леанід", "Леонид"), ("Ян", "Ян"), ("Аляксей", "Алексей"),
    ("Уладзіслаў", "Владислав"), ("Ігнат", "Игнат"), ("Руслан", "Руслан"),
    ("Зміцер", "Дмитрий"), ("Алесь", "Александр"), ("Эдуард", "Эдуард"), ("Глеб", "Глеб"),
    ("Барыс", "Борис"), ("Георгій", "Георгий"), ("Багдан", "Богдан"), ("Вячаслаў", "Вячеслав"),
]
FEMALE_GIVEN = [
    ("Марыя", "Мария"), ("Вольга", "Ольга"), ("Наталля", "Наталья"), ("Алена", "Елена"),
    ("Таццяна", "Татьяна"), ("Ірына", "Ирина"), ("Юлія", "Юлия"),
    ("Кацярына", "Екатерина"), ("Ганна", "Анна"), ("Святлана", "Светлана"),
    ("Людміла", "Людмила"), ("Марына", "Марина"), ("Дар'я", "Дарья"),
    ("Настасся", "Анастасия"), ("Ксенія", "Ксения"), ("Вікторыя", "Виктория"),
    ("Аліна", "Алина"), ("Валерыя", "Валерия"), ("Надзея", "Надежда"), ("Галіна", "Галина"),
    ("Вераніка", "Вероника"), ("Маргарыта", "Маргарита"), ("Яна", "Яна"), ("Тамара", "Тамара"),
    ("Лізавета", "Елизавета"), ("Зоя", "Зоя"),
]

# kind "ou": Кавалёў / Ковалёв, feminine Кавалёва / Ковалёва;
# kind "ski": Каліноўскі / Калиновский, feminine Каліноўская / Калиновская;
# kind "same": the same form for everyone (Клімовіч, Шаўчэнка, Бондар).
SURNAMES = [
    ("Кавалёў", "Ковалёв", "ou"), ("Сцяпанаў", "Степанов", "ou"), ("Іваноў", "Иванов", "ou"),
    ("Марозаў", "Морозов", "ou"), ("Сарокін", "Сорокин", "in"), ("Варабей", "Воробей", "same"),
    ("Каліноўскі", "Калиновский", "ski"), ("Жукоўскі", "Жуковский", "ski"),
    ("Лянкевіч", "Ленкевич", "same"), ("Грыневіч", "Гриневич", "same"),
    ("Мацкевіч", "Мацкевич", "same"), ("Шаўчэнка", "Шевченко", "same"),
    ("Бондар", "Бондарь", "same"), ("Кузьміч", "Кузьмич", "same"),
    ("Лукашэвіч", "Лукашевич", "same"), ("Ярмоленка", "Ермоленко", "same"),
    ("Садоўскі", "Садовский", "ski"), ("Высоцкі", "Высоцкий", "ski"),
    ("Пашкевіч", "Пашкевич", "same"), ("Навіцкі", "Новицкий", "ski"),
    ("Рагойша", "Рагойша", "same"), ("Зянковіч", "Зенкович", "same"),
    ("Сідарэнка", "Сидоренко", "same"), ("Казлоў", "Козлов", "ou"),
    ("Данілаў", "Данилов", "ou"), ("Пятроў", "Петров", "ou"), ("Лебедзеў", "Лебедев", "ou"),
    ("Дзямідаў", "Демидов", "ou"), ("Белавус", "Беловус", "same"),
    ("Карповіч", "Карпович", "same"), ("Малец", "Малец", "same"),
    ("Цішкевіч", "Тишкевич", "same"), ("Бурак", "Бурак", "same"),
    ("Сівец", "Сивец", "same"), ("Станкевіч", "Станкевич", "same"),
    ("Жук", "Жук", "same"), ("Лысенка", "Лысенко", "same"), ("Гарбач", "Горбач", "same"),
    ("Яцкевіч", "Яцкевич", "same"), ("Радзівонаў", "Радионов", "ou"),
    ("Ільін", "Ильин", "in"), ("Шыманскі", "Шиманский", "ski"),
    ("Філіпаў", "Филиппов", "ou"), ("Камінскі", "Каминский", "ski"),
    ("Крывец", "Кривец", "same"), ("Юрчанка", "Юрченко", "same"),
]

# More surnames, built from a stem and a suffix: Кавал + евіч / Ковал + евич. After a hard
# consonant (р, ж, ш, ч, ц) Belarusian writes э, ы, о where Russian writes е, и, ё.
SURNAME_STEMS = [
    ("Кавал", "Ковал"), ("Бандар", "Бондар"), ("Гаўрыл", "Гаврил"), ("Дземян", "Демьян"),
    ("Мартын", "Мартын"), ("Міхал", "Михал"), ("Пятр", "Петр"), ("Раман", "Роман"),
    ("Сцяпан", "Степан"), ("Тарас", "Тарас"), ("Федар", "Федор"), ("Макар", "Макар"),
    ("Карп", "Карп"), ("Сакал", "Сокол"), ("Грыц", "Гриц"), ("Васіл", "Васил"),
    ("Лукаш", "Лукаш"), ("Навум", "Наум"), ("Антан", "Антон"),
    ("Ігнац", "Игнат"), ("Пракоп", "Прокоп"), ("Харытон", "Харитон"), ("Ярош", "Ярош"),
    ("Лявон", "Леон"), ("Стральц", "Стрельц"), ("Кулеш", "Кулеш"), ("Рудз", "Рудь"),
    ("Клім", "Клим"), ("Даніл", "Данил"), ("Барыс", "Борис"), ("Багдан", "Богдан"),
    ("Сідар", "Сидор"), ("Мароз", "Мороз"), ("Ткач", "Ткач"), ("Кірыл", "Кирил"),
    ("Шаўц", "Шевц"), ("Максім", "Максим"),
]
SURNAME_SUFFIXES = [("евіч", "евич", "same"), ("енка", "енко", "same"),
                    ("оўскі", "овский", "ski"), ("ук", "ук", "same"), ("ік", "ик", "same"),
                    ("ёнак", "ёнок", "same")]
_HARD = "ржшчц"
_HARDEN = {"е": "э", "і": "ы", "ё": "о"}


def compose_surname(stem: tuple[str, str], suffix: tuple[str, str, str]) -> tuple[str, str, str]:
    (stem_be, stem_ru), (suffix_be, suffix_ru, kind) = stem, suffix
    if stem_be[-1] in _HARD and suffix_be[0] in _HARDEN:
        suffix_be = _HARDEN[suffix_be[0]] + suffix_be[1:]
    stem_ru = stem_ru.removesuffix("ь")
    if stem_ru[-1] in "жшчц" and suffix_ru[0] == "ё":
        suffix_ru = "о" + suffix_ru[1:]
    return stem_be + suffix_be, stem_ru + suffix_ru, kind


_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "zh", "з": "z",
    "і": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "ы": "y", "ь": "", "э": "e", "'": "", "’": "",
}
_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
_VOWELS = set("аеёіоуыэюяi")


def romanise(text: str) -> str:
    """Belarusian Cyrillic → Latin, passport style (Таццяна → Tatsiana, Юрый → Yury)."""
    out = []
    lower = text.lower().replace("цц", "ц").replace("ый", "ы").replace("ій", "і")
    for i, ch in enumerate(lower):
        before = lower[i - 1] if i else " "
        if ch in _IOTATED:
            initial = before in _VOWELS or before in " -'’" or i == 0
            if ch == "е" and not initial:
                piece = "e"
            elif before in "ыі" and ch == "я":
                piece = "a" if before == "і" else "ia"
            else:
                piece = ("y" if initial else "i") + _IOTATED[ch]
        else:
            piece = _LETTERS.get(ch, ch)
        out.append(piece)
    word = "".join(out)
    return " ".join(part[:1].upper() + part[1:] for part in word.split(" "))


def _feminine_be(surname: str, kind: str) -> str:
    if kind == "ou":
        return surname[:-1] + "ва"
    if kind == "ski":
        return surname[:-1] + "ая"
    if kind == "in":
        return surname + "а"
    return surname


def _feminine_ru(surname: str, kind: str) -> str:
    if kind in ("ou", "in"):
        return surname + "а"
    if kind == "ski":
        return surname[:-2] + "ая"
    return surname


@dataclass(frozen=True)
class PersonName:
    be: str
    ru: str
    latin: str


def make_name(rng: random.Random, female: bool) -> PersonName:
    given_be, given_ru = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    if rng.random() < 0.35:
        surname_be, surname_ru, kind = rng.choice(SURNAMES)
    else:
        surname_be, surname_ru, kind = compose_surname(rng.choice(SURNAME_STEMS),
                                                       rng.choice(SURNAME_SUFFIXES))
    if female:
        surname_be, surname_ru = _feminine_be(surname_be, kind), _feminine_ru(surname_ru, kind)
    be = f"{given_be} {surname_be}"
    return PersonName(be=be, ru=f"{given_ru} {surname_ru}", latin=romanise(be))
