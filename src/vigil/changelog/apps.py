from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "vigil.changelog"
    verbose_name = "Registry change log"
