import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision, Site, WorkflowState

from awards.models import (
    AwardPage,
    Council,
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    ShowcaseStoryPage,
)
from home.permissions import MODERATORS
from judging import services as judging_services
from judging.management.commands.load_demo_data import (
    ANNOUNCED_ONLY,
    DEMO_JUDGE_EMAIL,
    MODERATOR_EMAIL,
    REAL_COUNCIL_NAMES,
    STAFF_EMAIL,
)
from judging.models import Assignment, Decision, Round, Score, Scorecard
from tests.auth import totp_code

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
    officer = get_user_model().objects.get(email="sarah.whitaker@testshire.example")
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
    assert "won the 2023 Keep it Local Award" in trafford.summary
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


# --- links follow wherever the demo is served ---------------------------------------------------

PORT_8311 = {
    "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8311",
    "WAGTAILAPI_BASE_URL": "http://127.0.0.1:8311",
}


def test_links_point_at_the_port_the_demo_is_served_on(db, client, mailoutbox):
    with override_settings(**PORT_8311):
        call_command("load_demo_data")
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("127.0.0.1", 8311)

        sitemap = client.get("/sitemap.xml").content.decode()
        assert "<loc>http://127.0.0.1:8311/" in sitemap
        assert "http://localhost/" not in sitemap

        stories = client.get("/api/v2/stories/").json()["items"]
        assert stories
        meta = stories[0]["meta"]
        assert meta["detail_url"].startswith("http://127.0.0.1:8311/api/v2/")
        assert meta["html_url"].startswith("http://127.0.0.1:8311/")

        judge = get_user_model().objects.get(email=DEMO_JUDGE_EMAIL)
        round_ = Round.objects.get(name="Shortlisting")
        judging_services.send_assignment_notice(judge=judge, round=round_, count=1)
        assert "http://127.0.0.1:8311/" in mailoutbox[-1].body
        assert ":8000" not in mailoutbox[-1].body


def test_serving_on_another_port_moves_the_sites_links_and_then_changes_nothing(db):
    with override_settings(**PORT_8311):
        call_command("load_demo_data")
    with override_settings(WAGTAILADMIN_BASE_URL="http://localhost:8400"):
        call_command("load_demo_data")
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("localhost", 8400)
        first = _counts()
        call_command("load_demo_data")
    assert _counts() == first


# --- every role has something to do -------------------------------------------------------------


def test_an_open_allocated_round_has_scorecards_in_progress_for_the_demo_judge(db, client_for):
    call_command("load_demo_data")

    round_ = Round.objects.get(name="Shortlisting")
    assert round_.is_open()
    assert round_.award.is_open()
    entries = round_.award.nominations.filter(status=Nomination.Status.ELIGIBLE)
    assert Assignment.objects.filter(round=round_).count() == 2 * entries.count()
    judge = get_user_model().objects.get(email=DEMO_JUDGE_EMAIL)
    in_progress = (
        Scorecard.objects.filter(
            assignment__round=round_, assignment__judge=judge, status="draft", scores__isnull=False
        )
        .distinct()
        .get()
        .assignment
    )
    assert Scorecard.objects.filter(assignment__round=round_, status="submitted").exists()

    page = client_for(judge).get(reverse("judging:dashboard"))
    assert page.status_code == 200
    assert "Shortlisting" in page.content.decode()
    scorecard = client_for(judge).get(reverse("judging:scorecard", args=[in_progress.uuid]))
    assert scorecard.status_code == 200


def test_a_moderator_and_a_story_in_review_the_award_administrator_can_open(db, client_for):
    call_command("load_demo_data")

    moderator = get_user_model().objects.get(email=MODERATOR_EMAIL)
    assert moderator.groups.filter(name=MODERATORS).exists()
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    story = ShowcaseStoryPage.objects.get(pk=state.object_id)
    assert not story.live

    admin = get_user_model().objects.get(email=STAFF_EMAIL)
    for user in (admin, moderator):
        page = client_for(user).get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Page locked" not in html
        assert "Approve" in html


# --- two-step sign-in with the demo authenticator ------------------------------------------------


def _printed_secret(out: str) -> str:
    return re.search(r"otpauth://totp/\S+\?secret=([A-Z2-7]+)", out).group(1)


def test_the_demo_judge_signs_in_with_a_code_from_the_printed_secret(db, capsys):
    call_command("load_demo_data")
    secret = _printed_secret(capsys.readouterr().out)
    judge = get_user_model().objects.get(email=DEMO_JUDGE_EMAIL)
    stored = Authenticator.objects.get(user=judge, type=Authenticator.Type.TOTP)
    assert secret not in str(stored.data)  # encrypted at rest

    client = Client()
    response = client.post(
        reverse("account_login"), {"login": judge.email, "password": "keep-it-local-demo"}
    )
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    call_command("demo_totp_code")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    assert code == totp_code(secret)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302

    assert client.get(reverse("judging:dashboard")).status_code == 200


def test_the_demo_authenticator_is_refused_in_production(db, capsys):
    with override_settings(IS_PRODUCTION=True):
        with pytest.raises(CommandError, match="production"):
            call_command("demo_totp_code")
        with pytest.raises(CommandError, match="production"):
            call_command("load_demo_data")
        call_command("load_demo_data", allow_production=True)
        out = capsys.readouterr().out

    assert not Authenticator.objects.exists()
    assert "otpauth://" not in out
    assert "+ code" not in out


# --- nothing invented is said about a real council -----------------------------------------------

MONEY_OR_SHARE = re.compile(r"£\s?\d|\d\s?%|\bper ?cent\b")


def test_no_invented_figures_are_said_about_the_real_past_winners(db, client):
    call_command("load_demo_data")

    real = Council.objects.filter(name__in=REAL_COUNCIL_NAMES)
    assert real.count() == 4
    assert not Nomination.objects.filter(council__in=real).exists()
    stories = ShowcaseStoryPage.objects.live().filter(council__in=real)
    assert stories.count() == 4
    for story in stories:
        html = client.get(story.url).content.decode()
        text = re.sub(r"<[^>]+>", " ", html)
        assert "Demonstration content" in text or not MONEY_OR_SHARE.search(text), story.title
        assert ANNOUNCED_ONLY in text
    # The demo's invented figures are there, on the fictional councils' pages.
    invented = ShowcaseStoryPage.objects.live().exclude(council__in=real).get()
    assert MONEY_OR_SHARE.search(client.get(invented.url).content.decode())
