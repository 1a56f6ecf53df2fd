from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    name = "vigil.languages"
    verbose_name = _("Languages")
    default_auto_field = "django.db.models.BigAutoField"
