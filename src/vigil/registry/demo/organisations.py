"""The statement's organisations, the coalition they form in the demo, and a few courts."""

from __future__ import annotations

from vigil.accounts.models import Coalition, Organisation, OrganisationKind

DOCUMENTING, SIGNATORY, COURT, MEDIA = (
    OrganisationKind.DOCUMENTING,
    OrganisationKind.SIGNATORY,
    OrganisationKind.COURT,
    OrganisationKind.MEDIA,
)

# (slug, English, Belarusian, Russian, kind, website): the names of docs/glossary.md, which
# marks those that wait for a native speaker's review; Index on Censorship keeps its title.
SIGNATORIES = [
    ("baj", "Belarusian Association of Journalists (BAJ)",
     "Беларуская асацыяцыя журналістаў (БАЖ)", "Белорусская ассоциация журналистов (БАЖ)",
     DOCUMENTING, "https://baj.media/"),
    ("cpj", "Committee to Protect Journalists (CPJ)", "Камітэт абароны журналістаў (CPJ)",
     "Комитет защиты журналистов (CPJ)", SIGNATORY, "https://cpj.org/"),
    ("ecpmf", "European Centre for Press and Media Freedom (ECPMF)",
     "Еўрапейскі цэнтр свабоды прэсы і медыя (ECPMF)",
     "Европейский центр свободы прессы и СМИ (ECPMF)", SIGNATORY,
     "https://www.ecpmf.eu/"),
    ("efj", "European Federation of Journalists (EFJ)",
     "Еўрапейская федэрацыя журналістаў (EFJ)", "Европейская федерация журналистов (EFJ)",
     SIGNATORY, "https://europeanjournalists.org/"),
    ("hrhf", "Human Rights House Foundation", "Фонд «Дом правоў чалавека»",
     "Фонд «Дом прав человека»", SIGNATORY, "https://humanrightshouse.org/"),
    ("ipi", "International Press Institute (IPI)", "Міжнародны інстытут прэсы (IPI)",
     "Международный институт прессы (IPI)", SIGNATORY, "https://ipi.media/"),
    ("index-on-censorship", "Index on Censorship", "Index on Censorship",
     "Index on Censorship", SIGNATORY, "https://www.indexoncensorship.org/"),
    ("jfj", "Justice for Journalists Foundation", "Фонд «Справядлівасць для журналістаў»",
     "Фонд «Правосудие для журналистов»", SIGNATORY, ""),
    ("pen-america", "PEN America", "ПЭН-Амерыка", "ПЕН-Америка", SIGNATORY, "https://pen.org/"),
    ("pen-international", "PEN International", "Міжнародны ПЭН", "Международный ПЕН",
     SIGNATORY, "https://www.pen-international.org/"),
]

DOCUMENTERS = [
    ("viasna", "Human Rights Centre “Viasna”", "Праваабарончы цэнтр «Вясна»",
     "Правозащитный центр «Весна»", DOCUMENTING, "https://spring96.org/"),
    ("pen-belarus", "PEN Belarus", "Беларускі ПЭН", "Белорусский ПЕН", DOCUMENTING,
     "https://penbelarus.org/"),
]

MEDIA_OUTLETS = [
    ("tut-by", "TUT.BY", "TUT.BY", "TUT.BY", MEDIA, ""),
]

COURTS = [
    ("supreme-court", "Supreme Court of the Republic of Belarus",
     "Вярхоўны Суд Рэспублікі Беларусь", "Верховный Суд Республики Беларусь"),
    ("minsk-city-court", "Minsk City Court", "Мінскі гарадскі суд", "Минский городской суд"),
    ("minsk-regional-court", "Minsk Regional Court", "Мінскі абласны суд",
     "Минский областной суд"),
    ("brest-regional-court", "Brest Regional Court", "Брэсцкі абласны суд",
     "Брестский областной суд"),
    ("viciebsk-regional-court", "Viciebsk Regional Court", "Віцебскі абласны суд",
     "Витебский областной суд"),
    ("homiel-regional-court", "Homiel Regional Court", "Гомельскі абласны суд",
     "Гомельский областной суд"),
    ("hrodna-regional-court", "Hrodna Regional Court", "Гродзенскі абласны суд",
     "Гродненский областной суд"),
    ("mahiliou-regional-court", "Mahilioŭ Regional Court", "Магілёўскі абласны суд",
     "Могилёвский областной суд"),
    ("minsk-lieninski-court", "Lieninski District Court of Minsk",
     "Суд Ленінскага раёна г. Мінска", "Суд Ленинского района г. Минска"),
    ("minsk-frunzienski-court", "Frunzienski District Court of Minsk",
     "Суд Фрунзенскага раёна г. Мінска", "Суд Фрунзенского района г. Минска"),
    ("minsk-saviecki-court", "Saviecki District Court of Minsk",
     "Суд Савецкага раёна г. Мінска", "Суд Советского района г. Минска"),
]

# Regional court that tries cases from each region (the district courts are Minsk's).
REGIONAL_COURT = {
    "brest": "brest-regional-court",
    "viciebsk": "viciebsk-regional-court",
    "homiel": "homiel-regional-court",
    "hrodna": "hrodna-regional-court",
    "minsk-region": "minsk-regional-court",
    "mahiliou": "mahiliou-regional-court",
    "minsk-city": "minsk-city-court",
}

COALITION_SLUG = "day-of-the-political-prisoner-2023"
COALITION_NAME = (
    "Signatories of the statement of 21 May 2023, with Viasna and PEN Belarus"
)


def load_organisations() -> dict[str, Organisation]:
    """Create (or update) every demo organisation and the coalition; returns them by slug."""
    rows = [*SIGNATORIES, *DOCUMENTERS, *MEDIA_OUTLETS]
    rows += [(slug, en, be, ru, COURT, "") for slug, en, be, ru in COURTS]
    by_slug = {}
    for slug, en, be, ru, kind, website in rows:
        org, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={"name_en": en, "name_be": be, "name_ru": ru, "kind": kind,
                      "website": website},
        )
        by_slug[slug] = org
    coalition, _ = Coalition.objects.update_or_create(
        slug=COALITION_SLUG, defaults={"name": COALITION_NAME}
    )
    members = [slug for slug, *_ in SIGNATORIES] + [slug for slug, *_ in DOCUMENTERS]
    coalition.members.set([by_slug[slug] for slug in members])
    return by_slug
