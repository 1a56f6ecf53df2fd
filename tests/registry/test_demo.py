"""`vigil demo`: the statement's people and facts, the synthetic population, the logins."""

import datetime as dt
import io
import stat

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import Q

from vigil.accounts.models import Coalition, Membership, Organisation
from vigil.registry.demo.logins import DEMO_USERS
from vigil.registry.demo.namegen import romanise
from vigil.registry.demo.organisations import load_organisations
from vigil.registry.demo.statement import EXCERPT_FILE, QUOTES, TITLE, find_statement_text
from vigil.registry.demo.synthetic import (
    DEFAULT_SIZE,
    NAMED_HELD,
    VIASNA_STOCK,
    Population,
    quotas,
)
from vigil.registry.models import (
    Affiliation,
    Case,
    Citation,
    ConditionReport,
    CustodyPeriod,
    NameVariant,
    Person,
    Placement,
    Recognition,
    Source,
    Statement,
)

SIZE = 200
NAMED = [
    # (Latin, Belarusian, Russian)
    ("Ales Bialiatski", "Алесь Бяляцкі", "Алесь Беляцкий"),
    ("Maryna Zolatava", "Марына Золатава", "Марина Золотова"),
    ("Liudmila Chekina", "Людміла Чэкіна", "Людмила Чекина"),
    ("Mikalay Klimovich", "Мікалай Клімовіч", "Николай Климович"),
    ("Nasta Lojka", "Наста Лойка", "Настя Лойко"),
    ("Ksenia Lutskina", "Ксенія Луцкіна", "Ксения Луцкина"),
]
MODELS = [Organisation, Coalition, Person, NameVariant, Case, CustodyPeriod, Placement,
          Recognition, ConditionReport, Citation, Source, Statement, Membership]


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    # Argon2 makes each load a second slower; the hasher is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return run_demo("--synthetic", str(SIZE), "--seed", "7")


def person_named(text: str) -> Person:
    return Person.objects.get(names__text=text)


def statement_source() -> Source:
    return Source.objects.get(title=TITLE, kind="statement")


def cites_statement(record) -> bool:
    return Citation.objects.filter(
        source=statement_source(),
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
    ).exists()


def in_custody_on(day: dt.date) -> set[int]:
    periods = CustodyPeriod.objects.filter(started__lte=day).filter(
        Q(ended__isnull=True) | Q(ended__gt=day)
    )
    return set(periods.values_list("person_id", flat=True))


def recognised_on(org: str, day: dt.date) -> set[int]:
    rows = Recognition.objects.filter(
        organisation__slug=org, status="recognised", since__lte=day
    ).filter(Q(until__isnull=True) | Q(until__gt=day))
    return set(rows.values_list("person_id", flat=True))


def test_named_people_have_three_spellings(demo):
    for latin, belarusian, russian in NAMED:
        person = person_named(latin)
        names = {n.text: n for n in person.names.all()}
        assert {latin, belarusian, russian} <= set(names)
        assert (names[belarusian].language, names[belarusian].script) == ("be", "Cyrl")
        assert (names[russian].language, names[russian].script) == ("ru", "Cyrl")
        assert names[latin].script == "Latn" and names[latin].is_primary
        assert person.display_name == latin
        assert all(n.search_keys.strip() for n in names.values())
        assert not person.synthetic


def test_klimovich_died_in_custody_on_10_may_2023(demo):
    custody = person_named("Mikalay Klimovich").custody_periods.get()
    assert custody.ended == dt.date(2023, 5, 10)
    assert custody.ended_precision == "D"
    assert custody.end_reason == "died"
    assert str(custody.partial("started")) == "2023-05"


def test_the_statement_facts(demo):
    bialiatski = person_named("Ales Bialiatski")
    case = bialiatski.cases.get()
    assert (case.sentence_months, str(case.partial("verdict_date"))) == (120, "2023-03")
    assert bialiatski.custody_periods.first().started == dt.date(2021, 7, 14)
    for name in ("Maryna Zolatava", "Liudmila Chekina"):
        assert person_named(name).cases.get().sentence_months == 144
    lutskina = person_named("Ksenia Lutskina")
    case = lutskina.cases.get()
    assert case.sentence_months == 96
    assert [a.article for a in case.charges.all()] == ["357"]
    emergency = lutskina.condition_reports.get(condition__slug="health-emergency")
    assert emergency.description_sensitivity == "restricted"
    assert "tumour" in emergency.description and "tumour" in lutskina.health
    lojka = person_named("Nasta Lojka")
    assert lojka.custody_periods.get().ended is None
    assert set(lojka.condition_reports.values_list("condition__slug", flat=True)) >= {
        "lawyer-denied", "medical-care-denied", "ill-treatment",
    }
    victor = person_named("Victor")
    assert victor.visibility == "organisation" and victor.relatives


def test_every_named_persons_facts_cite_the_statement(demo):
    statement = Statement.objects.get(title=TITLE)
    assert statement.persons_named.count() == 7
    for person in statement.persons_named.all():
        assert cites_statement(person), person
        records = [
            *person.cases.all(), *person.custody_periods.all(), *person.recognitions.all(),
            *person.condition_reports.all(), *Affiliation.objects.filter(person=person),
        ]
        for record in records:
            assert cites_statement(record), (person, record)


def test_citation_locators_quote_the_statement(demo):
    text = Statement.objects.get(title=TITLE).text
    locators = set(Citation.objects.filter(source=statement_source())
                   .values_list("locator", flat=True))
    assert locators
    for locator in locators:
        assert any(locator.startswith(quote) for quote in QUOTES) or locator.startswith(
            "Section “"), locator
    for quote in QUOTES:
        assert quote in text


def test_the_statement_and_its_signatories(demo):
    statement = Statement.objects.get(title=TITLE)
    assert statement.published_on == dt.date(2023, 5, 21)
    assert statement.visibility == "public"
    assert statement.source.publisher == "Civic Space"
    assert statement.signatories.count() == 10
    assert "1,495 political prisoners" in statement.text
    coalition = Coalition.objects.get()
    members = set(coalition.members.values_list("slug", flat=True))
    assert {"viasna", "pen-belarus", "baj", "cpj", "pen-international"} <= members
    assert len(members) == 12


def test_synthetic_persons_are_marked_and_named_ones_are_not(demo):
    synthetic = Person.objects.filter(synthetic=True)
    assert synthetic.count() == SIZE
    assert not synthetic.exclude(summary__startswith="Synthetic demo person").exists()
    assert Person.objects.filter(synthetic=False).count() == len(NAMED) + 1
    assert not Person.objects.filter(synthetic=False,
                                     summary__startswith="Synthetic").exists()
    for person in synthetic[:20]:
        languages = set(person.names.values_list("language", flat=True))
        assert languages == {"be", "ru", "en"}


def test_the_population_lands_on_the_statement_figures(demo):
    day = dt.date(2023, 4, 30)
    stock = in_custody_on(day) & recognised_on("viasna", day)
    assert len(stock) == round(VIASNA_STOCK * SIZE / DEFAULT_SIZE)
    assert quotas(DEFAULT_SIZE)["held"] + NAMED_HELD == VIASNA_STOCK
    ever = Recognition.objects.filter(organisation__slug="viasna", status="recognised")
    assert ever.values("person").distinct().count() > len(stock)


def test_synthetic_records_pass_the_model_rules(demo):
    for model in (CustodyPeriod, Case, Placement, Recognition, ConditionReport):
        for record in model.objects.filter(**{
            "person__synthetic" if model is not Placement else "custody__person__synthetic":
            True}):
            record.full_clean(validate_unique=False, validate_constraints=False)


def test_output_names_every_user_and_the_file_keeps_their_passwords(demo, settings):
    for user in DEMO_USERS:
        assert user.username in demo
    path = settings.VAR_DIR / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for line in path.read_text().splitlines()[2:]:
        username, password, *_ = line.split("\t")
        assert password in demo


def test_administrator_is_staff_but_not_superuser(demo):
    admin = Membership.objects.get(user__username="viasna-admin").user
    assert admin.is_staff and not admin.is_superuser
    assert admin.has_perm("registry.view_region")
    assert admin.has_perm("registry.change_article")
    assert not admin.has_perm("registry.delete_article")


def test_loading_twice_with_once_adds_nothing(demo):
    counts = {model: model.objects.count() for model in MODELS}
    again = run_demo("--once", "--synthetic", str(SIZE))
    assert "already loaded" in again
    assert {model: model.objects.count() for model in MODELS} == counts
    for user in DEMO_USERS:
        assert user.username in again
    assert again.splitlines()[2].split()[1] == demo.splitlines()[2].split()[1]


def test_once_resets_the_passwords_when_the_file_is_lost(demo, settings):
    (settings.VAR_DIR / "demo-logins.txt").unlink()
    again = run_demo("--once")
    password = again.splitlines()[2].split()[1]
    user = Membership.objects.get(user__username=DEMO_USERS[0].username).user
    assert user.check_password(password)


def test_loading_again_without_once_is_refused(demo):
    with pytest.raises(CommandError, match="already loaded"):
        run_demo()


def test_the_excerpt_holds_every_quoted_sentence(tmp_path):
    excerpt = EXCERPT_FILE.read_text(encoding="utf-8")
    assert excerpt.startswith(TITLE)
    for quote in QUOTES:
        assert quote in excerpt
    text, where = find_statement_text(tmp_path / "none.txt", seed_dirs=[tmp_path])
    assert (text, where) == (excerpt.strip(), "excerpt in vigil/registry/data")
    own = tmp_path / "statement.txt"
    own.write_text(TITLE + "\n\nAnother copy.", encoding="utf-8")
    assert find_statement_text(seed_dirs=[tmp_path]) == (own.read_text().strip(), str(own))


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_population():
    orgs = load_organisations()

    def shape(seed):
        return [(p.trajectory, p.female, p.group, p.periods, p.recognitions)
                for p in Population(60, seed, orgs).plans()]

    assert shape(3) == shape(3)
    assert shape(3) != shape(4)


@pytest.mark.parametrize("belarusian,latin", [
    ("Аляксандр Кавалёў", "Aliaksandr Kavaliou"),
    ("Таццяна Каліноўская", "Tatsiana Kalinouskaya"),
    ("Дзмітрый Юрык", "Dzmitry Yuryk"),
    ("Марыя Сцяпанава", "Maryia Stsiapanava"),
])
def test_synthetic_names_are_romanised_from_belarusian(belarusian, latin):
    assert romanise(belarusian) == latin


def test_citations_are_no_more_visible_than_what_they_cite(demo):
    victor = person_named("Victor")
    person_type = ContentType.objects.get_for_model(Person)
    citations = Citation.objects.filter(content_type=person_type, object_id=victor.pk)
    assert citations.exists()
    assert set(citations.values_list("visibility", flat=True)) == {"organisation"}
    hidden = Person.objects.exclude(visibility="public").values_list("pk", flat=True)
    assert not Citation.objects.filter(content_type=person_type, object_id__in=list(hidden),
                                       visibility="public").exists()
