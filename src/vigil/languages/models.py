"""The interface language each user chose, remembered across devices and sessions: kept in
the database, copied into the session at login (so pages read no extra row)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "vigil_language"


class LanguageChoice(models.Model):
    # Internal: the language a documenter reads in says nothing about any person recorded.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="language_choice")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    chosen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


def remember(request, language: str) -> None:
    LanguageChoice.objects.update_or_create(user=request.user, defaults={"language": language})
    request.session[SESSION_KEY] = language


@receiver(user_logged_in)
def restore_choice(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    language = LanguageChoice.objects.filter(user=user).values_list("language", flat=True).first()
    if language:
        request.session[SESSION_KEY] = language
