from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from vigil.registry.disclosure import disclosed as disclosed_value
from vigil.registry.disclosure import may_see_field

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
    value = record.partial(field)
    return str(value) if value else ""


@register.filter
def cited_field(citation) -> str:
    """The label of the field a citation supports ("birth date", not "birth_date")."""
    model = citation.content_type.model_class()
    try:
        return str(model._meta.get_field(citation.field).verbose_name)
    except FieldDoesNotExist:  # a field renamed since the citation was made
        return citation.field
