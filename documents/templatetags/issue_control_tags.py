"""Template filters for the admin's refusals of Wagtail's roads around the approval workflow."""

from django import template

from ..models.identification import IdentifiedDocument

register = template.Library()


@register.filter
def is_controlled_document(page) -> bool:
    return isinstance(getattr(page, "specific_deferred", page), IdentifiedDocument)
