"""Organisations, coalitions of organisations, users' memberships and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vigil.names import SYSTEMS


class OrganisationKind(models.TextChoices):
    DOCUMENTING = "documenting", _("documenting group")
    MEDIA = "media", _("media outlet")
    COURT = "court", _("court")
    PROSECUTION = "prosecution", _("prosecutor's office")
    SIGNATORY = "signatory", _("signatory organisation")
    OTHER = "other", _("other")


# The romanisations of the names core (vigil.names.SYSTEMS) an organisation may choose as the
# Latin form of names on its English pages and exports: those meant for Belarusian or Russian.
ROMANISATION_LABELS = {
    "be-passport": _("Belarusian national romanisation, as passports and Viasna's English "
                     "texts write names"),
    "be-2007": _("Belarusian national system of 2007 (UNGEGN), with diacritics"),
    "be-bgn": _("BGN/PCGN romanisation of Belarusian (1979)"),
    "be-lacinka": _("Łacinka, the Belarusian Latin alphabet"),
    "ru-bgn": _("BGN/PCGN romanisation of Russian (1947), from the Russian spelling"),
    "icao": _("ICAO Doc 9303, as Russian passports have printed names since 2014"),
    "iso9": _("ISO 9:1995, one Latin letter for each Cyrillic letter"),
}
ROMANISATIONS = [(name, ROMANISATION_LABELS[name]) for name, spec in SYSTEMS.items()
                 if {"be", "ru"} & set(spec.languages)]
DEFAULT_ROMANISATION = "be-passport"


class Organisation(models.Model):
    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_be = models.CharField(_("name (Belarusian)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(blank=True)
    require_second_factor = models.BooleanField(
        _("second factor required for every member"), default=False,
        help_text=_("Administrators and reviewers always need one; this asks it of everyone."),
    )
    romanisation = models.CharField(
        _("Latin form of names"), max_length=20, choices=ROMANISATIONS,
        default=DEFAULT_ROMANISATION,
        help_text=_("How English pages and exports write a person's Belarusian or Russian "
                    "name in Latin letters."),
    )

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        """The name in the reader's language, the English one where the organisation has none
        in that language."""
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Coalition(models.Model):
    """Organisations that share records marked 'shared with the coalition' with each other."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(Organisation, related_name="coalitions")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    DOCUMENTER = "documenter", _("documenter")
    REVIEWER = "reviewer", _("reviewer")
    ADMINISTRATOR = "administrator", _("administrator")


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=20, choices=Role.choices)

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.organisation.slug})"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    label = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, label: str) -> tuple["ApiToken", str]:
        token = "vgl_" + secrets.token_urlsafe(32)
        record = cls.objects.create(
            user=user, label=label, digest=cls.digest_of(token), prefix=token[4:12]
        )
        return record, token



class Lockdown(models.Model):
    """An emergency lockdown of an organisation (a member detained with their phone): who
    started and lifted it, when, from where, and what it ended."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="lockdowns")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    started_via = models.CharField(max_length=100)
    sessions_ended = models.PositiveIntegerField(default=0)
    tokens_revoked = models.PositiveIntegerField(default=0)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    lifted_via = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"lockdown of {self.organisation.slug} from {self.started_at:%Y-%m-%d %H:%M}"
