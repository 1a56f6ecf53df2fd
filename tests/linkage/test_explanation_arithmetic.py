"""A pair's explanation: its parts add up to the total weight it prints, and a gender the
record does not state is never shown as stated."""

import re

from vigil.linkage import Policy, Record, link

NUMBER = re.compile(r"\(([+-]\d+\.\d)\)")


def _pairs():
    records = [Record("a", "1", "Ales Bialiatski", birth_year=1962),
               Record("b", "1", "Алесь Бяляцкі", birth_year=1962, gender="m"),
               Record("a", "2", "Maria Kalesnikava", birth_year=1982, gender="f"),
               Record("b", "2", "Марыя Калеснікава", birth_year=1982, gender="f"),
               Record("b", "3", "Ihar Losik", birth_year=1992)]
    result = link(records, [], Policy())
    return [*result.links, *result.review]


def test_the_parts_of_an_explanation_add_up_to_its_total():
    pairs = _pairs()
    assert pairs
    for p in pairs:
        lines = p.explanation
        total = float(re.search(r"total weight ([+-]\d+\.\d)", lines[-1]).group(1))
        parts = [float(x) for line in lines[:-1] for x in NUMBER.findall(line)]
        # each part is rounded to 0.1: the sum may be off by half a tenth per part
        assert abs(sum(parts) - total) <= 0.05 * (len(parts) + 1), lines


def test_a_gender_read_from_the_name_is_shown_as_such():
    lines = {(p.a, p.b): p.explanation for p in _pairs()}
    # Bialiatski: the first record states no gender, the second states m
    assert "gender: m (from the given name) = m (+0.8)" in lines[(0, 1)]
    # Kalesnikava: both records state f
    assert "gender: f = f (+0.8)" in lines[(2, 3)]
