"""One row per read worth answering for. Rows are only ever added: the application cannot
change or delete one (the database owner still can, which is why backups exist)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An attempt to change or delete an audit row."""


class ReadKind(models.TextChoices):
    PAGE = "page", _("restricted value shown on a page")
    FORM = "form", _("restricted value shown in an edit form")
    HISTORY = "history", _("restricted value shown in history")
    API = "api", _("restricted value in an API answer")
    FOREIGN_API = "foreign_api", _("another organisation's record read through the API")
    EXPORT = "export", _("export")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit rows cannot be changed")

    def delete(self):
        raise AppendOnly("audit rows cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("audit rows cannot be changed")


class ReadEvent(models.Model):
    at = models.DateTimeField(_("when (UTC)"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("who"))
    # The organisation whose administrators answer for the record: its owner, or the
    # exporting user's organisation for an export.
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("organisation"))
    kind = models.CharField(_("kind of read"), max_length=12, choices=ReadKind.choices)
    record_type = models.CharField(_("record type"), max_length=100, blank=True)
    record_id = models.PositiveBigIntegerField(_("record"), null=True)
    person_id = models.PositiveBigIntegerField(_("person"), null=True, db_index=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    what = models.CharField(_("what was exported"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["owner", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.record_type} #{self.record_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit rows cannot be deleted")
