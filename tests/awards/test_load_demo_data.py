from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from awards.models import (
    AwardPage,
    Council,
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    ShowcaseStoryPage,
)
from judging.models import Assignment, Decision, Round, Score, Scorecard

COUNTED = [
    get_user_model(),
    Council,
    CouncilMembership,
    Page,
    AwardPage,
    Revision,
    Nomination,
    NominationStatement,
    Evidence,
    Round,
    Assignment,
    Scorecard,
    Score,
    Decision,
    ShowcaseStoryPage,
    ModelLogEntry,
    PageLogEntry,
]


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_loading_the_demo_data_twice_changes_nothing_the_second_time(db, capsys):
    call_command("load_demo_data")
    first = _counts()

    call_command("load_demo_data")

    assert _counts() == first
    assert "nothing changed" in capsys.readouterr().out


def test_demo_world_has_an_open_award_and_a_live_winning_story(db, capsys):
    call_command("load_demo_data")

    now = timezone.localtime()
    open_year = now.year + 1 if now.month >= 10 else now.year
    current = AwardPage.objects.get(year=open_year)
    assert current.is_open()
    assert current.live
    assert current.criteria.count() == 6
    statuses = set(current.nominations.values_list("status", flat=True))
    assert {"draft", "submitted", "eligible"} <= statuses

    past = AwardPage.objects.get(year=open_year - 1)
    assert not past.is_open()
    assert past.phase == "results"
    winner = past.nominations.get(status=Nomination.Status.WINNER)
    assert winner.submitted_at < past.closes_at
    assert set(past.nominations.values_list("status", flat=True)) >= {
        "winner",
        "highly_commended",
        "not_selected",
    }
    assert not Scorecard.objects.filter(assignment__round__award=past).exclude(status="submitted")
    story = ShowcaseStoryPage.objects.live().get(source_nomination=winner)
    assert story.council == winner.council
    assert story.award_year == past.year


def test_demo_sign_ins_are_printed_and_work(db, capsys, client):
    call_command("load_demo_data")
    out = capsys.readouterr().out

    assert "keep-it-local-demo" in out
    assert "admin@keepitlocal.example" in out
    officer = get_user_model().objects.get(email="sarah.whitaker@kirklees.gov.uk")
    assert officer.check_password("keep-it-local-demo")
    assert officer.emailaddress_set.get().verified


def test_last_years_history_is_dated_last_year_and_the_audit_log_verifies(db, capsys):
    call_command("load_demo_data")
    call_command("load_demo_data")

    past = AwardPage.objects.filter(nominations__status=Nomination.Status.WINNER).latest("year")
    winner = past.nominations.get(status=Nomination.Status.WINNER)
    history = ModelLogEntry.objects.for_instance(winner)
    assert history.get(action="awards.nomination.submit").timestamp < past.closes_at
    assert history.get(action="awards.nomination.outcome").timestamp < timezone.now()
    assert history.get(action="awards.nomination.eligible").timestamp > past.closes_at
    call_command("verify_audit_log")
    assert "audit log is intact" in capsys.readouterr().out


def test_the_real_past_winners_are_published_as_summaries_for_editors_to_complete(db, client):
    call_command("load_demo_data")

    expected = {
        2021: "Kirklees Council",
        2023: "Trafford Council",
        2024: "West Yorkshire ICB",
        2025: "Shropshire Council",
    }
    for year, council in expected.items():
        award = AwardPage.objects.get(year=year)
        assert award.live and award.phase == "results"
        story = ShowcaseStoryPage.objects.live().get(award_year=year, council__name=council)
        assert story.outcome == "winner"
        assert story.is_summary
        assert "To do" in story.editor_note
        assert story.source_nomination is None
        assert not story.principles.exists()  # not publicly known: left to editors
    trafford = ShowcaseStoryPage.objects.get(award_year=2023)
    assert "community hubs" in trafford.summary
    assert "first integrated care board" in ShowcaseStoryPage.objects.get(award_year=2024).summary
    assert (
        "Market Drayton Community Covenant"
        in ShowcaseStoryPage.objects.get(award_year=2025).summary
    )

    page = client.get(trafford.url).content.decode()
    assert "A fuller story is on its way" in page
    assert "To do" not in page
    winners = client.get("/open-data/winners.json").json()
    by_year = {
        year["year"]: [w["organisation"] for w in year["winners"]] for year in winners["years"]
    }
    assert by_year[2024] == ["West Yorkshire ICB"]
    assert by_year[2021] == ["Kirklees Council"]


def test_the_demo_years_story_is_marked_as_demonstration_content(db):
    call_command("load_demo_data")

    demo_year = AwardPage.objects.order_by("-year")[1]
    story = ShowcaseStoryPage.objects.live().get(award_year=demo_year.year)

    assert "Demonstration content" in story.editor_note
    assert "Demonstration data" in demo_year.intro
