from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "vigil.audit"
    verbose_name = _("Read audit")
    default_auto_field = "django.db.models.BigAutoField"
