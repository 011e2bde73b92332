"""The "Showcase review" workflow: an editor's submission goes to moderation, a moderator's approval
publishes, and a go-live time set for the ceremony evening is honoured."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from awards.models import ShowcaseIndexPage, ShowcaseStoryPage
from home.permissions import MODERATORS
from tests.factories import editor_user, moderator_user, story_page

from .story_editor import post_editor

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
BODY = [("paragraph", "<p>Hubs in every neighbourhood, run with local groups.</p>")]


def _story(story) -> ShowcaseStoryPage:
    return ShowcaseStoryPage.objects.get(pk=story.pk)


def test_the_migration_puts_the_showcase_under_moderators_review():
    showcase = ShowcaseIndexPage.objects.get()

    workflow = showcase.get_workflow()

    assert workflow.name == "Showcase review"
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    assert [group.name for group in tasks[0].groups.all()] == [MODERATORS]
    assert story_page(live=False).get_workflow() == workflow


def test_an_editor_submits_and_a_moderator_approves_which_publishes(client_for):
    editor, moderator = editor_user(), moderator_user()
    story = story_page(live=False, title="Partington hub")

    # Editors cannot publish: the Publish button is not theirs, so pressing it only saves a draft.
    post_editor(client_for(editor), story, action="publish", body=BODY)
    assert not _story(story).live

    submitted = post_editor(client_for(editor), story, action="submit", body=BODY)

    assert submitted.status_code == 302
    story = _story(story)
    assert story.workflow_in_progress
    assert story.current_workflow_task.name == "Moderator approval"
    assert not story.live
    dashboard = client_for(moderator).get(reverse("wagtailadmin_home"))
    assert "Partington hub" in dashboard.content.decode()

    approved = client_for(moderator).post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[story.pk, "approve", story.current_workflow_task_state.pk],
        )
    )

    assert approved.status_code == 302
    story = _story(story)
    assert story.live
    assert not story.workflow_in_progress
    assert "Hubs in every neighbourhood" in client_for(editor).get(story.url).content.decode()


def test_a_moderator_can_send_a_story_back_for_changes(client_for):
    editor, moderator = editor_user(), moderator_user()
    story = story_page(live=False)
    post_editor(client_for(editor), story, action="submit", body=BODY)

    rejected = post_editor(client_for(moderator), story, action="reject", body=BODY)

    assert rejected.status_code == 302
    story = _story(story)
    assert not story.live
    assert story.current_workflow_state.status == "needs_changes"


def test_go_live_set_for_the_ceremony_evening_is_honoured(client_for):
    editor, moderator = editor_user(), moderator_user()
    story = story_page(live=False)
    ceremony = datetime(2031, 6, 18, 19, 30, tzinfo=LONDON)

    with time_machine.travel(ceremony - timedelta(days=3), tick=False):
        post_editor(
            client_for(editor),
            story,
            action="submit",
            body=BODY,
            go_live_at=ceremony.strftime("%Y-%m-%d %H:%M"),
        )
        approved = post_editor(client_for(moderator), story, action="approve", body=BODY)
        assert approved.status_code == 302
        story = _story(story)
        assert not story.live
        assert story.get_latest_revision().approved_go_live_at == ceremony

    with time_machine.travel(ceremony - timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
        assert not _story(story).live

    with time_machine.travel(ceremony + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
        story = _story(story)
        assert story.live
        assert story.first_published_at >= ceremony
