"""Names of persons across Belarusian, Russian, Łacinka and Latin spellings (pure Python).

See docs/names.md for a guided tour.
"""

from .normalise import normalise, words
from .phonetic import phonetic_key, search_keys

__all__ = ["normalise", "phonetic_key", "search_keys", "words"]
