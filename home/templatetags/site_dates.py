"""Dates and times in templates, the GOV.UK way: the filters of home.dates, the one formatter."""

from django import template

from home.dates import format_date, format_datetime, format_time

register = template.Library()

register.filter("govuk_datetime", format_datetime)
register.filter("govuk_date", format_date)
register.filter("govuk_time", format_time)
