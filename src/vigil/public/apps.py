from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "vigil.public"
    label = "public"
    verbose_name = "Public registry"
