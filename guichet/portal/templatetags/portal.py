from django import template

from guichet.portal.labels import status_label as _status_label

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return _status_label(status)
