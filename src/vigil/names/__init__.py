"""Names of persons across Belarusian, Russian, Łacinka and Latin spellings (pure Python).

See docs/names.md for a guided tour. The public surface:

- `normalise`, `words` — text normalisation;
- `search_keys`, `phonetic_key`, `key_variants` — the lossy phonetic key for search and
  blocking; `search_tokens` — those keys plus given-name class tokens;
- `detect`, `detect_word` — script and language of a name or word;
- `romanise`, `romanisations`, `fold`, `SYSTEMS` — romanisation by published systems;
- `lookup_given`, `given_classes`, `patronymic_classes`, `GIVEN_NAME_CLASSES` — given names;
- `parse_name`, `parse_candidates` — surname / given / patronymic / initials;
- `compare_names`, `compare_parsed` — a score and an explanation.
"""

from .compare import NameComparison, PartComparison, compare_names, compare_parsed
from .given import CLASSES as GIVEN_NAME_CLASSES
from .given import GivenNameClass, GivenNameMatch, patronymic_classes
from .given import classes_of as given_classes
from .given import lookup as lookup_given
from .normalise import normalise, words
from .parse import ParsedName, parse_candidates, parse_name
from .phonetic import key_variants, phonetic_key, search_keys
from .script import ScriptGuess, detect, detect_word
from .search import query_token_groups, search_index, search_tokens
from .translit import SYSTEMS, fold, romanisations, romanise

__all__ = [
    "GIVEN_NAME_CLASSES",
    "SYSTEMS",
    "GivenNameClass",
    "GivenNameMatch",
    "NameComparison",
    "ParsedName",
    "PartComparison",
    "ScriptGuess",
    "compare_names",
    "compare_parsed",
    "detect",
    "detect_word",
    "fold",
    "given_classes",
    "key_variants",
    "lookup_given",
    "normalise",
    "parse_candidates",
    "parse_name",
    "patronymic_classes",
    "phonetic_key",
    "romanisations",
    "romanise",
    "query_token_groups",
    "search_index",
    "search_keys",
    "search_tokens",
    "words",
]
