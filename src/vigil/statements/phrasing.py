"""How a count is phrased in a statement, by stated rounding rules. Pure: no Django.

Four phrasings: the exact number ("1,495"), "more than N", "over N" (the same rule as "more
than") and "about N". The author may give N; without one Vigil chooses it:

- more than / over: the count rounded *down* to two significant figures, and one step lower
  when that equals the count (3,283 → 3,200; 3,200 → 3,100; 116 → 110; 7 → 6). The phrase
  is true when the count is strictly greater than N.
- about: the count rounded half up to two significant figures (1,495 → 1,500; 1,449 →
  1,400). A given N is true when the count, rounded to N's own precision (its trailing zeros:
  1,500 → hundreds), equals N; a number without trailing zeros must equal the count.
- exact: always the count itself.
"""

from __future__ import annotations

from dataclasses import dataclass

EXACT, MORE_THAN, OVER, ABOUT = "exact", "more_than", "over", "about"
PHRASINGS = (EXACT, MORE_THAN, OVER, ABOUT)


class PhrasingError(ValueError):
    """A phrasing that does not exist or a number that cannot be phrased."""


@dataclass(frozen=True)
class Phrased:
    phrasing: str
    count: int  # the exact count
    number: int | None  # the number shown after the phrase's words (the count when exact)
    true: bool
    message: str = ""  # why the phrase is false, in English (the web layer words it again)


def step_of(n: int) -> int:
    """The rounding step for two significant figures of n (1 below 100)."""
    return 10 ** max(len(str(n)) - 2, 0)


def precision_of(n: int) -> int:
    """The precision a round number claims: 10 ** its trailing zeros (1,500 → 100)."""
    if n == 0:
        return 1
    step = 1
    while n % (step * 10) == 0:
        step *= 10
    return step


def round_half_up(count: int, step: int) -> int:
    return (count + step // 2) // step * step if step > 1 else count


def default_number(phrasing: str, count: int) -> int | None:
    """The number Vigil chooses for `phrasing` (None: "more than" cannot phrase 0)."""
    if phrasing == EXACT:
        return count
    if phrasing in (MORE_THAN, OVER):
        if count <= 0:
            return None
        step = step_of(count)
        below = count // step * step
        return below - step if below >= count else below
    if phrasing == ABOUT:
        return round_half_up(count, step_of(count))
    raise PhrasingError(f"unknown phrasing {phrasing!r}: choose one of {', '.join(PHRASINGS)}")


def is_true(phrasing: str, count: int, number: int) -> bool:
    if phrasing == EXACT:
        return number == count
    if phrasing in (MORE_THAN, OVER):
        return count > number
    if phrasing == ABOUT:
        return round_half_up(count, precision_of(number)) == number
    raise PhrasingError(f"unknown phrasing {phrasing!r}: choose one of {', '.join(PHRASINGS)}")


def phrase(phrasing: str, count: int, number: int | None = None) -> Phrased:
    """The number shown for `count` under `phrasing` (the author's `number`, or Vigil's),
    and whether the phrase is true of the count."""
    if count < 0:
        raise PhrasingError(f"a count cannot be negative ({count})")
    if phrasing == EXACT:
        number = count if number is None else number
    elif number is None:
        number = default_number(phrasing, count)
        if number is None:
            return Phrased(phrasing, count, None, False,
                           f"'{phrasing}' cannot phrase a count of {count}")
    if is_true(phrasing, count, number):
        return Phrased(phrasing, count, number, True)
    return Phrased(phrasing, count, number, False, contradiction(phrasing, count, number))


def contradiction(phrasing: str, count: int, number: int) -> str:
    words = {EXACT: "", MORE_THAN: "more than ", OVER: "over ", ABOUT: "about "}[phrasing]
    suggestion = default_number(phrasing, count)
    better = f"; '{words}{group(suggestion)}' would be true" if suggestion is not None else ""
    return f"'{words}{group(number)}' is not true of the count {group(count)}{better}"


def group(n: int, separator: str = ",") -> str:
    """Digits in groups of three: 1495 → "1,495" (Russian and Belarusian use a no-break
    space: group(1495, "\u00a0"))."""
    return f"{n:,}".replace(",", separator)
