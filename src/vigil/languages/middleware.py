from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_from_path

from vigil.languages.models import SESSION_KEY


class RememberedLanguageMiddleware:
    """A logged-in user's pages in the language they chose (vigil.languages), after
    LocaleMiddleware and the login; the public site keeps the language of its path (/be/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if (language in dict(settings.LANGUAGES) and request.user.is_authenticated
                and not get_language_from_path(request.path_info)):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
