"""Numbers and dates in the page's language: `{% load localise %}{{ n|number }}`,
`{{ day|long_date }}`, `{{ moment|date_time }}`, `{{ record|partial_date:"field" }}`
(docs/i18n.md). The formatting itself is vigil.l10n's."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from vigil import l10n
from vigil.dates import PartialDate

register = template.Library()


def page_language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in l10n.LANGUAGES else "en"


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return ""
    return l10n.number(value, page_language())


@register.filter
def long_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return l10n.long_date(value, page_language())


@register.filter
def date_time(value) -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return l10n.date_time(value, page_language())


@register.filter
def month_year(value) -> str:
    return l10n.month_year(value, page_language()) if value else ""


@register.filter
def day_month(value) -> str:
    return l10n.day_month(value, page_language()) if value else ""


@register.filter
def partial_date(value, field: str = "") -> str:
    """A PartialDate, or a record's partial date field by name (`record|partial_date:"since"`)."""
    if field:
        value = value.partial(field)
    if isinstance(value, dt.date):
        value = PartialDate.of_day(value)
    return l10n.partial_date(value, page_language()) if value else ""
