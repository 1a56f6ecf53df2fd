"""Vocabularies are data (DESIGN §3.7): edited in the admin, seeded by migrations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A term named in English, Belarusian and Russian; shown in the reader's language."""

    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_be = models.CharField(_("name (Belarusian)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Region(Term):
    """Belarusian regions (voblasts) and Minsk city; names bridge Гродна / Гродно / Hrodna."""


class OccupationGroup(models.TextChoices):
    MEDIA = "media", _("journalists and media workers")
    CULTURE = "culture", _("cultural workers")
    RIGHTS = "rights", _("human-rights defenders and lawyers")
    POLITICS = "politics", _("politicians and activists")
    OTHER = "other", _("other")


class Occupation(Term):
    group = models.CharField(max_length=20, choices=OccupationGroup.choices)


class ConditionType(Term):
    pass


class Facility(Term):
    kind = models.CharField(
        max_length=30,
        choices=[
            ("temporary_detention", _("temporary detention centre")),
            ("pretrial", _("pre-trial detention centre (SIZO)")),
            ("colony", _("penal colony")),
            ("prison", _("prison")),
            ("psychiatric", _("psychiatric hospital")),
            ("other", _("other")),
        ],
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(max_length=300, blank=True)
    address_is_public = models.BooleanField(default=True)

    class Meta(Term.Meta):
        verbose_name_plural = "facilities"


class ArticleQuerySet(models.QuerySet):
    def offered_to(self, organisation_id) -> "ArticleQuerySet":
        """The vocabulary, and the articles this organisation proposed that wait for review:
        a documenter records the charge at once, a reviewer confirms it later."""
        return self.filter(Q(confirmed=True) | Q(proposed_by_organisation_id=organisation_id))


# Code -> how a reader's language cites an article of it, without and with a part.
READER_LABELS = {
    # Translators: an article (and a part of one) of the Belarusian Criminal Code.
    "CC": (gettext_noop("BY CC %(article)s"), gettext_noop("BY CC %(article)s.%(part)s")),
    # Translators: an article (and a part of one) of the Belarusian Code of Administrative
    # Offences (2021).
    "CAO": (gettext_noop("BY CAO %(article)s"), gettext_noop("BY CAO %(article)s.%(part)s")),
    # Translators: an article (and a part of one) of the Belarusian Code of Administrative
    # Offences of 2003, in force until March 2021.
    "CAO-2003": (gettext_noop("BY CAO-2003 %(article)s"),
                 gettext_noop("BY CAO-2003 %(article)s.%(part)s")),
}


class Article(models.Model):
    """A criminal-code or administrative-code article (or one part of it) that a charge cites.

    The seeded rows are confirmed; a documenter may propose one that is missing (`confirmed`
    false, with who proposed it), which their organisation uses at once and a reviewer of that
    organisation confirms into the vocabulary everyone is offered.
    """

    country = models.CharField(max_length=2, default="BY")
    code = models.CharField(max_length=20, default="CC")
    article = models.CharField(max_length=10)
    part = models.CharField(max_length=10, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_be = models.CharField(_("title (Belarusian)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("confirmed into the vocabulary"), default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("proposed by"))
    proposed_by_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("proposed by the organisation"))
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("confirmed by"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["country", "code", "article", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code", "article", "part"], name="unique_article_part"
            )
        ]

    def __str__(self) -> str:
        language = (get_language() or "en")[:2]
        title = getattr(self, f"title_{language}", "") or self.title_en
        return f"{self.reader_label} {title}"

    @property
    def reader_label(self) -> str:
        """The label as the reader's language cites a Belarusian code ("ч. 1 ст. 342 УК",
        "арт. 24.23 КаАП"); `label` is the language-free code of the data."""
        forms = READER_LABELS.get(self.code) if self.country == "BY" else None
        if forms is None:
            return self.label
        whole, with_part = forms
        if self.part:
            return gettext(with_part) % {"article": self.article, "part": self.part}
        return gettext(whole) % {"article": self.article}

    @property
    def label(self) -> str:
        part = f".{self.part}" if self.part else ""
        return f"{self.country} {self.code} {self.article}{part}"
