"""The one date and time formatter: GOV.UK style, in UK time, wherever the value came from."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from home.dates import format_date, format_datetime, format_time

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2027, 2, 27, 17, 0, tzinfo=LONDON), "5pm"),
        (datetime(2027, 2, 27, 2, 18, tzinfo=LONDON), "2:18am"),
        (datetime(2027, 2, 27, 12, 0, tzinfo=LONDON), "midday"),
        (datetime(2027, 2, 27, 0, 0, tzinfo=LONDON), "midnight"),
        (datetime(2027, 2, 27, 12, 30, tzinfo=LONDON), "12:30pm"),
        (datetime(2027, 2, 27, 0, 5, tzinfo=LONDON), "12:05am"),
        (datetime(2027, 2, 27, 9, 30, tzinfo=LONDON), "9:30am"),
        # Summer time: 16:00 UTC is 5pm in London.
        (datetime(2027, 6, 30, 16, 0, tzinfo=UTC), "5pm"),
        # Winter: UTC and London agree.
        (datetime(2027, 1, 15, 14, 45, tzinfo=UTC), "2:45pm"),
    ],
)
def test_times_are_written_the_govuk_way_in_uk_time(value, expected):
    assert format_time(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2027, 2, 27, 17, 0, tzinfo=LONDON), "5pm on 27 February 2027"),
        (datetime(2027, 2, 27, 2, 18, tzinfo=LONDON), "2:18am on 27 February 2027"),
        (datetime(2027, 3, 1, 12, 0, tzinfo=LONDON), "midday on 1 March 2027"),
        # 23:30 UTC on 30 June is already 1 July in London.
        (datetime(2027, 6, 30, 23, 30, tzinfo=UTC), "12:30am on 1 July 2027"),
    ],
)
def test_date_and_time_together_read_time_on_date(value, expected):
    assert format_datetime(value) == expected


def test_a_date_is_written_as_it_is_and_a_datetime_by_its_uk_day():
    assert format_date(date(2027, 2, 27)) == "27 February 2027"
    assert format_date(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2027"


@pytest.mark.parametrize("formatter", [format_time, format_date, format_datetime])
def test_nothing_given_writes_nothing(formatter):
    assert formatter(None) == ""


def test_templates_use_the_same_formatter():
    value = datetime(2027, 2, 27, 17, 0, tzinfo=LONDON)
    rendered = Template(
        "{% load site_dates %}{{ v|govuk_datetime }}|{{ v|govuk_date }}|{{ v|govuk_time }}"
    ).render(Context({"v": value}))

    assert rendered == "5pm on 27 February 2027|27 February 2027|5pm"
