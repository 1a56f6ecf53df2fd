"""The seed statement as a published statement, and a second one circulating with one
signature missing. Called by `vigil demo` after the releases and publications are made.

The seed's figures are bound to the demo's releases (`vigil.publishing.demo`): Viasna's
1,495, its "more than 3,200 people convicted" (persons Viasna recognised whose case ended in
a conviction by 30 April 2023), BAJ's 33, the cultural workers held during 2022 ("over 100");
"more than 1,400 political prisoners in 2022" is counted at publication and frozen into a new
release. Each phrase is checked against its count before the statement circulates.
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
    ("convicted", "2023-04-30/viasna-cumulative-convicted", None, "more_than", 3200),
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
BODY_RU = "\n\n".join([
    "21 мая, в День политзаключённого Беларуси, мы, нижеподписавшиеся организации, вновь "
    "осуждаем беспощадные репрессии режима Лукашенко против гражданского общества и "
    "независимых СМИ. Мы по-прежнему солидарны с мужественными белорусами, которые не "
    "прекращают борьбу за свободу.",
    "По данным Правозащитного центра «Весна» — одной из старейших и самых авторитетных "
    "правозащитных организаций страны, — на конец апреля в Беларуси было "
    "[[figure:viasna-prisoners]] политзаключённых, а [[figure:convicted]] человек были "
    "осуждены по политически мотивированным уголовным делам. Шестеро членов «Весны» сейчас "
    "за решёткой, среди них её председатель, лауреат Нобелевской премии мира "
    "[[person:bialiatski|Алесь Беляцкий]], которого в марте 2023 года приговорили к десяти "
    "годам лишения свободы.",
    "В начале марта силовики задержали более 100 человек — по их словам, в ходе "
    "расследования против террористических и экстремистских групп.",
    "Беларусь называют «самой опасной страной Европы для журналистов»: по данным "
    "Белорусской ассоциации журналистов (БАЖ), ведущей журналистской организации страны, "
    "сейчас за решёткой находятся [[figure:baj-media]] медиаработника. На одном из недавних "
    "показательных процессов [[person:zolatava|Марину Золотову]] и "
    "[[person:chekina|Людмилу Чекину]], руководительниц TUT.BY — самого популярного "
    "новостного портала Беларуси, пока власти не закрыли его в 2021 году, — приговорили к "
    "двенадцати годам лишения свободы каждую.",
    "Как установил Белорусский ПЕН, объединяющий литераторов, в 2022 году в стране было "
    "[[figure:held-2022]] политзаключённых, и [[figure:pen-culture]] из них — деятели "
    "культуры.",
    "Блогер [[person:klimovich|Николай Климович]], которого отправили за решётку за "
    "опубликованную в интернете карикатуру на Лукашенко, умер в заключении 10 мая. "
    "Правозащитница [[person:lojka|Настя Лойко]] рассказала о пытках и унижениях, которым "
    "её подвергали за долгие месяцы предварительного заключения. У журналистки "
    "[[person:lutskina|Ксении Луцкиной]], которая отбывает восемь лет лишения свободы по "
    "обвинению в заговоре с целью захвата государственной власти, ещё до ареста была "
    "опухоль мозга; в заключении опухоль выросла, а надлежащей медицинской помощи Ксения не "
    "получает.",
])
BODY_BE = "\n\n".join([
    "21 траўня, у Дзень палітвязня Беларусі, мы, арганізацыі, што падпісалі гэтую заяву, "
    "зноў асуджаем бязлітасныя рэпрэсіі рэжыму Лукашэнкі супраць грамадзянскай супольнасці "
    "і незалежных медыя. Мы па-ранейшаму салідарныя з мужнымі беларусамі, якія не спыняюць "
    "змагання за свабоду.",
    "Паводле Праваабарончага цэнтра «Вясна» — адной з найстарэйшых і найбольш аўтарытэтных "
    "праваабарончых арганізацый краіны, — на канец красавіка ў Беларусі было "
    "[[figure:viasna-prisoners]] палітвязняў, а [[figure:convicted]] чалавек былі асуджаныя "
    "ў палітычна матываваных крымінальных справах. Шасцёра сяброў «Вясны» цяпер за кратамі, "
    "сярод іх яе старшыня, лаўрэат Нобелеўскай прэміі міру "
    "[[person:bialiatski|Алесь Бяляцкі]], якога ў сакавіку 2023 года асудзілі на дзесяць "
    "гадоў пазбаўлення волі.",
    "У пачатку сакавіка сілавікі затрымалі больш за 100 чалавек — нібыта ў межах "
    "расследавання супраць тэрарыстычных і экстрэмісцкіх груп.",
    "Беларусь называюць «найнебяспечнейшай краінай Еўропы для журналістаў»: паводле "
    "Беларускай асацыяцыі журналістаў (БАЖ), вядучай журналісцкай арганізацыі краіны, "
    "цяпер за кратамі знаходзяцца [[figure:baj-media]] медыяработнікі. На адным з нядаўніх "
    "паказальных працэсаў [[person:zolatava|Марыну Золатаву]] і "
    "[[person:chekina|Людмілу Чэкіну]], кіраўніц TUT.BY — найпапулярнейшага навіннага "
    "партала Беларусі, пакуль улады не закрылі яго ў 2021 годзе, — асудзілі кожную на "
    "дванаццаць гадоў пазбаўлення волі.",
    "Як высветліў Беларускі ПЭН, які аб’ядноўвае літаратараў, у 2022 годзе ў краіне было "
    "[[figure:held-2022]] палітвязняў, і [[figure:pen-culture]] з іх — дзеячы культуры.",
    "Блогер [[person:klimovich|Мікалай Клімовіч]], якога кінулі за краты за карыкатуру на "
    "Лукашэнку ў інтэрнэце, памёр у зняволенні 10 траўня. Праваабаронца "
    "[[person:lojka|Наста Лойка]] расказала пра катаванні і зневажальнае абыходжанне, якія "
    "ёй давялося перажыць за доўгія месяцы папярэдняга зняволення. У журналісткі "
    "[[person:lutskina|Ксеніі Луцкінай]], якая адбывае восем гадоў пазбаўлення волі па "
    "абвінавачванні ў змове з мэтай захопу дзяржаўнай улады, яшчэ да арышту была пухліна "
    "мозга; у зняволенні яна павялічылася, а належнай медычнай дапамогі Ксенія не атрымлівае.",
])


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
