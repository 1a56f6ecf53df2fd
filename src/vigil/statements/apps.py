from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "vigil.statements"
    verbose_name = "Joint statements"
