"""Regions of Belarus in any spelling → one region slug, for comparing records.

The six regions (voblasts) and the city of Minsk, with the slugs of the registry's regions
vocabulary: a record's region may be written as the region (Гродзенская вобласць,
Гродненская область, Hrodna region), its centre (Гродна, Гродно, Hrodna, Grodno) or another
town of it (Ліда, Lida, Баранавічы, Барановичи). Spelling variants are bridged by the phonetic
key of `vigil.names`, so one form usually suffices. Any other place falls back to its own
phonetic key: two records naming the same village agree, a village and a region are
"unknown" rather than "different".

Oblasts and centres: the administrative-territorial division of the Republic of Belarus
(Law No. 154-З of 5 May 1998 "On the administrative-territorial division").
"""

from __future__ import annotations

import re

from vigil.names import normalise, phonetic_key

# Ids are the slugs of the registry's regions vocabulary (src/vigil/registry/data/regions.json).
_REGIONS = {
    "brest": ["Брэсцкая", "Брестская", "Brest", "Брэст", "Брест", "Bierascie", "Берасце"],
    "viciebsk": ["Віцебская", "Витебская", "Vitebsk", "Віцебск", "Витебск", "Viciebsk"],
    "homiel": ["Гомельская", "Gomel", "Гомель", "Homiel", "Homyel"],
    "hrodna": ["Гродзенская", "Гродненская", "Grodno", "Гродна", "Гродно", "Hrodna"],
    "mahiliou": ["Магілёўская", "Могилёвская", "Могилевская", "Mogilev", "Магілёў", "Могилёв",
                 "Mahilyow", "Mahiliou"],
    "minsk-region": ["Мінская вобласць", "Минская область", "Minsk region", "Minsk oblast"],
    "minsk-city": ["Мінск", "Минск", "Minsk", "Miensk", "Менск", "г. Мінск", "Minsk city"],
}

# Towns (district centres and larger towns) → their region, in Belarusian; the Russian and
# Latin spellings reach them through the phonetic key, and the few that differ beyond it
# (ў for л, Іўе / Ивье) are listed in Russian as well. Source: the administrative-territorial
# division of Belarus (district centres of each region).
_TOWNS = {
    "brest": "Баранавічы Пінск Кобрын Бяроза Івацэвічы Лунінец Пружаны Іванава Драгічын Жабінка "
             "Камянец Ляхавічы Ганцавічы Маларыта Столін Мікашэвічы",
    "viciebsk": "Полацк Наваполацк Орша Глыбокае Глубокое Лепель Паставы Браслаў Верхнядзвінск "
                "Докшыцы Талачын Гарадок Міёры Шаркаўшчына Шуміліна Чашнікі Сянно Дуброўна "
                "Бешанковічы Ушачы Лёзна Расоны Новалукомль",
    "homiel": "Мазыр Жлобін Светлагорск Рэчыца Калінкавічы Рагачоў Добруш Петрыкаў Хойнікі "
              "Лельчыцы Ельск Жыткавічы Нароўля Брагін Ветка Чачэрск Карма Лоеў Акцябрскі",
    "hrodna": "Ліда Слонім Ваўкавыск Волковыск Навагрудак Смаргонь Ашмяны Шчучын Масты Астравец "
              "Дзятлава Іўе Ивье Карэлічы Свіслач Бераставіца Зэльва Воранава Скідаль",
    "minsk-region": "Барысаў Салігорск Маладзечна Жодзіна Слуцк Вілейка Дзяржынск Стоўбцы Столбцы "
                    "Нясвіж Заслаўе Заславль Смалявічы Лагойск Клецк Капыль Любань Чэрвень "
                    "Бярэзіно Крупкі Узда Валожын Мядзель Фаніпаль",
    "mahiliou": "Бабруйск Асіповічы Горкі Крычаў Быхаў Шклоў Клімавічы Касцюковічы Чавусы "
                "Чэрыкаў Слаўгарад Кіраўск Глуск Клічаў Бялынічы Мсціслаў Мстиславль Хоцімск "
                "Круглае Дрыбін Краснаполле",
}

# Words that say "region", "city", "district" and carry no information of their own.
_FILLER = {
    "вобласць", "область", "обл", "voblasc", "voblasts", "oblast", "oblast'", "region",
    "province", "горад", "город", "г", "city", "раён", "район", "district", "rayon", "raion",
    "р-н", "рн", "vobl", "the",
}

_INDEX: dict[str, str] = {}
for _rid, _towns in _TOWNS.items():
    for _town in _towns.split():
        _INDEX[phonetic_key(_town)] = _rid
_INDEX[phonetic_key("Мар’іна") + " " + phonetic_key("Горка")] = "minsk-region"
_INDEX[phonetic_key("Старыя") + " " + phonetic_key("Дарогі")] = "minsk-region"
_INDEX[phonetic_key("Буда") + " " + phonetic_key("Кашалёва")] = "homiel"
for _rid, _forms in _REGIONS.items():
    for _form in _forms:
        _words = [w for w in normalise(_form).split(" ") if w not in _FILLER]
        if _words:
            _INDEX[" ".join(phonetic_key(w) for w in _words)] = _rid
# The oblast adjectives as keys (Гродзенская → kradzanskaa ...) match whatever ending.
_ADJECTIVE = re.compile(r"(skaa|ska|skai|sk)$")


def region_id(text: str | None) -> tuple[str | None, bool]:
    """(region slug or the place's own key, whether it is a known region), or (None, False).

    >>> region_id("Гродно")
    ('hrodna', True)
    >>> region_id("Baranavichy")
    ('brest', True)
    """
    if not text:
        return None, False
    all_words = normalise(text).split(" ")
    words = [w for w in all_words if w and w not in _FILLER]
    if not words:
        return None, False
    rid, known = _lookup(words)
    if rid == "minsk-city" and _OBLAST_WORDS & set(all_words):
        return "minsk-region", True
    return rid, known


_OBLAST_WORDS = {"вобласць", "область", "обл", "voblasc", "voblasts", "oblast", "region",
                 "province", "vobl"}


def _lookup(words: list[str]) -> tuple[str, bool]:
    key = " ".join(phonetic_key(w) for w in words)
    if key in _INDEX:
        return _INDEX[key], True
    first = phonetic_key(words[0])
    if first in _INDEX:
        return _INDEX[first], True
    stem = _ADJECTIVE.sub("", first)
    for known, rid in _INDEX.items():
        if " " not in known and stem and _ADJECTIVE.sub("", known) == stem:
            return rid, True
    return key, False
