from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class PublishingConfig(AppConfig):
    name = "vigil.publishing"
    verbose_name = "Figures and publishing"

    def ready(self):
        from vigil.publishing import sqlite_triggers

        pre_migrate.connect(sqlite_triggers.drop_before_migrate, sender=self)
        post_migrate.connect(sqlite_triggers.create_after_migrate, sender=self)
