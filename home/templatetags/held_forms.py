"""{% held_form_owner %}: inside a form a signed-out POST may reach, the signed hidden field that says
whose form it is, so text held after a session ended is offered back only to them (home/held_forms.py)."""

from django import template

from home.held_forms import owner_field_html

register = template.Library()


@register.simple_tag(takes_context=True)
def held_form_owner(context):
    request = context.get("request")
    return owner_field_html(getattr(request, "user", None))
