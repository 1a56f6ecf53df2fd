"""Reconciling list versions against published flows (shared/research/prisoner-data.md §1)."""

import datetime as dt

import pytest

from vigil.dates import PartialDate
from vigil.figures import (
    CustodyPeriod,
    EndReason,
    Flow,
    FlowKind,
    ListVersion,
    Person,
    Recognition,
    RecognitionStatus,
    reconcile,
)

JAN, JUN = dt.date(2014, 1, 1), dt.date(2014, 6, 1)


def released(pid: int, day: str, reason: EndReason) -> Person:
    return Person(
        pid, custody=[CustodyPeriod(PartialDate.parse("2012-05"), PartialDate.parse(day), reason)]
    )


def test_memorial_2014_flows_that_do_not_add_up_are_reported_with_the_persons_behind_them():
    """71 on the list, then 46; stated: −35 amnestied, −2 pardoned, −10 served, +24 added
    (= 48). Here the registry explains 47 of the 49 removals; two left with nothing recorded."""
    old_ids = set(range(1, 72))  # 71 persons
    amnestied, pardoned, served = range(1, 36), range(36, 38), range(38, 48)
    vanished = {48, 49}  # removed from the list with no release recorded
    new_ids = (old_ids - set(range(1, 50))) | set(range(100, 124))  # 22 stay + 24 added = 46
    registry = (
        [released(p, "2014-02-15", EndReason.AMNESTIED) for p in amnestied]
        + [released(p, "2014-03", EndReason.PARDONED) for p in pardoned]
        + [released(p, "2014-05-31", EndReason.SERVED) for p in served]
        + [Person(p, custody=[CustodyPeriod(PartialDate.parse("2012-05"))]) for p in vanished]
    )
    stated = [
        Flow("amnestied", 35, FlowKind.RELEASED),
        Flow("pardoned", 2, FlowKind.RELEASED),
        Flow("served or paroled", 10, FlowKind.RELEASED),
        Flow("added", 24, FlowKind.ADDED),
    ]
    result = reconcile(
        ListVersion("memorial", JAN, old_ids),
        ListVersion("memorial", JUN, new_ids),
        stated,
        registry,
    )
    assert (result.old_count, result.new_count, result.difference) == (71, 46, -25)
    assert result.expected_new == 48 and result.gap == -2
    assert not result.adds_up
    checks = {c.kind: c for c in result.checks}
    assert checks[FlowKind.ADDED].agrees and checks[FlowKind.ADDED].observed == 24
    assert checks[FlowKind.RELEASED].stated == 47 and checks[FlowKind.RELEASED].observed == 47
    assert checks[FlowKind.DIED].stated is None and checks[FlowKind.DIED].observed == 0
    assert result.unexplained_removals == (48, 49)
    assert result.messages[0] == (
        "The stated flows do not add up: 71 − 35 amnestied − 2 pardoned − 10 served or paroled "
        "+ 24 added = 48, but the list of 2014-06-01 holds 46 (a gap of -2)."
    )
    assert "2 persons left the list with no release, death or withdrawal" in result.messages[-1]
    assert result.as_dict()["unexplained_removals"] == [48, 49]


def test_memorial_2015_adds_up():
    old_ids = set(range(1, 47))  # 46
    new_ids = (old_ids - set(range(1, 11))) | set(range(200, 214))  # −10 +14 = 50
    registry = [released(p, "2015-03-01", EndReason.SERVED) for p in range(1, 11)]
    result = reconcile(
        ListVersion("memorial", dt.date(2015, 1, 1), old_ids),
        ListVersion("memorial", dt.date(2015, 7, 1), new_ids),
        [Flow("released", 10, FlowKind.RELEASED), Flow("added", 14, FlowKind.ADDED)],
        {p.id: p for p in registry},
    )
    assert result.adds_up and result.gap == 0 and result.messages == ()


def test_a_death_in_custody_is_a_death_not_a_release_and_a_wrong_count_names_the_persons():
    registry = [
        released(1, "2023-05-10", EndReason.DIED),
        released(2, "2023-04-02", EndReason.PARDONED),
    ]
    result = reconcile(
        ListVersion("viasna", dt.date(2023, 3, 31), {1, 2, 3}),
        ListVersion("viasna", dt.date(2023, 5, 31), {3, 4}),
        [Flow("released", 2, FlowKind.RELEASED), Flow("new", 1, FlowKind.ADDED)],
        registry,
    )
    checks = {c.kind: c for c in result.checks}
    assert checks[FlowKind.DIED].person_ids == (1,)
    assert checks[FlowKind.RELEASED].person_ids == (2,) and not checks[FlowKind.RELEASED].agrees
    # 3 − 2 + 1 = 2 and the list holds 2: the sum agrees, the flows behind it do not
    assert result.gap == 0 and not result.adds_up
    assert "released: 2 stated, 1 seen" in " ".join(result.messages)


def test_versions_of_different_organisations_are_refused_and_order_does_not_matter():
    a = ListVersion("viasna", dt.date(2023, 1, 1), {1})
    with pytest.raises(ValueError, match="two different organisations"):
        reconcile(a, ListVersion("baj", dt.date(2023, 2, 1), {1}))
    later = ListVersion("viasna", dt.date(2023, 2, 1), {1, 2})
    assert reconcile(later, a).difference == 1
    with pytest.raises(ValueError, match="positive count"):
        Flow("released", -3, FlowKind.RELEASED)


def test_a_withdrawn_recognition_explains_a_removal():
    withdrawn = Person(
        1,
        custody=[CustodyPeriod(PartialDate.parse("2020-09-01"))],
        recognitions=[
            Recognition("amnesty", RecognitionStatus.RECOGNISED, PartialDate.parse("2021-01-17")),
            Recognition("amnesty", RecognitionStatus.WITHDRAWN, PartialDate.parse("2021-02-23")),
        ],
    )
    result = reconcile(
        ListVersion("amnesty", dt.date(2021, 2, 1), {1, 2}),
        ListVersion("amnesty", dt.date(2021, 3, 1), {2}),
        persons=[withdrawn],
    )
    checks = {c.kind: c for c in result.checks}
    assert checks[FlowKind.WITHDRAWN].person_ids == (1,)
    assert result.unexplained_removals == () and result.adds_up
