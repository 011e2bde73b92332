"""Open data: the winners of each announced year as JSON and CSV, the stories feeds, and a page that
explains them. Organisations only: no people, no email addresses, no scores."""

import csv
from dataclasses import asdict, fields

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .feeds import StoriesAtomFeed, StoriesFeed
from .selectors import WinnerRow, announced_awards, winners_for_awards

CSV_COLUMNS = [field.name for field in fields(WinnerRow)]


def _awards_for(year):
    awards = announced_awards()
    if year is not None:
        awards = awards.filter(year=year)
        if not awards:
            raise Http404("No announced results for that year")
    return list(awards)


def _absolute_rows(request, rows: list[WinnerRow]) -> list[dict]:
    return [
        {
            **asdict(row),
            "story_url": request.build_absolute_uri(row.story_url) if row.story_url else "",
        }
        for row in rows
    ]


def _year_data(request, award, rows) -> dict:
    return {
        "year": award.year,
        "award": award.title,
        "award_url": request.build_absolute_uri(award.get_url(request)),
        "results_announced_at": award.results_announced_at.isoformat(),
        "winners": _absolute_rows(request, rows),
    }


@require_GET
def winners_json(request, year=None):
    awards = _awards_for(year)
    winners = winners_for_awards(awards, request=request)
    years = [_year_data(request, award, winners[award.year]) for award in awards]
    data = years[0] if year is not None else {"years": years}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_safe(value) -> str:
    # Spreadsheet programs run cells that start with these as formulas; a leading quote stops that.
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@require_GET
def winners_csv(request, year=None):
    awards = _awards_for(year)
    winners = winners_for_awards(awards, request=request)
    name = f"keep-it-local-award-winners-{year}.csv" if year else "keep-it-local-award-winners.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for award in awards:
        for row in _absolute_rows(request, winners[award.year]):
            writer.writerow({key: _csv_safe(value) for key, value in row.items()})
    return response


@require_GET
def open_data_index(request):
    years = list(announced_awards().values_list("year", flat=True))
    return render(
        request,
        "awards/open_data.html",
        {
            "years": years,
            "breadcrumbs": [{"title": _("Home"), "url": "/"}],
            "meta_description": _(
                "Open data from the Keep it Local Award: winners by year as JSON and CSV, feeds "
                "of showcase stories and a read-only API."
            ),
        },
    )


app_name = "open_data"
urlpatterns = [
    path("", open_data_index, name="index"),
    path("winners.json", winners_json, name="winners_json"),
    path("winners.csv", winners_csv, name="winners_csv"),
    path("winners/<int:year>.json", winners_json, name="winners_year_json"),
    path("winners/<int:year>.csv", winners_csv, name="winners_year_csv"),
    path("stories.rss", StoriesFeed(), name="stories_rss"),
    path("stories.atom", StoriesAtomFeed(), name="stories_atom"),
]
