"""Dates and times the GOV.UK way ("5pm on 27 February 2027", "midday", "9:30am"), in UK time."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


def _time(value) -> str:
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def govuk_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(time)s on %(date)s") % {
        "time": _time(local),
        "date": formats.date_format(local, "j F Y"),
    }


@register.filter
def govuk_date(value) -> str:
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y")
