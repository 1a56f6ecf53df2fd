"""What a row's facility, sentence and articles become: placements, sentences, charges."""

import pytest

from tests.factories import make_custody, make_person
from tests.lists.helpers import csv_bytes, plan, run_import
from tests.lists.test_import import snapshot
from vigil.lists.reading import ListError
from vigil.lists.terms import facility_aliases, facility_key
from vigil.registry import models as m

HEADER = ["id", "name", "birth_year", "articles", "detained_on", "released_on", "facility",
          "sentence", "source_url"]
ROWS = [
    {"id": "1", "name": "Лосік Ігар", "birth_year": "1992", "articles": "ч. 1 ст. 130",
     "detained_on": "2020-06-25", "facility": "ИК-3, г. Витебск",
     "sentence": "15 лет колонии усиленного режима", "source_url": "https://spring96.org/7"},
    {"id": "2", "name": "Бабарыка Віктар", "birth_year": "1963", "articles": "342 ч.2",
     "detained_on": "2020-06-18", "facility": "Валадарка", "sentence": "14 years"},
    {"id": "3", "name": "Чэкіна Людміла", "birth_year": "1960", "articles": "361-1 part 2",
     "detained_on": "2022-01-10", "released_on": "2022-07-01",
     "facility": "ІЧУ Пінск", "sentence": "restricted freedom 3 years"},
    {"id": "4", "name": "Статкевіч Мікалай", "birth_year": "1956", "detained_on": "2020-05-31",
     "facility": "ИЧУ Пинск", "sentence": "life"},
]


def import_rows(rows, org, user, **kwargs):
    return run_import(csv_bytes(rows, header=HEADER), org, user, **kwargs)


def case_of(version, list_id):
    return version.entries.get(external_id=list_id).person.cases.get()


@pytest.mark.django_db
def test_facility_becomes_a_placement_in_the_rows_custody(org_a, documenter_a):
    version, _ = import_rows(ROWS, org_a, documenter_a)
    losik = version.entries.get(external_id="1").person.custody_periods.get()
    placement = losik.placements.get()
    assert placement.facility.slug == "ik-3-viciebsk"  # the vocabulary's, in Russian
    assert losik.placements.get().organisation == org_a
    cited = m.Citation.objects.get(source=version.source, object_id=placement.pk,
                                   content_type__model="placement")
    assert cited.field == "facility" and cited.claimed_value == "ИК-3, г. Витебск"
    assert "spring96.org/7" in cited.locator
    babaryka = version.entries.get(external_id="2").person.custody_periods.get()
    assert babaryka.placements.get().facility.slug == "minsk-sizo-1"  # its nickname


@pytest.mark.django_db
def test_an_unknown_facility_is_added_once(org_a, documenter_a):
    before = m.Facility.objects.count()
    version, _ = import_rows(ROWS, org_a, documenter_a)
    # rows 3 and 4 spell one facility in Belarusian and in Russian: "ІЧУ Пінск" = "ИЧУ Пинск"
    assert m.Facility.objects.count() == before + 1
    added = m.Facility.objects.get(name_en="ІЧУ Пінск")
    assert added.kind == "other" and added.region.slug == "brest"
    for list_id in ("3", "4"):
        period = version.entries.get(external_id=list_id).person.custody_periods.get()
        assert period.placements.get().facility == added
    # a later import finds it by its name
    import_rows([{"id": "9", "name": "Іваноў Іван", "birth_year": "1970",
                  "detained_on": "2023-01-01", "facility": "ичу пинск"}],
                org_a, documenter_a, list_name="other", file_name="other.csv")
    assert m.Facility.objects.count() == before + 1


@pytest.mark.django_db
def test_sentences_become_the_cases_sentence(org_a, documenter_a):
    version, _ = import_rows(ROWS, org_a, documenter_a)
    losik = case_of(version, "1")
    assert (losik.verdict, losik.sentence_kind, losik.sentence_months, losik.regime) == (
        "convicted", "imprisonment", 180, "enhanced")
    claims = m.Citation.objects.filter(source=version.source, object_id=losik.pk,
                                       field="sentence_kind")  # claims are encrypted: no SQL
    assert "15 лет колонии усиленного режима" in {c.claimed_value for c in claims}
    custody = losik.person.custody_periods.get()
    assert custody.kind == "sentence" and custody.case == losik
    chekina = case_of(version, "3")
    assert (chekina.sentence_kind, chekina.sentence_months) == ("restricted_freedom", 36)
    # restricted freedom is not served in custody: the detention was before the trial
    assert chekina.person.custody_periods.get().kind == "pretrial"
    statkevich = case_of(version, "4")
    assert (statkevich.sentence_kind, statkevich.sentence_months) == ("life", None)
    assert not statkevich.charges.exists()


@pytest.mark.django_db
def test_charges_keep_their_parts(org_a, documenter_a):
    version, _ = import_rows(ROWS, org_a, documenter_a)
    charges = {list_id: [(a.article, a.part) for a in case_of(version, list_id).charges.all()]
               for list_id in ("1", "2", "3")}
    assert charges == {"1": [("130", "1")], "2": [("342", "2")], "3": [("361-1", "2")]}


@pytest.mark.django_db
def test_a_part_the_vocabulary_lacks_is_added_under_its_article(org_a, documenter_a):
    whole = m.Article.objects.get(article="243", part="")
    assert not m.Article.objects.filter(article="243", part="2").exists()
    version, _ = import_rows([{"id": "1", "name": "Бяляцкі Алесь", "birth_year": "1962",
                               "articles": "ч. 2 ст. 243"}], org_a, documenter_a)
    part = case_of(version, "1").charges.get()
    assert (part.article, part.part, part.title_en) == ("243", "2", whole.title_en)


@pytest.mark.django_db
def test_an_existing_case_is_cited_not_changed(org_a, documenter_a):
    person = make_person(org_a, name="Лосік Ігар", birth_date="1992-01-01",
                         birth_date_precision="Y")
    case = m.Case.objects.create(person=person, organisation=org_a)
    case.charges.add(m.Article.objects.get(article="130", part=""))
    make_custody(person, "2020-06-25")
    version, p = import_rows(ROWS[:1], org_a, documenter_a)
    assert p.counts["matched"] == 1
    assert person.cases.get() == case  # no second case
    case.refresh_from_db()
    assert case.sentence_kind == "" and case.verdict == "pending"  # not overwritten
    claims = set(m.Citation.objects.filter(source=version.source, object_id=case.pk,
                                           content_type__model="case")
                 .values_list("field", "claimed_value"))
    assert claims == {("charges", "ч. 1 ст. 130"),
                      ("sentence_kind", "15 лет колонии усиленного режима")}
    custody = person.custody_periods.get()  # the existing period, with the new placement
    assert custody.placements.get().facility.slug == "ik-3-viciebsk"


@pytest.mark.django_db
def test_reimporting_changed_values_adds_no_duplicate(org_a, documenter_a):
    import_rows(ROWS, org_a, documenter_a)
    counts = {model: model.objects.count() for model in (m.Case, m.Placement, m.Facility)}
    changed = [dict(r) for r in ROWS]
    changed[0]["source_url"] = "https://spring96.org/7-updated"
    import_rows(changed, org_a, documenter_a, file_name="v2.csv")
    assert {model: model.objects.count() for model in counts} == counts


@pytest.mark.django_db
@pytest.mark.parametrize("column, value, message", [
    ("sentence", "15 суток", "row 2, column sentence: not a sentence: '15 суток'"),
    ("sentence", "pending", "row 2, column sentence: not a sentence: 'pending'"),
    ("articles", "хулиганство", "row 2, column articles: not articles: 'хулиганство'"),
    ("detained_on", "", "row 2, column facility: a facility needs the detention date"),
])
def test_a_bad_value_stops_the_dry_run(org_a, documenter_a, column, value, message):
    rows = [dict(r) for r in ROWS]
    rows[1][column] = value
    before = snapshot()
    with pytest.raises(ListError, match=message):
        plan(csv_bytes(rows, header=HEADER), org_a, documenter_a)
    assert snapshot() == before


def test_a_mapped_columns_error_names_the_files_header():
    from vigil.lists.reading import read_rows

    content = "№,Імя,Прысуд\n1,Лосік Ігар,пяць\n".encode()
    with pytest.raises(ListError, match=r'row 1, column sentence \("Прысуд"\): not a sentence'):
        read_rows(content, "l.csv", {"id": "№", "name": "Імя", "sentence": "Прысуд"})


def test_facility_aliases():
    sizo = "Следственный изолятор № 1 (СИЗО-1, «Володарка»), Минск"
    assert facility_aliases(sizo) == {
        facility_key(sizo), "следственный изолятор 1 минск", "володарка", "сизо 1 минск"}
    assert facility_key("ИК-3, г. Витебск") == facility_key("ик 3 витебск") == "ик 3 витебск"
