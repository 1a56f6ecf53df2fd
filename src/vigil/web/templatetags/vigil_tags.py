from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from vigil.public.names import ShownName, language_tag, names_for, user_romanisation
from vigil.registry.disclosure import disclosed as disclosed_value
from vigil.registry.disclosure import may_see_field
from vigil.web.templatetags.localise import page_language, partial_date

register = template.Library()


@register.simple_tag(takes_context=True)
def disclose(context, record, field):
    """A field's value for the page's actor, or a 'withheld' note: templates never read a
    non-public field directly (a test checks)."""
    if may_see_field(context["actor"], record, field):
        return disclosed_value(context["actor"], record, field)
    return _("[withheld: %(field)s]") % {"field": record._meta.get_field(field).verbose_name}


@register.simple_tag(takes_context=True)
def disclosed(context, record, field):
    """A field's value for the page's actor, or None: for values shown only when seen."""
    return disclosed_value(context["actor"], record, field)


@register.filter
def may_edit(actor, record) -> bool:
    return actor.may_edit(record.organisation_id)


@register.filter
def partial(record, field):
    """A record's partial date in the page's language ("April 2023", "апрель 2023 г.")."""
    return partial_date(record, field)


@register.simple_tag(takes_context=True)
def person_names(context, person) -> dict[str, ShownName | list[ShownName]]:
    """`{% person_names person as names %}`: `names.shown`, the spelling of the page's language
    (on English pages the Latin form of the user's organisation), and `names.others`, each
    with its `text` and `lang` (vigil.public.names.names_for)."""
    live = [name for name in person.names.all() if name.deleted_at is None]
    request = context.get("request")
    romanisation = user_romanisation(request.user if request else None)
    shown, others = names_for(live, page_language(), romanisation)
    return {"shown": shown or ShownName(f"#{person.pk}", "und"), "others": others}


@register.filter
def spelling_lang(name) -> str:
    """The `lang` of one recorded spelling ("be", "ru", "be-Latn" for Łacinka, "en")."""
    return language_tag(name)


@register.filter
def cited_field(citation) -> str:
    """The label of the field a citation supports ("birth date", not "birth_date")."""
    model = citation.content_type.model_class()
    try:
        return str(model._meta.get_field(citation.field).verbose_name)
    except FieldDoesNotExist:  # a field renamed since the citation was made
        return citation.field
