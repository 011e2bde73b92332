"""An award's outcomes are provisional until staff announce its results: before that nothing of them
is public (showcase and its filters and search, story pages, feeds, the API, open data, sitemap, the
award pages) or told to the council, and no story from it can go live. Followed through every state
a public page can be reached in: nominations open, judging, decided, announcement scheduled but not
reached, announced; with the caches on."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from awards import services as awards_services
from awards.models import AwardPage, ShowcaseStoryPage
from judging import services as judging_services
from tests.factories import (
    AwardPageFactory,
    CouncilFactory,
    RoundFactory,
    assignment,
    editor_user,
    eligible_nomination,
    judge_user,
    moderator_user,
    officer_user,
    staff_user,
)

from .story_editor import post_editor

pytestmark = pytest.mark.django_db

COUNCIL = "Secretshire Council"
TITLE = "Quietvale hubs"


@pytest.fixture
def page_cache(settings):
    """The whole-page cache for anonymous visitors, on as in production (fragments are on in tests)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.CACHE_MIDDLEWARE_KEY_PREFIX = "test"
    settings.MIDDLEWARE = [
        "home.cache.AnonymousUpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "home.cache.AnonymousFetchFromCacheMiddleware",
    ]
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def provisional(client_for):
    """The reported case: nominations still open, the round open, 3 of 8 scorecards in, and a
    "Winner" recorded all the same (confirmed as early); its story drafted from the nomination."""
    staff = staff_user()
    council = CouncilFactory(name=COUNCIL, region="North West")
    officer = officer_user(council=council)
    award = AwardPageFactory()
    nomination = eligible_nomination(
        award=award, council=council, created_by=officer, staff=staff, title=TITLE
    )
    round = RoundFactory(award=award)
    for _ in range(8):
        assignment(round=round, judge=judge_user(), nomination=nomination, by=staff)
    # Recorded as awards' own service records it (judging's asks first; tests/judging covers that).
    nomination = awards_services.nomination_set_outcome(
        nomination=nomination, by=staff, outcome="winner", rationale="Clear leader."
    )
    story = awards_services.story_create_from_nomination(nomination=nomination, by=staff)
    return {
        "award": award,
        "nomination": nomination,
        "story": story,
        "staff": staff,
        "officer": officer,
        "round": round,
    }


def _text(response) -> str:
    return response.content.decode()


def public_leaks(story, award) -> dict[str, bool]:
    """For each public surface, whether it shows anything of the award's outcome."""
    client = Client()
    story = ShowcaseStoryPage.objects.get(pk=story.pk)
    url = story.get_url() or f"/showcase/{story.slug}/"
    showcase = client.get("/showcase/")
    assert showcase.status_code == 200
    return {
        "showcase": TITLE in _text(showcase),
        "showcase year filter": TITLE in _text(client.get(f"/showcase/?year={award.year}")),
        "showcase filter choices": award.year
        in [year for year, _label in showcase.context["filter_form"].fields["year"].choices],
        "showcase outcome filter": TITLE in _text(client.get("/showcase/?outcome=winner")),
        "search": TITLE in _text(client.get("/showcase/?q=Quietvale")),
        "story page": client.get(url).status_code != 404,
        "rss": TITLE in _text(client.get("/open-data/stories.rss")),
        "atom": TITLE in _text(client.get("/open-data/stories.atom")),
        "api stories": TITLE in _text(client.get("/api/v2/stories/")),
        "api story": client.get(f"/api/v2/stories/{story.pk}/").status_code != 404,
        "api pages": TITLE
        in _text(client.get("/api/v2/pages/?type=awards.ShowcaseStoryPage&fields=title")),
        "api page": client.get(f"/api/v2/pages/{story.pk}/").status_code != 404,
        "open data json": COUNCIL in _text(client.get("/open-data/winners.json")),
        "open data csv": COUNCIL in _text(client.get("/open-data/winners.csv")),
        "open data year": client.get(f"/open-data/winners/{award.year}.json").status_code != 404,
        "sitemap": story.slug in _text(client.get("/sitemap.xml")),
        "award page": any(
            text in _text(client.get(award.url))
            # The ceremony's date may be a key date; the status and the list are the outcome.
            for text in (COUNCIL, "Winners and highly commended", "Winners announced</strong>")
        ),
        "awards index": COUNCIL in _text(client.get("/awards/")),
    }


def council_sees_outcome(officer_client, nomination) -> bool:
    receipt = _text(
        officer_client.get(reverse("awards:nomination_receipt", args=[nomination.uuid]))
    )
    listing = _text(officer_client.get(reverse("awards:nomination_list")))
    printed = _text(officer_client.get(reverse("awards:nomination_print", args=[nomination.uuid])))
    return any(">Winner<" in page or "Winner</" in page for page in (receipt, listing, printed))


def _nothing_public(leaks):
    assert not any(leaks.values()), [name for name, leaked in leaks.items() if leaked]


def test_an_unannounced_winner_is_nowhere_public_and_its_story_cannot_be_published(
    provisional, client_for, mailoutbox
):
    story, award = provisional["story"], provisional["award"]

    # The editor presses Publish, as on the day the story appeared on the showcase.
    response = post_editor(client_for(provisional["staff"]), story, action="publish")

    assert response.status_code == 200
    assert "results have not been announced" in _text(response)
    assert not ShowcaseStoryPage.objects.get(pk=story.pk).live
    _nothing_public(public_leaks(story, award))
    officer = client_for(provisional["officer"])
    assert not council_sees_outcome(officer, provisional["nomination"])
    assert "Being judged" in _text(
        officer.get(reverse("awards:nomination_receipt", args=[provisional["nomination"].uuid]))
    )
    assert not [m for m in mailoutbox if provisional["officer"].email in m.to]
    assert "Open for nominations" in _text(Client().get(award.url))


def test_a_story_already_live_stays_hidden_until_the_announcement(provisional):
    """Published before this rule (as on the reported day): hidden everywhere until announced."""
    story, award = provisional["story"], provisional["award"]
    revision = story.get_latest_revision()
    ShowcaseStoryPage.objects.filter(pk=story.pk).update(
        live=True, live_revision=revision, first_published_at=timezone.now()
    )

    _nothing_public(public_leaks(story, award))

    AwardPage.objects.filter(pk=award.pk).update(
        closes_at=timezone.now() - timedelta(days=1),
        results_announced_at=timezone.now() - timedelta(minutes=1),
    )
    caches["fragments"].clear()
    leaks = public_leaks(story, award)
    assert all(leaks.values()), [name for name, leaked in leaks.items() if not leaked]


def test_moderator_approval_and_a_scheduled_go_live_before_the_announcement_are_refused(
    provisional, client_for
):
    story, staff = provisional["story"], provisional["staff"]
    editor, moderator = editor_user(), moderator_user()
    submitted = post_editor(client_for(editor), story, action="submit")
    assert submitted.status_code == 302
    story.refresh_from_db()
    task_state = story.current_workflow_task_state

    from_dashboard = client_for(moderator).post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        follow=True,
    )

    messages = [str(m) for m in from_dashboard.context["messages"]]
    assert any("results have not been announced" in m for m in messages), messages
    story.refresh_from_db()
    assert not story.live and story.workflow_in_progress

    in_editor = post_editor(client_for(moderator), story, action="approve")
    assert in_editor.status_code == 200
    assert "results have not been announced" in _text(in_editor)

    # Approving with a go-live before the announcement is refused too.
    AwardPage.objects.filter(pk=provisional["award"].pk).update(
        closes_at=timezone.now() - timedelta(hours=1)
    )
    ceremony = timezone.now() + timedelta(days=3)
    judging_services.results_announce(award=provisional["award"], by=staff, at=ceremony)
    too_early = timezone.localtime(ceremony - timedelta(hours=2))
    scheduled = post_editor(
        client_for(moderator),
        story,
        action="approve",
        go_live_at=too_early.strftime("%Y-%m-%d %H:%M"),
    )
    assert scheduled.status_code == 200
    assert "results are announced at" in _text(scheduled)
    assert not story.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_every_state_from_open_to_announced_with_the_caches_on(
    provisional, client_for, page_cache, django_capture_on_commit_callbacks
):
    story, award, staff = provisional["story"], provisional["award"], provisional["staff"]
    staff_client = client_for(staff)
    announce_url = reverse("judging_admin:award_announce", args=[award.pk])
    officer = client_for(provisional["officer"])
    closes = (timezone.now() + timedelta(minutes=10)).replace(microsecond=0)
    AwardPage.objects.filter(pk=award.pk).update(closes_at=closes)
    award.refresh_from_db()

    with time_machine.travel(timezone.now(), tick=True) as clock:
        # 1. Nominations open (a winner recorded early): nothing public; announcing refused.
        _nothing_public(public_leaks(story, award))
        assert "Open for nominations" in _text(Client().get(award.url))
        refused = staff_client.post(announce_url, {"action": "announce", "when": "now"})
        assert "still open" in _text(refused)
        award.refresh_from_db()
        assert award.results_announced_at is None

        # 2. Nominations close by the clock: judging, and still nothing, though pages were cached.
        clock.move_to(closes + timedelta(seconds=30))
        assert "Judging" in _text(Client().get(award.url))
        _nothing_public(public_leaks(story, award))

        # 3. Announcement scheduled for the ceremony; the story scheduled for the same moment.
        ceremony = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
        local = timezone.localtime(ceremony)
        with django_capture_on_commit_callbacks(execute=True):
            scheduled = staff_client.post(
                announce_url,
                {"action": "announce", "when": "schedule", "at": local.strftime("%Y-%m-%dT%H:%M")},
            )
        assert scheduled.status_code == 302
        award.refresh_from_db()
        assert award.results_announced_at == ceremony
        assert PageLogEntry.objects.filter(
            page=award, action="judging.results.schedule", user=staff
        ).exists()
        approved = post_editor(
            staff_client, story, action="publish", go_live_at=local.strftime("%Y-%m-%d %H:%M")
        )
        assert approved.status_code == 302, _text(approved)[:2000]
        assert not ShowcaseStoryPage.objects.get(pk=story.pk).live

        # 4. Half a minute before: nothing public, and the pages are in the caches again.
        clock.move_to(ceremony - timedelta(seconds=30))
        _nothing_public(public_leaks(story, award))
        assert not council_sees_outcome(officer, provisional["nomination"])
        assert "Judging" in _text(Client().get(award.url))
        call_command("publish_scheduled")
        assert not ShowcaseStoryPage.objects.get(pk=story.pk).live

        # 5. The moment passes: the award page shows the winner at once, whatever was cached and
        # before the scheduler has run; the story goes live when Wagtail's scheduler reaches it.
        clock.move_to(ceremony + timedelta(seconds=1))
        page = _text(Client().get(award.url))
        assert COUNCIL in page and "Winners announced</strong>" in page
        assert COUNCIL in _text(Client().get("/open-data/winners.json"))
        assert council_sees_outcome(officer, provisional["nomination"])
        call_command("publish_scheduled")
        assert ShowcaseStoryPage.objects.get(pk=story.pk).live
        leaks = public_leaks(story, award)
        assert all(leaks.values()), [name for name, leaked in leaks.items() if not leaked]

        # Announcing is final: it cannot be moved or withdrawn now (staff sign in again: their
        # admin session has timed out over the two hours).
        staff_client = client_for(staff)
        later = timezone.localtime(ceremony + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        moved = staff_client.post(
            announce_url, {"action": "announce", "when": "schedule", "at": later}
        )
        assert "An announcement is final" in _text(moved)
        staff_client.post(announce_url, {"action": "cancel"})
        award.refresh_from_db()
        assert award.results_announced_at == ceremony


def test_a_withdrawn_announcement_keeps_its_scheduled_stories_unpublished(provisional, client_for):
    story, award, staff = provisional["story"], provisional["award"], provisional["staff"]
    AwardPage.objects.filter(pk=award.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    ceremony = timezone.now() + timedelta(hours=2)
    judging_services.results_announce(award=award, by=staff, at=ceremony)
    local = timezone.localtime(ceremony + timedelta(minutes=1))
    approved = post_editor(
        client_for(staff), story, action="publish", go_live_at=local.strftime("%Y-%m-%d %H:%M")
    )
    assert approved.status_code == 302

    response = client_for(staff).post(
        reverse("judging_admin:award_announce", args=[award.pk]), {"action": "cancel"}
    )

    assert response.status_code == 302
    award.refresh_from_db()
    assert award.results_announced_at is None
    assert PageLogEntry.objects.filter(page=award, action="judging.results.unschedule").exists()
    with time_machine.travel(ceremony + timedelta(minutes=5)):
        call_command("publish_scheduled")
        assert not ShowcaseStoryPage.objects.get(pk=story.pk).live
        refusal = PageLogEntry.objects.get(page=story, action="awards.story.publish_refused")
        assert "not been announced" in " ".join(refusal.data["problems"])
        _nothing_public(public_leaks(story, award))
