from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "vigil.backups"
    verbose_name = "Backups"
