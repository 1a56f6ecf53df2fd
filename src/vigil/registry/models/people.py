"""Persons, the spellings of their names, and their affiliations to organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vigil.names import search_index
from vigil.registry.encryption import EncryptedTextField
from vigil.registry.models.base import Record, Sensitivity, partial_date_fields
from vigil.registry.models.vocabulary import Occupation, Region


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class TrackingStatus(models.TextChoices):
    """Whether the documenters know where the person is; figures report the others apart."""

    KNOWN = "known", _("whereabouts known")
    UNKNOWN = "unknown", _("status unknown")
    MISSING = "missing", _("missing")
    ABDUCTED = "abducted", _("abducted")
    RESTRICTED = "restricted", _("released under restrictions")


class Person(Record):
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default="unknown")
    birth_date, birth_date_precision = partial_date_fields(_("birth date"))
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    occupations = models.ManyToManyField(Occupation, blank=True, verbose_name=_("occupations"))
    tracking_status = models.CharField(
        _("tracking status"), max_length=12, choices=TrackingStatus.choices, default="known"
    )
    summary = models.TextField(_("public summary"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)
    health = EncryptedTextField(_("health details"), blank=True)
    relatives = EncryptedTextField(_("relatives and their contacts"), blank=True)
    synthetic = models.BooleanField(
        _("synthetic (demo data)"), default=False, editable=False,
        help_text=_("A fictional person generated for the demonstration."),
    )

    sensitivity = {
        "gender": Sensitivity.PUBLIC,
        "birth_date": Sensitivity.PUBLIC,
        "birth_date_precision": Sensitivity.PUBLIC,
        "region": Sensitivity.PUBLIC,
        "occupations": Sensitivity.PUBLIC,
        "tracking_status": Sensitivity.PUBLIC,
        "summary": Sensitivity.PUBLIC,
        "synthetic": Sensitivity.PUBLIC,
        "notes": Sensitivity.INTERNAL,
        "health": Sensitivity.RESTRICTED,
        "relatives": Sensitivity.RESTRICTED,
    }

    _history_m2m_fields = ["occupations"]  # each version keeps the occupations it had

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The primary spelling; relies on `names` being prefetched on list pages."""
        names = sorted(
            (n for n in self.names.all() if n.deleted_at is None),
            key=lambda n: (not n.is_primary, n.pk),
        )
        return names[0].text if names else f"#{self.pk}"


class Language(models.TextChoices):
    BE = "be", _("Belarusian")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    PL = "pl", _("Polish")
    UK = "uk", _("Ukrainian")
    OTHER = "other", _("other")


class Script(models.TextChoices):
    CYRILLIC = "Cyrl", _("Cyrillic")
    LATIN = "Latn", _("Latin")


class NameKind(models.TextChoices):
    OFFICIAL = "official", _("official")
    BELARUSIAN = "belarusian", _("Belarusian")
    RUSSIAN = "russian", _("Russian")
    LATIN = "latin", _("Latin")
    LACINKA = "lacinka", _("Łacinka")
    ALIAS = "alias", _("alias or pen name")


class NameVariant(Record):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(_("name"), max_length=300)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=NameKind.choices)
    is_primary = models.BooleanField(_("shown first"), default=False)
    search_keys = models.TextField(editable=False, default="")

    scope_parents = ("person",)
    sensitivity = {
        "person": Sensitivity.PUBLIC,
        "text": Sensitivity.PUBLIC,
        "language": Sensitivity.PUBLIC,
        "script": Sensitivity.PUBLIC,
        "kind": Sensitivity.PUBLIC,
        "is_primary": Sensitivity.PUBLIC,
        "search_keys": Sensitivity.PUBLIC,
    }

    class Meta:
        ordering = ["-is_primary", "pk"]
        indexes = [models.Index(fields=["person"])]

    def __str__(self) -> str:
        return self.text

    @property
    def language_label(self) -> str:
        """A Latin-script spelling tagged English is a transliteration, not an English name."""
        if self.script == Script.LATIN and self.language == Language.EN:
            return str(_("Latin"))
        return self.get_language_display()

    def save(self, *args, **kwargs):
        self.search_keys = search_index(self.text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_keys"}
        super().save(*args, **kwargs)


class Affiliation(Record):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    affiliated_with = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    since, since_precision = partial_date_fields(_("since"))
    until, until_precision = partial_date_fields(_("until"))

    scope_parents = ("person",)
    sensitivity = {
        "person": Sensitivity.PUBLIC,
        "affiliated_with": Sensitivity.PUBLIC,
        "role": Sensitivity.PUBLIC,
        "since": Sensitivity.PUBLIC,
        "since_precision": Sensitivity.PUBLIC,
        "until": Sensitivity.PUBLIC,
        "until_precision": Sensitivity.PUBLIC,
    }

    def __str__(self) -> str:
        return f"{self.role} — {self.affiliated_with}"


__all__ = ["Person", "NameVariant", "Affiliation"]
