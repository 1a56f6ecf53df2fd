"""The seed statement as a published statement, and a second one circulating with one
signature missing. Called by `vigil demo` after the releases and publications are made.

The seed's figures are bound to the demo's releases (`vigil.publishing.demo`): Viasna's
1,495, BAJ's 33, the cultural workers held during 2022 ("over 100"); "more than 1,400
political prisoners in 2022" is counted at publication and frozen into a new release; the
seed's "more than 3,200 people convicted" is bound to the demo's convictions release, whose
count at the default size (2,283) makes Vigil phrase it "more than 2,200" (docs/demo.md: the
generated population is built to the seed's stock figures, not to its convictions).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigil.accounts.models import Organisation
from vigil.figures import FigureDefinition
from vigil.publishing.models import Release
from vigil.registry import models as m
from vigil.registry.demo.statement import (
    Q_BAJ,
    Q_BIALIATSKI,
    Q_KLIMOVICH,
    Q_LOJKA,
    Q_LUTSKINA,
    Q_PEN,
    Q_TUTBY,
    Q_VIASNA,
    SIGNATORY_SLUGS,
)
from vigil.statements import service
from vigil.statements.models import Mention, Signatory, Statement, StatementFigure

SIGNED_AT = dt.datetime(2023, 5, 21, 9, 0, tzinfo=dt.UTC)
PERSONS = [("bialiatski", "Ales Bialiatski"), ("zolatava", "Maryna Zolatava"),
           ("chekina", "Lyudmila Chekina"), ("klimovich", "Mikalay Klimovich"),
           ("lojka", "Nasta Lojka"), ("lutskina", "Ksenia Lutskina")]
# (key, release slug or None to count at publication, definition when counted, phrasing,
#  the number stated)
FIGURES = [
    ("viasna-prisoners", "2023-04-30/viasna-stock", None, "exact", None),
    ("convicted", "2023-04-30/all-cumulative-convicted", None, "more_than", None),
    ("baj-media", "2023-04-30/baj-stock-media", None, "exact", None),
    ("pen-culture", "2022-01-01_2022-12-31/viasna-during-culture", None, "over", 100),
    ("held-2022", None, FigureDefinition.during(dt.date(2022, 1, 1), dt.date(2022, 12, 31),
                                                recognised_by=("viasna",)), "more_than", 1400),
]
OPENING = (
    "On 21 May, marking the Day of the Political Prisoner in Belarus, the undersigned "
    "organisations reiterate our condemnation of the Lukashenko regime’s ruthless crackdown on "
    "civil society and independent media. We continue to stand in solidarity with courageous "
    "Belarusians who persist in their fight for freedom."
)
MARCH = ("At the beginning of March, law enforcement detained over 100 people in what they "
         "claimed to be an investigation into terrorist and extremist groups.")


def tokens(text: str) -> str:
    """A seed sentence with its figures and named persons as tokens."""
    for old, new in [
        ("there were 1,495 political", "there were [[figure:viasna-prisoners]] political"),
        ("more than 3,200 people", "[[figure:convicted]] people"),
        ("with 33 media", "with [[figure:baj-media]] media"),
        ("over 100 cultural", "[[figure:pen-culture]] cultural"),
        ("the more than 1,400 political", "the [[figure:held-2022]] political"),
    ]:
        text = text.replace(old, new)
    for key, name in PERSONS:
        text = text.replace(name, f"[[person:{key}|{name}]]", 1)
    return text


BODY_EN = "\n\n".join([OPENING, tokens(f"{Q_VIASNA} {Q_BIALIATSKI}"), MARCH,
                       tokens(f"{Q_BAJ} {Q_TUTBY}"), tokens(Q_PEN),
                       tokens(f"{Q_KLIMOVICH} {Q_LOJKA} {Q_LUTSKINA}")])
BODY_RU = (
    "21 мая, в День политзаключённого Беларуси, мы, нижеподписавшиеся организации, вновь "
    "осуждаем преследование гражданского общества и независимых СМИ.\n\n"
    "По данным «Весны», на конец апреля в Беларуси было [[figure:viasna-prisoners]] "
    "политзаключённых, среди них [[person:bialiatski|Алесь Беляцкий]]; по данным БАЖ, за "
    "решёткой [[figure:baj-media]] медиаработника.")
BODY_BE = (
    "21 траўня, у Дзень палітвязня Беларусі, мы, арганізацыі, што падпісаліся, зноў "
    "асуджаем пераслед грамадзянскай супольнасці і незалежных медыя.\n\n"
    "Паводле «Вясны», на канец красавіка ў Беларусі было [[figure:viasna-prisoners]] "
    "палітвязняў, сярод іх [[person:bialiatski|Алесь Бяляцкі]]; паводле БАЖ, за кратамі "
    "[[figure:baj-media]] медыяработнікі.")


def load_demo_statements() -> int:
    """Publish the seed statement and leave a second one circulating; returns how many."""
    orgs = {o.slug: o for o in Organisation.objects.filter(
        slug__in=[*SIGNATORY_SLUGS, "viasna", "pen-belarus"])}
    releases = {r.slug: r for r in Release.objects.filter(
        slug__in=[f[1] for f in FIGURES if f[1]])}
    if "baj" not in orgs or len(releases) < 4:
        return 0
    seed_statement(orgs, releases)
    second_statement(orgs, releases)
    return 2


def seed_statement(orgs, releases) -> Statement:
    statement = Statement.objects.create(
        slug="2023-05-21-solidarity-with-political-prisoners", author=orgs["baj"],
        dated=dt.date(2023, 5, 21),
        title_en="Belarus: Civil society groups reaffirm solidarity with political prisoners",
        title_ru="Беларусь: гражданское общество вновь заявляет о солидарности с "
                 "политзаключёнными",
        title_be="Беларусь: грамадзянская супольнасць зноў заяўляе пра салідарнасць з "
                 "палітвязнямі",
        body_en=BODY_EN, body_ru=BODY_RU, body_be=BODY_BE)
    for key, slug, definition, phrasing, stated in FIGURES:
        release = releases.get(slug)
        fit(StatementFigure.objects.create(
            statement=statement, key=key, phrasing=phrasing, stated=stated, release=release,
            definition=release.definition if release else definition.as_dict()))
    add_mentions(statement, PERSONS)
    for flag in service.run_figure_check(statement):  # "over 100 people" detained in March
        service.decide_flag(flag, None, None)
    sign(statement, [orgs[slug] for slug in SIGNATORY_SLUGS], SIGNED_AT)
    return service.publish(statement, None)


def fit(figure: StatementFigure) -> None:
    """A smaller demo (`--synthetic N`) counts other numbers than the seed's: where the
    seed's phrase is not true of them, Vigil's own number is stated, or the exact count."""
    if service.live(figure).problem:
        figure.stated = None
        if service.live(figure).problem:
            figure.phrasing = "exact"
        figure.save()


def second_statement(orgs, releases) -> Statement:
    statement = Statement.objects.create(
        slug="free-ales-bialiatski", author=orgs["viasna"], dated=dt.date(2023, 8, 4),
        title_en="Free Ales Bialiatski and every political prisoner",
        title_ru="Свободу Алесю Беляцкому и всем политзаключённым",
        title_be="Волю Алесю Бяляцкаму і ўсім палітвязням",
        body_en="[[person:bialiatski|Ales Bialiatski]] is one of "
                "[[figure:viasna-prisoners]] political prisoners. We ask for his release.")
    release = releases["2023-04-30/viasna-stock"]
    StatementFigure.objects.create(statement=statement, key="viasna-prisoners",
                                   definition=release.definition, release=release)
    add_mentions(statement, PERSONS[:1])
    sign(statement, [orgs["viasna"], orgs["baj"], orgs["pen-belarus"]], timezone.now(),
         unsigned=orgs["pen-belarus"])
    return statement


def add_mentions(statement, persons) -> None:
    for key, latin in persons:
        person = m.Person.objects.filter(names__text=latin, synthetic=False).first()
        if person is not None:
            Mention.objects.create(statement=statement, key=key, person=person)


def sign(statement, organisations, at, unsigned=None) -> None:
    """The demo's signatories, each signed as on the statement's day (the demo has no users
    for most of them: the signature names no user)."""
    for organisation in organisations:
        Signatory.objects.create(statement=statement, organisation=organisation)
    service.circulate(statement)
    statement.signatories.exclude(organisation=unsigned).update(
        signed_at=at, signed_by_name="demo", signed_version=statement.version)
