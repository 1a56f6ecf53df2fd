"""Template helpers of the public site: language alternates, filter labels, page links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

register = template.Library()

FILTER_LABELS = {
    "region": _("Region"),
    "facility": _("Facility"),
    "article": _("Article"),
    "group": _("Occupation"),
    "gender": _("Gender"),
    "sentence": _("Sentence"),
    "recognised_by": _("Recognised by"),
}


@register.filter
def language_urls(request) -> list[tuple[str, str]]:
    """(language code, the same page in that language) for every language of the site."""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return [(code, translate_url(request.path, code) + query) for code, _name in
            settings.LANGUAGES]


@register.filter
def default_language_url(request) -> str:
    """The page for readers whose language the site does not have (hreflang x-default): the
    site's default language, English."""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return translate_url(request.path, settings.LANGUAGE_CODE) + query


@register.filter
def filter_label(parameter: str) -> str:
    return FILTER_LABELS.get(parameter, parameter)


@register.filter
def get(mapping, key):
    return mapping.get(key, "")


@register.simple_tag
def query_with(request, **changes) -> str:
    """The page's query string with some parameters replaced (for page links)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted(params.items()))


@register.filter
def sentence_length(months: int | None) -> str:
    """A sentence's length as courts state it: "10 years", "3 years 6 months", "8 months"."""
    if not months:
        return ""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if rest:
        parts.append(ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest})
    return " ".join(parts)
