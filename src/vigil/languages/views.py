from django.utils.translation import check_for_language
from django.views.i18n import set_language

from vigil.languages.models import remember


def choose_language(request):
    """Django's set_language (the cookie, back to the page), and for a logged-in user the
    choice remembered, so that it follows them to every device and session."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and check_for_language(language):
        remember(request, language)
    return response
