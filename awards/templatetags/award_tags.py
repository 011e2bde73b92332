from django import template

from awards.selectors import current_award as _current_award

register = template.Library()


@register.simple_tag
def current_award():
    """The award now running, for pages outside the award section (the home page)."""
    return _current_award()
