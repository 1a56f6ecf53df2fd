"""The seed statement of 21 May 2023 as a source and a statement, and the people it names.

Every fact about a named person cites the statement, with the sentence it comes from as the
locator. Where the demo needs a fact the statement does not give (a start of custody, the
day Ales Bialiatski was detained), the record says so in its notes and, when a second public
source was checked, cites that source too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType

from vigil.dates import PartialDate
from vigil.registry.models import (
    Affiliation,
    Case,
    Citation,
    ConditionReport,
    ConditionType,
    CustodyKind,
    CustodyPeriod,
    EndReason,
    Gender,
    Language,
    NameKind,
    NameVariant,
    Occupation,
    Person,
    Recognition,
    RecognitionStatus,
    Reliability,
    Script,
    Sensitivity,
    SentenceKind,
    Source,
    SourceKind,
    Statement,
    Verdict,
    Visibility,
)
from vigil.registry.models import Article as ArticleModel

TITLE = "Belarus: Civil society groups reaffirm solidarity with political prisoners"
PUBLISHER = "Civic Space"
PUBLISHED_ON = "2023-05-21"
SIGNATORY_SLUGS = [
    "baj", "cpj", "ecpmf", "efj", "hrhf", "ipi", "index-on-censorship", "jfj", "pen-america",
    "pen-international",
]
EXCERPT_FILE = Path(__file__).resolve().parent.parent / "data" / "statement-2023-05-21.txt"
SOURCE_NOTES = (
    "The statement's own header reads 'Civic Space'. It is dated only '21 May' (the Day of the "
    "Political Prisoner in Belarus); the year 2023 is inferred from the events it reports: "
    "Ales Bialiatski's sentence of March 2023 and Mikalay Klimovich's death on 10 May."
)

# Sentences of the statement, quoted verbatim as citation locators.
Q_VIASNA = (
    "According to Viasna, one of the oldest and most prominent rights groups in the country, "
    "as of the end of April, there were 1,495 political prisoners in Belarus and more than "
    "3,200 people convicted in politically-motivated criminal trials."
)
Q_BIALIATSKI = (
    "Six of Viasna’s members are currently in jail, including its chairperson and Nobel Peace "
    "Prize laureate Ales Bialiatski, who was sentenced to 10 years in prison in March 2023."
)
Q_BAJ = (
    "Belarus has been dubbed ‘Europe’s most dangerous country for journalists’, with 33 media "
    "workers currently behind bars, according to the Belarusian Association of Journalists "
    "(BAJ) – the leading journalistic organisation in the country."
)
Q_TUTBY = (
    "In one of the latest show trials, Maryna Zolatava and Lyudmila Chekina, senior staff at "
    "independent outlet, Belarus’ most popular online news portal before its forced closure by "
    "authorities in 2021, were each sentenced to 12 years in prison."
)
Q_PEN = (
    "The writers’ organisation PEN Belarus found that over 100 cultural workers were among the "
    "more than 1,400 political prisoners in the country in 2022."
)
Q_KLIMOVICH = (
    "Blogger Mikalay Klimovich, who was jailed for posting an online caricature of Lukashenko, "
    "died in prison on 10 May."
)
Q_LOJKA = (
    "Human rights defender Nasta Lojka has reported on the degrading treatment and torture she "
    "has experienced during prolonged pre-trial detention."
)
Q_LOJKA_CONDITIONS = (
    "Belarusian authorities disbarred her lawyer, rejected her request for dental treatment, "
    "and denied her access to medication and warm clothes."
)
Q_LUTSKINA = (
    "Journalist Ksenia Lutskina, who is serving a 8-year prison sentence on charges of "
    "conspiring to seize state power, has a pre-existing brain tumour that has grown in "
    "detention and is not receiving appropriate medical care."
)
# The first half of that sentence, for the facts that are not about her health.
Q_LUTSKINA_CASE = (
    "Journalist Ksenia Lutskina, who is serving a 8-year prison sentence on charges of "
    "conspiring to seize state power"
)
Q_VICTOR = (
    "When Victor was detained, his wife first told their children he was on a business trip "
    "but the story fell short as the separation prolonged."
)
QUOTES = [Q_VIASNA, Q_BIALIATSKI, Q_BAJ, Q_TUTBY, Q_PEN, Q_KLIMOVICH, Q_LOJKA,
          Q_LOJKA_CONDITIONS, Q_LUTSKINA, Q_LUTSKINA_CASE, Q_VICTOR]

# Health is restricted even when a public text reports it: the citations of health facts
# point at the sentence instead of quoting it, so the quote does not undo the restriction.
L_LUTSKINA_HEALTH = (
    "Section “Denied medical care and appalling conditions”, the sentence on Ksenia Lutskina "
    "(health details: see the restricted record)."
)

NOBEL_URL = "https://www.nobelprize.org/prizes/peace/2022/press-release/"
POLSKIE_RADIO_URL = (
    "https://polskieradio.pl/395/7789/artykul/3049684,"
    "update-nobel-peace-prize-2022-won-by-rights-activists-in-ukraine-russia-belarus"
)
Q_POLSKIE_RADIO = (
    "In July 2021, Bialiatski and others were detained by Belarusian security police as part "
    "of the Alexander Lukashenko regime’s new crackdown on the opposition."
)


def default_seed_dirs() -> list[Path]:
    """`../shared/seed/` beside the checkout (and beside the working directory)."""
    checkout = Path(__file__).resolve().parents[4]
    return [checkout.parent / "shared" / "seed", Path.cwd().parent / "shared" / "seed"]


def find_statement_text(explicit: Path | None = None,
                        seed_dirs: list[Path] | None = None) -> tuple[str, str]:
    """The statement's text and where it was read from.

    Looks at `explicit`, then at the project's seed folder, and falls back to the excerpt
    kept in the data package.
    """
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(explicit)
    for seed_dir in default_seed_dirs() if seed_dirs is None else seed_dirs:
        if seed_dir.is_dir():
            candidates.extend(sorted(seed_dir.glob("*.txt")))
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if text.startswith(TITLE) or path == explicit:
            return text, str(path)
    return EXCERPT_FILE.read_text(encoding="utf-8").strip(), "excerpt in vigil/registry/data"


@dataclass
class NamedPerson:
    """A person named in the statement, as loaded (the tests and the loader look them up)."""

    key: str
    person: Person
    records: list = field(default_factory=list)


class _Loader:
    def __init__(self, orgs, viasna, baj):
        self.orgs = orgs
        self.viasna = viasna
        self.baj = baj
        self.owner = viasna
        self.types: dict[type, ContentType] = {}

    # -- helpers -----------------------------------------------------------------------
    def dated(self, model, dates: dict[str, str | None], **values):
        obj = model(organisation=values.pop("owner", None) or self.owner,
                    visibility=values.pop("visibility", Visibility.PUBLIC), **values)
        for name, text in dates.items():
            obj.set_partial(name, PartialDate.parse(text) if text else None)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        return obj

    def cite(self, obj, source, locator, *, field_name="", claimed=""):
        content_type = self.types.get(type(obj))
        if content_type is None:
            content_type = self.types[type(obj)] = ContentType.objects.get_for_model(type(obj))
        return Citation.objects.create(
            organisation=obj.organisation, visibility=obj.visibility, source=source,
            content_type=content_type, object_id=obj.pk, field=field_name,
            claimed_value=str(claimed)[:300], locator=locator[:500],
        )

    def person(self, *, gender, occupations, names, summary, visibility=Visibility.PUBLIC,
               **extra):
        person = Person.objects.create(
            organisation=self.owner, visibility=visibility, gender=gender, summary=summary,
            **extra,
        )
        person.occupations.set(Occupation.objects.filter(slug__in=occupations))
        for text, language, script, kind, primary in names:
            NameVariant.objects.create(
                organisation=self.owner, visibility=visibility, person=person, text=text,
                language=language, script=script, kind=kind, is_primary=primary,
            )
        return person


def _names(be: str, ru: str, *latin: str):
    rows = [
        (latin[0], Language.EN, Script.LATIN, NameKind.LATIN, True),
        (be, Language.BE, Script.CYRILLIC, NameKind.BELARUSIAN, False),
        (ru, Language.RU, Script.CYRILLIC, NameKind.RUSSIAN, False),
    ]
    rows += [(text, Language.EN, Script.LATIN, NameKind.LATIN, False) for text in latin[1:]]
    return rows


def load_statement(orgs: dict, statement_file: Path | None = None) -> dict[str, NamedPerson]:
    """Create the statement's source, the statement, its named people and their facts."""
    viasna, baj = orgs["viasna"], orgs["baj"]
    text, _ = find_statement_text(statement_file)
    load = _Loader(orgs, viasna, baj)

    source = Source(
        organisation=baj, visibility=Visibility.PUBLIC, kind=SourceKind.STATEMENT, title=TITLE,
        publisher=PUBLISHER, reliability=Reliability.HIGH, notes=SOURCE_NOTES,
    )
    source.set_partial("published_on", PartialDate.parse(PUBLISHED_ON))
    source.save()
    statement = Statement(
        organisation=baj, visibility=Visibility.PUBLIC, title=TITLE, text=text, source=source,
    )
    statement.set_partial("published_on", PartialDate.parse(PUBLISHED_ON))
    statement.save()
    statement.signatories.set([orgs[slug] for slug in SIGNATORY_SLUGS])

    nobel = Source(
        organisation=viasna, visibility=Visibility.PUBLIC, kind=SourceKind.PUBLICATION,
        title="The Nobel Peace Prize 2022 — press release", url=NOBEL_URL,
        publisher="The Norwegian Nobel Committee", reliability=Reliability.HIGH,
        notes="Announces the prize to Ales Bialiatski, Memorial and the Center for Civil "
              "Liberties, and reports that Bialiatski is detained.",
    )
    nobel.set_partial("published_on", PartialDate.parse("2022-10-07"))
    nobel.save()
    radio = Source(
        organisation=viasna, visibility=Visibility.PUBLIC, kind=SourceKind.PUBLICATION,
        title="Nobel Peace Prize 2022 won by rights activists in Ukraine, Russia, Belarus",
        url=POLSKIE_RADIO_URL, publisher="Polskie Radio", reliability=Reliability.MEDIUM,
    )
    radio.set_partial("published_on", PartialDate.parse("2022-10-07"))
    radio.save()

    conditions = {c.slug: c for c in ConditionType.objects.all()}
    cite = load.cite
    named: dict[str, NamedPerson] = {}

    def recognise(person, owner, since, quote, grounds):
        rec = load.dated(
            Recognition, {"since": since}, owner=owner, person=person,
            status=RecognitionStatus.RECOGNISED, statement=statement, grounds=grounds,
        )
        cite(rec, source, quote, field_name="status", claimed="recognised")
        return rec

    undated = (
        "The statement names {who} among political prisoners but does not date the "
        "recognition; the demo dates it to the start of custody."
    )

    # -- Ales Bialiatski -----------------------------------------------------------------
    p = load.person(
        gender=Gender.MALE, occupations=["human-rights-defender"],
        names=_names("Алесь Бяляцкі", "Алесь Беляцкий", "Ales Bialiatski"),
        summary="Chairperson of the Human Rights Centre “Viasna” and Nobel Peace Prize "
                "laureate; sentenced to 10 years in prison in March 2023.",
    )
    cite(p, source, Q_BIALIATSKI)
    cite(p.names.get(language=Language.EN), source, Q_BIALIATSKI, field_name="text",
         claimed="Ales Bialiatski")
    aff = load.dated(Affiliation, {}, person=p, affiliated_with=viasna, role="chairperson")
    cite(aff, source, Q_BIALIATSKI, field_name="role", claimed="chairperson")
    case = load.dated(
        Case, {"verdict_date": "2023-03"}, person=p, verdict=Verdict.CONVICTED,
        sentence_kind=SentenceKind.IMPRISONMENT, sentence_months=120,
        notes="The statement gives the sentence and its month, not the charges or the court.",
    )
    cite(case, source, Q_BIALIATSKI, field_name="verdict_date", claimed="2023-03")
    cite(case, source, Q_BIALIATSKI, field_name="sentence_months", claimed="120")
    pretrial = load.dated(
        CustodyPeriod, {"started": "2021-07-14", "ended": "2023-03"}, person=p, case=case,
        kind=CustodyKind.PRETRIAL, end_reason=EndReason.OTHER,
        notes="Ended by the verdict of March 2023; custody continued as the sentence. The day "
              "(14 July 2021, the day of the searches of Viasna) is from Viasna's reports; the "
              "sources stored here support the month and the detention.",
    )
    cite(pretrial, nobel, "The press release (7 October 2022) reports him detained, without "
         "trial, at the time of the award; it does not give the date of his arrest.")
    cite(pretrial, radio, Q_POLSKIE_RADIO, field_name="started", claimed="2021-07")
    cite(pretrial, source, Q_BIALIATSKI, field_name="ended", claimed="2023-03")
    sentence = load.dated(
        CustodyPeriod, {"started": "2023-03"}, person=p, case=case, kind=CustodyKind.SENTENCE,
    )
    cite(sentence, source, Q_BIALIATSKI)
    rec = recognise(p, viasna, "2021-07-14", Q_BIALIATSKI, undated.format(who="him"))
    named["bialiatski"] = NamedPerson("bialiatski", p, [aff, case, pretrial, sentence, rec])

    # -- Maryna Zolatava and Liudmila Chekina ----------------------------------------------
    tut_by = orgs["tut-by"]
    for key, be, ru, latin in [
        ("zolatava", "Марына Золатава", "Марина Золотова", ["Maryna Zolatava"]),
        ("chekina", "Людміла Чэкіна", "Людмила Чекина", ["Liudmila Chekina",
                                                          "Lyudmila Chekina"]),
    ]:
        p = load.person(
            gender=Gender.FEMALE, occupations=["media-worker"], names=_names(be, ru, *latin),
            summary="Senior staff at TUT.BY, Belarus' most popular online news portal before "
                    "the authorities forced it to close in 2021; sentenced to 12 years in "
                    "prison.",
        )
        cite(p, source, Q_TUTBY)
        statement_spelling = "Maryna Zolatava" if key == "zolatava" else "Lyudmila Chekina"
        cite(p.names.get(text=statement_spelling), source, Q_TUTBY, field_name="text",
             claimed=statement_spelling)
        aff = load.dated(Affiliation, {}, person=p, affiliated_with=tut_by, role="senior staff")
        cite(aff, source, Q_TUTBY + " (The stored text of the statement omits the outlet's "
             "name; TUT.BY is identified from the description.)", field_name="role",
             claimed="senior staff")
        case = load.dated(
            Case, {}, person=p, verdict=Verdict.CONVICTED,
            sentence_kind=SentenceKind.IMPRISONMENT, sentence_months=144,
            notes="'One of the latest show trials' before 21 May 2023; the statement gives no "
                  "verdict date, charges or court.",
        )
        cite(case, source, Q_TUTBY, field_name="sentence_months", claimed="144")
        custody = load.dated(
            CustodyPeriod, {"started": "2021-05"}, person=p, case=case,
            kind=CustodyKind.SENTENCE,
            notes="Start month: May 2021, when TUT.BY was shut down and its staff detained "
                  "(public reporting; the statement gives no date). Without a verdict date "
                  "pre-trial detention and the sentence are recorded as one period.",
        )
        cite(custody, source, Q_TUTBY)
        rec = recognise(p, viasna, "2021-05", Q_TUTBY, undated.format(who="her"))
        baj_rec = recognise(p, baj, "2021-05", Q_BAJ, undated.format(who="her"))
        cite(baj_rec, source, Q_TUTBY)
        named[key] = NamedPerson(key, p, [aff, case, custody, rec, baj_rec])

    # -- Mikalay Klimovich ---------------------------------------------------------------
    p = load.person(
        gender=Gender.MALE, occupations=["blogger"],
        names=_names("Мікалай Клімовіч", "Николай Климович", "Mikalay Klimovich",
                     "Mikalai Klimovich"),
        summary="Blogger jailed for posting an online caricature of Lukashenko; died in prison "
                "on 10 May 2023.",
    )
    cite(p, source, Q_KLIMOVICH)
    cite(p.names.get(text="Mikalay Klimovich"), source, Q_KLIMOVICH, field_name="text",
         claimed="Mikalay Klimovich")
    case = load.dated(
        Case, {}, person=p, verdict=Verdict.CONVICTED, sentence_kind=SentenceKind.IMPRISONMENT,
        notes="Jailed for an online caricature of Lukashenko; the statement gives no article, "
              "verdict date or sentence length.",
    )
    cite(case, source, Q_KLIMOVICH, field_name="verdict", claimed="convicted")
    custody = load.dated(
        CustodyPeriod, {"started": "2023-05", "ended": "2023-05-10"}, person=p, case=case,
        kind=CustodyKind.SENTENCE, end_reason=EndReason.DIED,
        notes="The statement gives no start date; the demo records May 2023, the month of his "
              "death, as the only month it supports. The year of his death is the statement's.",
    )
    cite(custody, source, Q_KLIMOVICH, field_name="ended", claimed="2023-05-10")
    cite(custody, source, Q_KLIMOVICH, field_name="end_reason", claimed="died")
    rec = recognise(p, viasna, "2023-05", Q_KLIMOVICH, undated.format(who="him"))
    named["klimovich"] = NamedPerson("klimovich", p, [case, custody, rec])

    # -- Nasta Lojka ---------------------------------------------------------------------
    p = load.person(
        gender=Gender.FEMALE, occupations=["human-rights-defender"],
        names=_names("Наста Лойка", "Настя Лойко", "Nasta Lojka", "Nasta Loika"),
        summary="Human-rights defender held in prolonged pre-trial detention; reports degrading "
                "treatment and torture.",
    )
    cite(p, source, Q_LOJKA)
    cite(p.names.get(text="Nasta Lojka"), source, Q_LOJKA, field_name="text",
         claimed="Nasta Lojka")
    case = load.dated(Case, {}, person=p, verdict=Verdict.PENDING,
                      notes="In pre-trial detention; the statement names no charges.")
    cite(case, source, Q_LOJKA, field_name="verdict", claimed="pending")
    custody = load.dated(
        CustodyPeriod, {"started": "2022-12"}, person=p, case=case, kind=CustodyKind.PRETRIAL,
        notes="Start month from public reporting of her detention in December 2022; the "
              "statement says only 'prolonged pre-trial detention'.",
    )
    cite(custody, source, Q_LOJKA, field_name="kind", claimed="pre-trial detention")
    records = [case, custody]
    for slug, quote, description in [
        ("lawyer-denied", Q_LOJKA_CONDITIONS, "Her lawyer was disbarred."),
        ("medical-care-denied", Q_LOJKA_CONDITIONS, "Her request for dental treatment was "
                                                   "rejected."),
        ("medical-care-denied", Q_LOJKA_CONDITIONS, "Denied access to medication."),
        ("necessities-denied", Q_LOJKA_CONDITIONS, "Denied warm clothes."),
        ("ill-treatment", Q_LOJKA, "She reports degrading treatment and torture in pre-trial "
                                   "detention."),
    ]:
        report = load.dated(
            ConditionReport, {"started": "2022-12"}, person=p, custody=custody,
            condition=conditions[slug],
            description=description + " Reported in the statement of 21 May 2023, which does "
                        "not date it; dated here to the start of her detention.",
            description_sensitivity=Sensitivity.PUBLIC,
        )
        cite(report, source, quote, field_name="condition", claimed=slug)
        records.append(report)
    records.append(recognise(p, viasna, "2022-12", Q_LOJKA, undated.format(who="her")))
    named["lojka"] = NamedPerson("lojka", p, records)

    # -- Ksenia Lutskina -----------------------------------------------------------------
    p = load.person(
        gender=Gender.FEMALE, occupations=["journalist"],
        names=_names("Ксенія Луцкіна", "Ксения Луцкина", "Ksenia Lutskina"),
        summary="Journalist serving an 8-year sentence for 'conspiring to seize state power'.",
        health="Pre-existing brain tumour that has grown in detention; not receiving "
               "appropriate medical care (statement of 21 May 2023).",
    )
    cite(p, source, Q_LUTSKINA_CASE)
    cite(p, source, L_LUTSKINA_HEALTH, field_name="health")
    cite(p.names.get(language=Language.EN), source, Q_LUTSKINA_CASE, field_name="text",
         claimed="Ksenia Lutskina")
    case = load.dated(
        Case, {}, person=p, verdict=Verdict.CONVICTED, sentence_kind=SentenceKind.IMPRISONMENT,
        sentence_months=96, notes="The statement gives no verdict date or court.",
    )
    case.charges.set(ArticleModel.objects.filter(country="BY", article="357", part=""))
    cite(case, source, Q_LUTSKINA_CASE, field_name="sentence_months", claimed="96")
    cite(case, source, Q_LUTSKINA_CASE, field_name="charges", claimed="BY CC 357")
    custody = load.dated(
        CustodyPeriod, {"started": "2020-12"}, person=p, case=case, kind=CustodyKind.SENTENCE,
        notes="Start month from public reporting of her detention in December 2020; the "
              "statement gives no date. Without a verdict date pre-trial detention and the "
              "sentence are recorded as one period.",
    )
    cite(custody, source, Q_LUTSKINA_CASE, field_name="kind", claimed="serving a sentence")
    records = [case, custody]
    for slug, description in [
        ("health-emergency", "Pre-existing brain tumour that has grown in detention."),
        ("medical-care-denied", "Not receiving appropriate medical care for a brain tumour."),
    ]:
        report = load.dated(
            ConditionReport, {"started": "2020-12"}, person=p, custody=custody,
            condition=conditions[slug],
            description=description + " Reported in the statement of 21 May 2023; dated here "
                        "to the start of her detention.",
            description_sensitivity=Sensitivity.RESTRICTED,
        )
        cite(report, source, L_LUTSKINA_HEALTH, field_name="condition", claimed=slug)
        records.append(report)
    records.append(recognise(p, viasna, "2020-12", Q_LUTSKINA_CASE, undated.format(who="her")))
    baj_rec = recognise(p, baj, "2020-12", Q_BAJ, undated.format(who="her"))
    cite(baj_rec, source, Q_LUTSKINA_CASE)
    records.append(baj_rec)
    named["lutskina"] = NamedPerson("lutskina", p, records)

    # -- "Victor": a detained father, known only by his given name ---------------------------
    p = load.person(
        gender=Gender.MALE, occupations=[], visibility=Visibility.ORGANISATION,
        names=[("Victor", Language.EN, Script.LATIN, NameKind.LATIN, True)],
        summary="A detained father named in the statement by his given name only.",
        relatives="Wife; children, including a little daughter who came to fear police cars. "
                  "Names and contacts are not recorded in the demo.",
    )
    cite(p, source, Q_VICTOR)
    cite(p, source, Q_VICTOR, field_name="relatives")
    named["victor"] = NamedPerson("victor", p, [])

    statement.persons_named.set([n.person for n in named.values()])
    return named


def statement_sources() -> list[Source]:
    return list(Source.objects.filter(title=TITLE, kind=SourceKind.STATEMENT))

