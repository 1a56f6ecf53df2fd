"""Romanisation tables, one dict per system, each citing the standard it encodes.

Every system is a `System` spec (see `vigil.names.translit`):

- ``letters``: a Cyrillic letter (lower case) → its Latin rendering after a consonant;
- ``iotated``: е ё ю я (є ї) → rendering at the start of a word and after a vowel, an
  apostrophe, ь/ъ, й or ў, where the system distinguishes them (``je`` vs ``ie``);
- ``pairs``: two-letter Cyrillic sequences with a rendering of their own (зь → ź,
  ля → la in Łacinka, зг → zgh in Ukrainian), looked up before single letters.

Tables are facts about published standards; the sources are named on each table. The
comparative tables of "Romanization of Belarusian" and "Romanization of Russian" on Wikipedia
were used to cross-check them.
"""

from __future__ import annotations

# --- Belarusian -----------------------------------------------------------------------------

# Instruction on transliteration of Belarusian geographical names with letters of Latin
# script (State Committee on Land Resources, Geodetics and Cartography of Belarus, 2000,
# revised 11 June 2007); adopted by UNGEGN (WGRS report v3.0, 2008) and recommended as the
# international system at the 10th UN Conference on the Standardization of Geographical Names
# (2012/2013). The soft sign is rendered as an acute on the preceding consonant (ć ĺ ń ś ź),
# otherwise as ʹ; the apostrophe is not rendered; е ё ю я are je jo ju ja initially and after
# vowels, apostrophe, separating ь and ў, and ie io iu ia after consonants.
BE_2007 = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "ie", "ё": "io",
        "ж": "ž", "з": "z", "і": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f",
        "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ы": "y", "ь": "ʹ", "э": "e", "ю": "iu",
        "я": "ia", "’": "", "'": "",
    },
    "iotated": {"е": "je", "ё": "jo", "ю": "ju", "я": "ja"},
    "pairs": {"зь": "ź", "ль": "ĺ", "нь": "ń", "сь": "ś", "ць": "ć"},
}

# BGN/PCGN romanization of Belarusian (US Board on Geographic Names and UK Permanent
# Committee on Geographical Names, 1979). Its е is "ye" in every position (Гомель = Homyel’),
# ў is "w" (Магілёў = Mahilyow), ь is ’ and the apostrophe is ".
BE_BGN = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "ye", "ё": "yo",
        "ж": "zh", "з": "z", "і": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "w", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "’", "э": "e", "ю": "yu",
        "я": "ya", "’": "\"", "'": "\"",
    },
    "iotated": {},
    "pairs": {},
}

# Belarusian passport practice: the Latin names printed in Belarusian passports since the
# 2000s (Aliaksandr, Katsiaryna, Uladzimir, Siarhei, Yauhen, Tsikhanouskaya, Bialiatski).
# No single published table; this is the practice as observed in passports and in the lists
# that copy them (Viasna's English pages, court reporting): е → e, я ю ё → ia iu io after a
# consonant and ya yu yo elsewhere, й → i, ў → u, г → h, soft sign and apostrophe dropped.
BE_PASSPORT = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "io",
        "ж": "zh", "з": "z", "і": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia", "’": "", "'": "",
    },
    "iotated": {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"},
    "pairs": {},
}

# Łacinka, the Belarusian Latin alphabet as used in 20th-century print and today (Lacinka
# table in "Romanization of Belarusian", Wikipedia): л is ł, but l before the soft vowels and
# the soft sign, where the vowel then drops its i (ля → la, лю → lu, ль → l); х is ch.
BE_LACINKA = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "ie", "ё": "io",
        "ж": "ž", "з": "z", "і": "i", "й": "j", "к": "k", "л": "ł", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f",
        "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia", "’": "", "'": "",
    },
    "iotated": {"е": "je", "ё": "jo", "ю": "ju", "я": "ja"},
    "pairs": {
        "зь": "ź", "нь": "ń", "сь": "ś", "ць": "ć", "дзь": "dź",
        "ль": "l", "ля": "la", "ле": "le", "лё": "lo", "лю": "lu", "лі": "li",
    },
}

# --- Russian --------------------------------------------------------------------------------

# BGN/PCGN romanization of Russian (1947): е and ё are ye/yë initially and after vowels, й,
# ъ and ь, e/ë elsewhere; й → y; ь → ’; ъ → ”.
RU_BGN = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "”", "ы": "y", "ь": "’", "э": "e",
        "ю": "yu", "я": "ya",
    },
    "iotated": {"е": "ye", "ё": "yë"},
    "pairs": {},
}

# ICAO Doc 9303, Machine Readable Travel Documents, Part 3 (7th edition, 2015; the Cyrillic
# table as revised in 2013), the recommended transliteration of Cyrillic in the machine
# readable zone; used in Russian international passports since 2014. The table covers the
# Belarusian і ў and the Ukrainian ґ є ї as well.
ICAO = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
        "є": "ie", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
        "’": "", "'": "",
    },
    "iotated": {},
    "pairs": {},
}

# --- Ukrainian ------------------------------------------------------------------------------

# Ukrainian national system, Resolution of the Cabinet of Ministers of Ukraine No. 55 of
# 27 January 2010: є ї й ю я are ye yi y yu ya initially and ie i i iu ia elsewhere; г → h;
# зг → zgh; the soft sign and apostrophe are not rendered.
UK_2010 = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
        "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
        "ю": "iu", "я": "ia", "’": "", "'": "",
    },
    "iotated_initial_only": True,
    "iotated": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    "pairs": {"зг": "zgh"},
}

# --- Any Cyrillic ---------------------------------------------------------------------------

# ISO 9:1995 (= GOST 7.79-2000 system A), a reversible one-letter-for-one-letter system.
ISO_9 = {
    "letters": {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g̀", "д": "d", "е": "e", "ё": "ë",
        "є": "ê", "ж": "ž", "з": "z", "и": "i", "і": "ì", "ї": "ï", "й": "j", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ў": "ǔ", "ф": "f", "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "ŝ",
        "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "è", "ю": "û", "я": "â", "’": "’", "'": "’",
    },
    "iotated": {},
    "pairs": {},
}

# name → (table, languages it is meant for, citation in a few words)
SYSTEMS = {
    "be-2007": (BE_2007, ("be",), "Belarus national system 2007 / UNGEGN 2013"),
    "be-bgn": (BE_BGN, ("be",), "BGN/PCGN Belarusian 1979"),
    "be-passport": (BE_PASSPORT, ("be",), "Belarusian passport practice"),
    "be-lacinka": (BE_LACINKA, ("be",), "Łacinka"),
    "ru-bgn": (RU_BGN, ("ru",), "BGN/PCGN Russian 1947"),
    "icao": (ICAO, ("ru", "be", "uk"), "ICAO Doc 9303 (2015), Russian passports since 2014"),
    "uk-2010": (UK_2010, ("uk",), "Ukrainian national system 2010"),
    "iso9": (ISO_9, ("be", "ru", "uk"), "ISO 9:1995"),
}
