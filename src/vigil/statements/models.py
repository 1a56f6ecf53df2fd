"""A joint statement, its signatories, the figures it cites, the persons it names, and the
figure check's decisions.

A statement moves draft → circulating → published, then may be corrected (a new text, the
old one kept in a revision with a public note) or withdrawn (a public note; the text stays
readable). While it circulates its text is frozen: any edit takes it back to draft and
clears every signature, so a signature is always for the text that is published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.accounts.actors import Actor

LANGUAGES = ("be", "ru", "en")
PUBLIC = "public"  # every field of a statement is public once it is published
INTERNAL = "internal"  # drafting work: seen by the author's and the signatories' members


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    CIRCULATING = "circulating", _("circulating for signature")
    PUBLISHED = "published", _("published")
    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


PUBLIC_STATUSES = (Status.PUBLISHED, Status.CORRECTED, Status.WITHDRAWN)


class StatementQuerySet(models.QuerySet):
    def public(self) -> StatementQuerySet:
        """Statements anyone may read: published, corrected or withdrawn."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def for_actor(self, actor: Actor) -> StatementQuerySet:
        """The public statements, and for a member the drafts of their organisation and
        those it is asked to sign."""
        if actor.is_anonymous:
            return self.public()
        mine = Q(author_id=actor.organisation_id) | Q(
            signatories__organisation_id=actor.organisation_id)
        return self.filter(mine | Q(status__in=PUBLIC_STATUSES)).distinct()


class Statement(models.Model):
    slug = models.SlugField(_("public address"), max_length=120, unique=True)
    author = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                               related_name="authored_statements", verbose_name=_("author"))
    dated = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    title_be = models.CharField(_("title (Belarusian)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_be = models.TextField(_("text (Belarusian)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    status_note = models.TextField(_("public note"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = StatementQuerySet.as_manager()

    sensitivity = {name: PUBLIC for name in (
        "slug", "author", "dated", "status", "title_be", "title_ru", "title_en", "body_be",
        "body_ru", "body_en", "published_at", "status_note", "status_changed_at")}

    class Meta:
        ordering = ["-dated", "-pk"]
        verbose_name = _("statement")

    def __str__(self) -> str:
        return self.title_in("en")

    def title_in(self, language: str) -> str:
        """The title in `language`, or the first one written (English, Russian, Belarusian)."""
        return getattr(self, f"title_{language}", "") or self.title_en or self.title_ru \
            or self.title_be or self.slug

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}", "") or self.body_en or self.body_ru \
            or self.body_be

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.CIRCULATING)


class Revision(models.Model):
    """The text as it was published before a correction, with the note saying what changed."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE,
                                  related_name="revisions")
    texts = models.JSONField(_("titles and texts"))
    note = models.TextField(_("what changed"))
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    sensitivity = {"texts": PUBLIC, "note": PUBLIC, "replaced_at": PUBLIC}

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.statement} before {self.replaced_at:%Y-%m-%d}"


class Signatory(models.Model):
    """An organisation asked to sign, and its signature once given (who, when)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE,
                                  related_name="signatories")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="statement_signatures")
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("delegated member"),
        help_text=_("A member the organisation's administrator lets sign in its name."))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    signed_by_name = models.CharField(max_length=150, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_version = models.PositiveIntegerField(null=True, blank=True)

    sensitivity = {"organisation": PUBLIC, "signed_at": PUBLIC, "delegate": INTERNAL,
                   "signed_by": INTERNAL, "signed_by_name": INTERNAL,
                   "signed_version": INTERNAL}

    class Meta:
        ordering = ["organisation__name_en"]
        constraints = [models.UniqueConstraint(fields=["statement", "organisation"],
                                               name="one_signatory_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.statement}"

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None


class Phrasing(models.TextChoices):
    EXACT = "exact", _("the exact number (1,495)")
    MORE_THAN = "more_than", _("more than (more than 3,200)")
    OVER = "over", _("over (over 100)")
    ABOUT = "about", _("about (about 1,500)")


class StatementFigure(models.Model):
    """A figure the text cites as [[figure:KEY]]: a definition as the figures page chooses it,
    the phrasing and its number, and the release it was frozen into at publication."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="figures")
    key = models.SlugField(_("key"), max_length=50)
    definition = models.JSONField(_("definition"))
    phrasing = models.CharField(_("phrasing"), max_length=20, choices=Phrasing.choices,
                                default=Phrasing.EXACT)
    stated = models.PositiveIntegerField(
        _("number stated"), null=True, blank=True,
        help_text=_("The round number after 'more than', 'over' or 'about'; empty: Vigil "
                    "chooses it by the rounding rules."))
    release = models.ForeignKey("publishing.Release", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="statement_figures")

    sensitivity = {"key": PUBLIC, "definition": PUBLIC, "phrasing": PUBLIC, "stated": PUBLIC,
                   "release": PUBLIC}

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["statement", "key"],
                                               name="one_figure_per_key")]

    def __str__(self) -> str:
        return self.key


class Mention(models.Model):
    """A person the text names as [[person:KEY|the name as written]], with what the statement
    claims about them, shown beside the record's facts while drafting."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="mentions")
    key = models.SlugField(_("key"), max_length=50)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT,
                               related_name="statement_mentions")
    claims = models.TextField(_("what the statement says about them"), blank=True)

    sensitivity = {"key": PUBLIC, "person": PUBLIC, "claims": INTERNAL}

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["statement", "key"],
                                               name="one_mention_per_key")]

    def __str__(self) -> str:
        return self.key


class Decision(models.TextChoices):
    OPEN = "", _("not decided")
    BOUND = "bound", _("bound to a figure")
    DISMISSED = "dismissed", _("dismissed")


class FigureFlag(models.Model):
    """A number typed by hand next to a figure-like phrase ("33 media workers"), what the
    registry said about it, and the author's decision (bind it to a figure or dismiss it)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="flags")
    language = models.CharField(max_length=2)
    phrase = models.CharField(max_length=200)
    number = models.PositiveIntegerField()
    registry_says = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True,
                                default=Decision.OPEN)
    figure = models.ForeignKey(StatementFigure, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    sensitivity = {name: INTERNAL for name in (
        "language", "phrase", "number", "registry_says", "decision", "figure", "decided_by",
        "decided_at")}

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["statement", "language", "phrase"],
                                               name="one_flag_per_phrase")]

    def __str__(self) -> str:
        return self.phrase
