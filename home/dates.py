"""The one way the site writes dates and times: GOV.UK style, in UK time ("5pm on 27 February
2027", "2:18am", "midday"). Templates use it through the site_dates filters; services, views and
emails call it directly."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def format_time(value) -> str:
    """ "5pm", "9:30am", "midday", "midnight": the clock time of `value` in UK time."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.hour == 0 and local.minute == 0:
        return _("midnight")
    if local.hour == 12 and local.minute == 0:
        return _("midday")
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def format_date(value) -> str:
    """ "27 February 2027": the day of `value` in UK time (a date is written as it is)."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y")


def format_datetime(value) -> str:
    """ "5pm on 27 February 2027"."""
    if not value:
        return ""
    return _("%(time)s on %(date)s") % {"time": format_time(value), "date": format_date(value)}
