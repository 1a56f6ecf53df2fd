"""Hand-computed scenarios from issue 4: small timelines with their expected answers."""

import datetime as dt

import pytest

from vigil.dates import PartialDate
from vigil.figures import (
    CustodyKind,
    CustodyPeriod,
    EndReason,
    FigureDefinition,
    FigureError,
    Frequency,
    Match,
    Person,
    PersonStatus,
    Population,
    Recognition,
    RecognitionStatus,
    UnknownFieldError,
    breakdown,
    citation,
    count,
    custody_state,
    local_date,
    series,
)

D = dt.date
R = RecognitionStatus.RECOGNISED


def pd(text: str) -> PartialDate:
    return PartialDate.parse(text)


def held(start: str, end: str | None = None, reason=None, kind=CustodyKind.SENTENCE):
    if end is not None and reason is None:
        reason = EndReason.SERVED
    return CustodyPeriod(pd(start), pd(end) if end else None, reason, kind)


def rec(org: str, start: str, end: str | None = None, status=R) -> Recognition:
    return Recognition(org, status, pd(start), pd(end) if end else None)


def stock(persons, day, **options):
    return count(persons, FigureDefinition.stock(day, **options))


def during(persons, start, end, **options):
    return count(persons, FigureDefinition.during(start, end, **options))


def cumulative(persons, day, **options):
    return count(persons, FigureDefinition.cumulative(day, **options))


VIASNA = {"recognised_by": ("viasna",)}


# --- released on 30 November (the CPJ rule) --------------------------------------------------


def test_released_on_30_november_is_not_in_the_1_december_stock_but_is_held_during_the_year():
    person = Person(
        1, custody=[held("2022-03-01", "2022-11-30")], recognitions=[rec("viasna", "2022-04-01")]
    )
    assert stock([person], D(2022, 11, 29), **VIASNA).count == 1
    assert stock([person], D(2022, 11, 30), **VIASNA).count == 0  # not at the end of 30 Nov
    assert stock([person], D(2022, 12, 1), **VIASNA).count == 0  # CPJ's 1 December census
    assert during([person], D(2022, 1, 1), D(2022, 12, 31), **VIASNA).person_ids == (1,)
    # held on the morning of the day of release
    assert during([person], D(2022, 11, 30), D(2022, 11, 30), **VIASNA).count == 1
    assert during([person], D(2022, 12, 1), D(2022, 12, 31), **VIASNA).count == 0


# --- died in custody on 10 May ----------------------------------------------------------------


def test_died_in_custody_on_10_may_is_in_the_stock_of_9_may_not_10_may_and_stays_cumulative():
    person = Person(
        7,
        custody=[held("2021-06-01", "2023-05-10", EndReason.DIED)],
        recognitions=[rec("viasna", "2021-07-01")],
    )
    assert stock([person], D(2023, 5, 9), **VIASNA).count == 1
    assert stock([person], D(2023, 5, 10), **VIASNA).count == 0
    assert cumulative([person], D(2023, 5, 10), **VIASNA).person_ids == (7,)
    assert cumulative([person], D(2024, 12, 31), **VIASNA).count == 1
    assert custody_state(person, D(2023, 5, 9), None) == "held"
    assert custody_state(person, D(2023, 5, 10), None) == "died_in_custody"


# --- pardon --------------------------------------------------------------------------------


def test_pardon_ends_the_stock_on_the_day_of_release_and_counts_as_released():
    person = Person(3, custody=[held("2020-08-10", "2023-07-03", EndReason.PARDONED)])
    assert stock([person], D(2023, 7, 2)).count == 1
    assert stock([person], D(2023, 7, 3)).count == 0
    table = breakdown([person], FigureDefinition.cumulative(D(2023, 7, 3)), "custody")
    assert [(r.value, r.count) for r in table.rows] == [("released", 1)]


# --- re-arrest counted once ----------------------------------------------------------------


def test_re_arrest_and_overlapping_periods_count_the_person_once():
    again_same_day = Person(
        1,
        custody=[
            held("2021-01-01", "2021-06-01", EndReason.SERVED),
            held("2021-06-01"),  # re-arrested on the day of release
            held("2021-03-01", "2021-04-01"),  # a second source's overlapping record
        ],
    )
    after_a_gap = Person(2, custody=[held("2021-01-01", "2021-03-01"), held("2021-09-01")])
    people = [again_same_day, after_a_gap]
    assert stock(people, D(2021, 3, 15)).person_ids == (1,)
    assert stock(people, D(2021, 6, 1)).person_ids == (1,)
    assert stock(people, D(2021, 10, 1)).person_ids == (1, 2)
    assert during(people, D(2021, 1, 1), D(2021, 12, 31)).count == 2  # not 5
    monthly = series(
        people,
        FigureDefinition.during(D(2021, 1, 1), D(2021, 1, 1)),
        D(2021, 1, 1),
        D(2021, 12, 31),
        Frequency.MONTHLY,
    )
    assert monthly.counts == (2, 2, 2, 1, 1, 1, 1, 1, 2, 2, 2, 2)
    assert series(
        people,
        FigureDefinition.during(D(2021, 1, 1), D(2021, 12, 31)),
        D(2021, 1, 1),
        D(2021, 12, 31),
        Frequency.YEARLY,
    ).counts == (2,)


# --- recognition withdrawn -----------------------------------------------------------------


@pytest.mark.parametrize(
    "recognitions",
    [
        # a withdrawal record from 23 February overrides the open recognition
        [
            rec("amnesty", "2021-01-17"),
            rec("amnesty", "2021-02-23", status=RecognitionStatus.WITHDRAWN),
        ],
        # or the recognition itself ends on 23 February
        [rec("amnesty", "2021-01-17", "2021-02-23")],
    ],
)
def test_withdrawn_recognition_stops_the_stock_on_its_day_and_keeps_the_cumulative(recognitions):
    person = Person(5, custody=[held("2021-01-17")], recognitions=recognitions)
    amnesty = {"recognised_by": ("amnesty",)}
    assert stock([person], D(2021, 2, 22), **amnesty).count == 1
    assert stock([person], D(2021, 2, 23), **amnesty).count == 0
    assert stock([person], D(2022, 1, 1), **amnesty).count == 0
    assert cumulative([person], D(2022, 1, 1), **amnesty).count == 1  # ever recognised
    assert stock([person], D(2021, 1, 16), **amnesty).count == 0  # not yet recognised


def test_recognition_by_any_or_all_of_a_set_as_it_stood_on_the_day():
    person = Person(
        5,
        custody=[held("2021-01-17")],
        recognitions=[
            rec("amnesty", "2021-01-17"),
            rec("amnesty", "2021-02-23", status=RecognitionStatus.WITHDRAWN),
            rec("memorial", "2021-02-01"),
            rec("viasna", "2021-01-20", status=RecognitionStatus.UNDER_REVIEW),
        ],
    )
    both = ("amnesty", "memorial")
    assert stock([person], D(2021, 2, 10), recognised_by=both, match=Match.ALL).count == 1
    assert stock([person], D(2021, 3, 1), recognised_by=both, match=Match.ALL).count == 0
    assert stock([person], D(2021, 3, 1), recognised_by=both, match=Match.ANY).count == 1
    assert stock([person], D(2021, 1, 25), recognised_by=both, match=Match.ALL).count == 0
    # under review is not recognised
    assert stock([person], D(2021, 3, 1), recognised_by=("viasna",)).count == 0
    # ever recognised by both on one same day (1 to 22 February)
    assert cumulative([person], D(2021, 12, 31), recognised_by=both, match="all").count == 1
    assert cumulative([person], D(2021, 1, 31), recognised_by=both, match="all").count == 0


# --- dates known only to the month or year -------------------------------------------------


def test_a_period_known_only_to_the_month_counts_from_the_first_day_of_each_month():
    person = Person(9, custody=[held("2021-02", "2021-08")])
    assert stock([person], D(2021, 1, 31)).count == 0
    assert stock([person], D(2021, 2, 1)).count == 1  # from the first day of February
    assert stock([person], D(2021, 7, 31)).count == 1
    assert stock([person], D(2021, 8, 1)).count == 0  # released "in August": from 1 August
    # month ends are exact under every reading; days inside the months are flagged
    assert stock([person], D(2021, 2, 10)).depends_on_partial_dates == (9,)
    assert stock([person], D(2021, 2, 28)).depends_on_partial_dates == ()
    assert stock([person], D(2021, 5, 15)).depends_on_partial_dates == ()
    assert stock([person], D(2021, 2, 10)).notes


def test_a_year_only_arrest_counts_from_1_january_and_a_release_inside_the_arrest_month():
    year_only = Person(1, custody=[held("2020")])
    assert stock([year_only], D(2019, 12, 31)).count == 0
    assert stock([year_only], D(2020, 1, 1)).count == 1
    # arrested 14 February, released "in February": no whole night in custody by the rule
    short = Person(2, custody=[held("2021-02-14", "2021-02")])
    assert stock([short], D(2021, 2, 14)).count == 0
    assert during([short], D(2021, 2, 1), D(2021, 2, 28)).count == 1
    with pytest.raises(ValueError, match="ends"):
        held("2021-03-14", "2021-02")


# --- overlapping breakdowns ----------------------------------------------------------------


def test_breakdown_rows_overlap_and_say_so():
    people = [
        Person(1, occupations={"journalist", "cultural worker"}, custody=[held("2021-01-01")]),
        Person(2, occupations={"journalist"}, custody=[held("2021-01-01")]),
        Person(3, custody=[held("2021-01-01")]),  # no occupation recorded
        Person(4, occupations={"journalist"}, custody=[held("2019-01-01", "2020-01-01")]),
    ]
    table = breakdown(people, FigureDefinition.stock(D(2023, 4, 30)), "occupation")
    assert table.figure.count == 3
    assert [(r.value, r.count, r.person_ids) for r in table.rows] == [
        ("journalist", 2, (1, 2)),
        ("cultural worker", 1, (1,)),
        (None, 1, (3,)),
    ]
    assert table.overlapping and table.overlap_ids == (1,)
    assert "add up to 4" in table.note and "total of 3" in table.note
    single = breakdown(people, FigureDefinition.stock(D(2023, 4, 30)), "gender")
    assert not single.overlapping and single.note is None
    assert [(r.value, r.count) for r in single.rows] == [(None, 3)]


def test_filters_combine_fields_with_and_and_values_with_or():
    people = [
        Person(1, gender="f", occupations={"journalist"}, custody=[held("2021-01-01")]),
        Person(2, gender="m", occupations={"journalist"}, custody=[held("2021-01-01")]),
        Person(3, gender="f", occupations={"musician"}, custody=[held("2021-01-01")]),
        Person(4, gender="f", articles={"342-1", "361-1"}, custody=[held("2021-01-01")]),
    ]
    day = D(2022, 1, 1)
    assert stock(people, day, where={"occupation": "journalist"}).person_ids == (1, 2)
    assert stock(
        people, day, where={"gender": "f", "occupations": ["journalist", "musician"]}
    ).person_ids == (1, 3)
    assert stock(people, day, where={"article": "361-1"}).person_ids == (4,)
    with pytest.raises(UnknownFieldError, match="unknown field 'shoe_size'"):
        FigureDefinition.stock(day, where={"shoe_size": "42"})


def test_custody_kinds_limit_the_periods_that_count():
    people = [
        Person(
            1, custody=[held("2021-01-01", "2021-01-16", kind=CustodyKind.ADMINISTRATIVE_ARREST)]
        ),
        Person(2, custody=[held("2021-01-05", kind=CustodyKind.PRE_TRIAL)]),
    ]
    assert stock(people, D(2021, 1, 10)).count == 2
    criminal = {"custody_kinds": {CustodyKind.PRE_TRIAL, CustodyKind.SENTENCE}}
    assert stock(people, D(2021, 1, 10), **criminal).person_ids == (2,)


# --- total arrested = still detained + released (AAPP, 15 May 2023) -------------------------


def test_total_arrested_is_still_detained_plus_released():
    people = [
        Person(1, custody=[held("2021-02-01")]),
        Person(2, custody=[held("2021-02-01", "2021-03-01")]),
        Person(
            3, custody=[held("2021-02-03", "2022-05-01", EndReason.AMNESTIED), held("2023-01-01")]
        ),
        Person(4, custody=[held("2021-04-01", "2022-01-10", EndReason.DIED)]),
        Person(5, custody=[held("2023-06-01")]),  # arrested after the as-of day
        Person(6),  # documented, never held
    ]
    day = D(2023, 5, 15)
    total = cumulative(people, day)
    detained = stock(people, day)
    table = breakdown(people, FigureDefinition.cumulative(day), "custody")
    rows = {r.value: r.person_ids for r in table.rows}
    assert total.person_ids == (1, 2, 3, 4)
    assert rows == {"held": (1, 3), "released": (2,), "died_in_custody": (4,)}
    assert detained.person_ids == rows["held"]
    assert total.count == detained.count + len(rows["released"]) + len(rows["died_in_custody"])


# --- reported apart ----------------------------------------------------------------------


def test_unknown_missing_abducted_and_restricted_are_reported_apart_never_dropped():
    people = [
        Person(1, custody=[held("2021-01-01")], recognitions=[rec("viasna", "2021-02-01")]),
        Person(
            2,
            status=PersonStatus.MISSING,
            status_since=pd("2023-02"),
            custody=[held("2021-01-01")],
            recognitions=[rec("viasna", "2021-02-01")],
        ),
        Person(
            3,
            status=PersonStatus.RESTRICTED,
            status_since=pd("2022-06-01"),
            custody=[held("2021-01-01", "2022-06-01")],
            recognitions=[rec("viasna", "2021-02-01")],
        ),
        Person(4, status=PersonStatus.ABDUCTED, status_since=pd("2022-01-01")),
        Person(5, status=PersonStatus.UNKNOWN, custody=[held("2020-09-01")]),
    ]
    figure = stock(people, D(2023, 4, 30), **VIASNA)
    assert figure.person_ids == (1,)
    assert figure.reported_apart == {"missing": (2,), "restricted": (3,)}
    assert "Reported apart" in figure.notes[0]
    # before the person went missing, they were in the stock
    assert stock(people, D(2023, 1, 31), **VIASNA).person_ids == (1, 2)
    unfiltered = stock(people, D(2023, 4, 30))
    assert unfiltered.reported_apart == {
        "abducted": (4,),
        "missing": (2,),
        "restricted": (3,),
        "unknown": (5,),
    }
    # the cumulative count is "whatever their custody now"
    assert cumulative(people, D(2023, 4, 30), **VIASNA).person_ids == (1, 2, 3)
    # without an organisation the abducted person, never in state custody, is reported apart
    assert cumulative(people, D(2023, 4, 30)).reported_apart == {"abducted": (4,)}
    restricted_until = Person(
        8,
        status=PersonStatus.RESTRICTED,
        status_since=pd("2022-06-01"),
        status_until=pd("2023-06-01"),
    )
    assert stock([restricted_until], D(2023, 5, 31)).reported_apart == {"restricted": (8,)}
    assert stock([restricted_until], D(2023, 6, 1)).reported_apart == {}


# --- citation and definition --------------------------------------------------------------


def test_citation_and_definition_state_the_time_zone_and_everything_else():
    people = [Person(1, custody=[held("2021-01-01")], recognitions=[rec("viasna", "2021-02-01")])]
    definition = FigureDefinition.stock(D(2023, 4, 30), recognised_by="viasna")
    figure = count(people, definition, names={"viasna": "Viasna"})
    assert figure.citation == (
        "Political prisoners recognised by Viasna in custody at the end of 30 April 2023 "
        "(Europe/Minsk)"
    )
    assert figure.definition["as_of"] == "2023-04-30"
    assert figure.definition["timezone"] == "Europe/Minsk"
    assert figure.definition["recognised_by"] == ["viasna"]
    assert figure.as_dict()["person_ids"] == [1]
    assert figure.as_dict()["as_of"] == {
        "date": "2023-04-30",
        "timezone": "Europe/Minsk",
        "time": "end of day",
    }
    both = FigureDefinition.during(
        D(2022, 1, 1),
        D(2022, 12, 31),
        recognised_by=("viasna", "pen"),
        match="all",
        where={"occupation": "writer"},
        timezone="Europe/Warsaw",
    )
    assert citation(both, {"pen": "PEN Belarus", "viasna": "Viasna"}) == (
        "Political prisoners recognised by PEN Belarus and Viasna (occupations: writer) held at "
        "any time from 1 January 2022 to 31 December 2022 (Europe/Warsaw)"
    )
    assert citation(FigureDefinition.cumulative(D(2024, 5, 21), recognised_by=("viasna",))) == (
        "Persons ever recognised as political prisoners by viasna up to the end of 21 May 2024 "
        "(Europe/Minsk)"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: FigureDefinition.stock(D(2023, 4, 30), timezone="Mars/Olympus"), "time zone"),
        (lambda: count([], FigureDefinition.during(D(2023, 4, 30), D(2023, 1, 1))), "before"),
        (lambda: count([], FigureDefinition(kind="stock")), "as-of"),
        (lambda: FigureDefinition(kind="average", as_of=D(2023, 1, 1)), "unknown kind of count"),
        (lambda: FigureDefinition.stock(D(2023, 1, 1), match="most"), "any, all"),
        (
            lambda: series(
                [], FigureDefinition.stock(D(2023, 1, 1)), D(2023, 1, 1), D(2023, 2, 1), "hourly"
            ),
            "unknown frequency",
        ),
        (lambda: local_date(dt.datetime(2023, 4, 30, 23, 30)), "aware"),
    ],
)
def test_bad_definitions_are_refused_with_a_reason(make, message):
    with pytest.raises(ValueError, match=message):
        make()
    with pytest.raises(ValueError):  # FigureError is a ValueError
        raise FigureError("x")


# --- series -------------------------------------------------------------------------------


def test_series_points_are_bucket_ends_and_match_point_counts():
    people = [
        Person(1, custody=[held("2022-01-15", "2022-03-10")]),
        Person(2, custody=[held("2022-02-28")]),
        Person(3, custody=[held("2022-02", "2022-04-01")]),
    ]
    monthly = series(
        people, FigureDefinition.stock(D(2022, 1, 1)), D(2022, 1, 1), D(2022, 4, 15), "monthly"
    )
    assert monthly.points == (D(2022, 1, 31), D(2022, 2, 28), D(2022, 3, 31), D(2022, 4, 15))
    assert monthly.counts == (1, 3, 2, 1)
    for point, value in zip(monthly.points, monthly.counts, strict=True):
        assert stock(people, point).count == value
    weekly = series(
        people, FigureDefinition.stock(D(2022, 1, 1)), D(2022, 3, 1), D(2022, 3, 20), "weekly"
    )
    assert weekly.points == (D(2022, 3, 6), D(2022, 3, 13), D(2022, 3, 20))  # Sundays
    assert weekly.counts == (3, 2, 2)
    cumulative_monthly = series(
        people, FigureDefinition.cumulative(D(2022, 1, 1)), D(2022, 1, 1), D(2022, 4, 30), "monthly"
    )
    assert cumulative_monthly.counts == (1, 3, 3, 3)
    assert monthly.as_dict()["points"][0] == {
        "from": "2022-01-01",
        "to": "2022-01-31",
        "count": 1,
        "reported_apart": 0,
    }


def test_a_person_given_twice_is_refused_rather_than_counted_twice():
    twice = [Person(1, custody=[held("2021-01-01")]), Person(1, custody=[held("2022-01-01")])]
    with pytest.raises(FigureError, match="person 1 is given twice"):
        stock(twice, D(2022, 6, 1))
    with pytest.raises(FigureError, match="given twice"):
        Population(twice)


def test_the_day_of_an_instant_is_the_local_day_in_the_figure_time_zone():
    late_evening_utc = dt.datetime(2023, 4, 30, 23, 30, tzinfo=dt.UTC)
    assert local_date(late_evening_utc) == D(2023, 5, 1)  # Minsk is UTC+3
    assert local_date(late_evening_utc, "Europe/Warsaw") == D(2023, 5, 1)
    assert local_date(late_evening_utc, "America/New_York") == D(2023, 4, 30)


def test_same_day_recognition_records_are_read_in_the_order_given_the_last_winning():
    under_review_then_recognised = Person(
        1,
        custody=[held("2021-01-01")],
        recognitions=[
            rec("viasna", "2021-03-01", status=RecognitionStatus.UNDER_REVIEW),
            rec("viasna", "2021-03-01"),
        ],
    )
    assert stock([under_review_then_recognised], D(2021, 3, 1), **VIASNA).count == 1
    reversed_order = Person(
        1,
        custody=[held("2021-01-01")],
        recognitions=list(reversed(under_review_then_recognised.recognitions)),
    )
    assert stock([reversed_order], D(2021, 3, 1), **VIASNA).count == 0


def test_plain_values_from_a_database_row_are_accepted():
    person = Person(
        1,
        status="missing",
        status_since="2023-02",
        custody=[CustodyPeriod("2021-01-05", "2023-05-10", "died", "sentence")],
        recognitions=[Recognition("viasna", "recognised", "2021-02")],
    )
    assert person.custody[0].end_reason is EndReason.DIED
    assert person.custody[0].start == pd("2021-01-05")
    assert person.recognitions[0].status is RecognitionStatus.RECOGNISED
    assert person.status is PersonStatus.MISSING and person.status_since == pd("2023-02")
    assert stock([person], D(2023, 1, 31), **VIASNA).count == 1
    with pytest.raises(ValueError, match="not a date"):
        CustodyPeriod("2021-13-01")
