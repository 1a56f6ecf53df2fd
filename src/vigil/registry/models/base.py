"""What every record shares: an owner, a visibility, field sensitivities, history, soft
deletion and a version for optimistic locking, and the one scoped way to query them."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigil.accounts.actors import Actor
from vigil.dates import PartialDate, Precision


class Visibility(models.TextChoices):
    ORGANISATION = "organisation", _("organisation only")
    COALITION = "coalition", _("shared with the coalition")
    PUBLIC = "public", _("public")


class Sensitivity(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")
    RESTRICTED = "restricted", _("restricted")


PRECISION_CHOICES = [
    (Precision.YEAR.value, _("year")),
    (Precision.MONTH.value, _("month")),
    (Precision.DAY.value, _("day")),
]


def partial_date_fields(verbose_name, *, required: bool = False):
    """A date and its precision, stored side by side: `started, started_precision = …`."""
    day = models.DateField(verbose_name, null=not required, blank=not required)
    precision = models.CharField(
        max_length=1, choices=PRECISION_CHOICES, default=Precision.DAY.value, blank=True
    )
    return day, precision


class VersionConflict(Exception):
    """Someone else saved the record since it was loaded; nothing was written."""


def visible_q(actor: Actor, prefix: str = "", *, deleted_too: bool = False) -> Q:
    """The records an actor may see, as a filter on the record found at `prefix`; with
    `deleted_too`, also the deleted ones the actor could see before they were deleted."""
    live = Q() if deleted_too else Q(**{f"{prefix}deleted_at__isnull": True})
    public = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if actor.is_anonymous:
        return live & public
    own = Q(**{f"{prefix}organisation_id": actor.organisation_id})
    shared = Q(
        **{
            f"{prefix}visibility": Visibility.COALITION,
            f"{prefix}organisation_id__in": actor.coalition_org_ids,
        }
    )
    return live & (own | public | shared)


class RecordQuerySet(models.QuerySet):
    def for_actor(self, actor: Actor) -> RecordQuerySet:
        query = visible_q(actor)
        for path in self.model.scope_parents:
            query &= visible_q(actor, f"{path}__")
        return self.filter(query)

    def deleted_for_admin(self, actor: Actor) -> RecordQuerySet:
        """Soft-deleted records of the actor's organisation, for its administrator to restore."""
        if not actor.may_restore:
            return self.none()
        return self.filter(organisation_id=actor.organisation_id, deleted_at__isnull=False)


BOOKKEEPING_SENSITIVITY = {
    "id": Sensitivity.PUBLIC,
    "organisation": Sensitivity.PUBLIC,
    "visibility": Sensitivity.INTERNAL,
    "version": Sensitivity.INTERNAL,
    "created_at": Sensitivity.INTERNAL,
    "updated_at": Sensitivity.INTERNAL,
    "created_by": Sensitivity.INTERNAL,
    "deleted_at": Sensitivity.INTERNAL,
    "deleted_by": Sensitivity.INTERNAL,
}


class Record(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords(inherit=True)

    objects = RecordQuerySet.as_manager()

    # Relations whose own visibility a record also needs (a case is hidden with its person).
    scope_parents: tuple[str, ...] = ()
    # Sensitivity class of each of the model's own fields; a test fails when one is missing.
    sensitivity: dict[str, Sensitivity] = {}

    class Meta:
        abstract = True

    # Fields whose class a record sets itself, and the column holding it.
    sensitivity_columns: dict[str, str] = {}

    @classmethod
    def sensitivity_of(cls, field: str) -> Sensitivity:
        return cls.sensitivity.get(field) or BOOKKEEPING_SENSITIVITY[field]

    def field_sensitivity(self, field: str) -> Sensitivity:
        column = self.sensitivity_columns.get(field)
        if column is not None:
            return Sensitivity(getattr(self, column))
        return self.sensitivity_of(field)

    def partial(self, field: str) -> PartialDate | None:
        return PartialDate.from_parts(getattr(self, field), getattr(self, f"{field}_precision"))

    def set_partial(self, field: str, value: PartialDate | None) -> None:
        setattr(self, field, value.first_day if value else None)
        setattr(self, f"{field}_precision", value.precision.value if value else Precision.DAY)

    def save_versioned(self, expected_version: int) -> None:
        """Save only if nobody saved since `expected_version` was read (optimistic locking)."""
        with transaction.atomic():
            claimed = type(self).objects.filter(pk=self.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise VersionConflict
            self.version = expected_version + 1
            self.save()

    def soft_delete(self, user) -> None:
        self.deleted_at = timezone.now()
        self.deleted_by = user
        self.save(update_fields=["deleted_at", "deleted_by", "updated_at"])

    def restore(self) -> None:
        self.deleted_at = None
        self.deleted_by = None
        self.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
