from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "vigil.publishing"
    verbose_name = "Figures and publishing"
