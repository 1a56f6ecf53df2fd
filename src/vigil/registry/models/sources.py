"""Where facts come from: sources, the citations that tie a fact to a source, statements."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.registry.encryption import EncryptedCharField, EncryptedTextField
from vigil.registry.models.base import Record, Sensitivity, partial_date_fields
from vigil.registry.models.people import Person

PUBLIC, INTERNAL, RESTRICTED = Sensitivity.PUBLIC, Sensitivity.INTERNAL, Sensitivity.RESTRICTED


class SourceKind(models.TextChoices):
    PUBLICATION = "publication", _("publication")
    COURT_DOCUMENT = "court_document", _("court document")
    TESTIMONY = "testimony", _("testimony")
    ORGANISATION_LIST = "list", _("organisation's list")
    STATEMENT = "statement", _("public statement")
    OTHER = "other", _("other")


class Reliability(models.TextChoices):
    """HURIDOCS-style grade of how far the source can be trusted."""

    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")
    UNKNOWN = "unknown", _("unknown")


class Source(Record):
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("address (URL)"), max_length=1000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    published_on, published_on_precision = partial_date_fields(_("published on"))
    reliability = models.CharField(
        _("reliability"), max_length=8, choices=Reliability.choices, default=Reliability.UNKNOWN
    )
    archived_file = models.FileField(_("archived copy"), upload_to="archive/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the archived copy"), max_length=64, blank=True,
                              editable=False)
    captured_at = models.DateTimeField(_("captured at (UTC)"), null=True, blank=True,
                                       editable=False)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    witness_contact = EncryptedTextField(_("witness or informant contact"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    sensitivity = {
        "kind": PUBLIC, "title": PUBLIC, "url": PUBLIC, "publisher": PUBLIC,
        "published_on": PUBLIC, "published_on_precision": PUBLIC, "reliability": PUBLIC,
        "archived_file": INTERNAL, "sha256": PUBLIC, "captured_at": PUBLIC,
        "captured_by": INTERNAL, "notes": INTERNAL, "witness_contact": RESTRICTED,
    }

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def archive(self, uploaded, user) -> None:
        """Keep an uploaded copy with its SHA-256, capture time (UTC) and who captured it."""
        digest = hashlib.sha256()
        for chunk in uploaded.chunks():
            digest.update(chunk)
        self.archived_file = uploaded
        self.sha256 = digest.hexdigest()
        self.captured_at = timezone.now()
        self.captured_by = user


class Citation(Record):
    """Ties a record (or one field of it, with the value claimed) to a source.

    Two sources that disagree about a fact give two citations of the same field with
    different claimed values; both are kept and shown side by side.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations",
                               verbose_name=_("source"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("fact cited"), max_length=60, blank=True,
                             help_text=_("Empty when the source supports the whole record."))
    # Encrypted whatever field they cite: a claim can repeat a restricted value.
    claimed_value = EncryptedCharField(_("value the source gives"), max_length=300, blank=True)
    locator = EncryptedCharField(_("page, paragraph or quote"), max_length=500, blank=True)

    scope_parents = ("source",)
    # The claim and the locator (often a quote) say what the cited field says, so they carry
    # that field's class; without an instance, the strictest they can have.
    CLAIM_FIELDS = ("claimed_value", "locator")
    sensitivity = {
        "source": PUBLIC, "content_type": PUBLIC, "object_id": PUBLIC, "field": PUBLIC,
        "claimed_value": RESTRICTED, "locator": RESTRICTED,
    }

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.source.title

    def field_sensitivity(self, field: str) -> Sensitivity:
        if field in self.CLAIM_FIELDS:
            return self.cited_sensitivity()
        return super().field_sensitivity(field)

    def cited_sensitivity(self) -> Sensitivity:
        """The class of the fact cited: public for the whole record, the strictest class the
        cited field can have, restricted when the field is not a field of the record."""
        if not self.field:
            return PUBLIC
        cited = ContentType.objects.get_for_id(self.content_type_id).model_class()
        try:
            cited._meta.get_field(self.field)
            return cited.sensitivity_of(self.field)
        except (FieldDoesNotExist, KeyError):
            return RESTRICTED


class Statement(Record):
    """A public text (like the seed statement): signatories, persons named, figures cited."""

    title = models.CharField(_("title"), max_length=500)
    published_on, published_on_precision = partial_date_fields(_("published on"),
                                                               required=True)
    url = models.URLField(_("address (URL)"), max_length=1000, blank=True)
    text = models.TextField(_("text"))
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("source"))
    signatories = models.ManyToManyField("accounts.Organisation", related_name="statements",
                                         verbose_name=_("signatories"))
    persons_named = models.ManyToManyField(Person, blank=True, related_name="statements",
                                           verbose_name=_("persons named"))

    sensitivity = {
        "title": PUBLIC, "published_on": PUBLIC, "published_on_precision": PUBLIC, "url": PUBLIC,
        "text": PUBLIC, "source": PUBLIC, "signatories": PUBLIC, "persons_named": PUBLIC,
    }

    def __str__(self) -> str:
        return self.title
