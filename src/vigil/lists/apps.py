from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "vigil.lists"
    verbose_name = "List imports and review"
