from django import template

from documents.blocks import FilingChannel

register = template.Library()

_CHANNEL_LABELS = dict(FilingChannel.choices)


@register.filter
def channel_label(value: str) -> str:
    """The Vietnamese (or active language) name of a filing channel code such as "online"."""
    return str(_CHANNEL_LABELS.get(value, value))
