"""Journeys 4 and 5: an editor turns the winning nomination into a showcase story and sends it through
moderation, a moderator approves and so publishes it; a visitor finds it on the showcase.

The workflow today is Wagtail's default ("Moderators approval"); issue 5 brings "Showcase review" and
filters on the showcase, which change admin_submit_for_moderation, admin_review_and_publish and add
a filter_showcase step to journey 5.
"""

from playwright.sync_api import expect

from awards import services as award_services
from awards.models import ShowcaseStoryPage
from home.permissions import EDITORS, MODERATORS
from judging import services as judging_services
from tests.factories import UserFactory, eligible_nomination, staff_user

from .harness import BROWSER_TEST
from .steps import (
    admin_create_story,
    admin_review_and_publish,
    admin_submit_for_moderation,
    browse_showcase,
    check_page,
    open_story,
    sign_in,
)

pytestmark = BROWSER_TEST


def _winner():
    nomination = eligible_nomination()
    judging_services.decision_record(
        nomination=nomination, outcome="winner", by=staff_user(), rationale="Exemplary"
    )
    nomination.refresh_from_db()
    return nomination


def test_an_editor_creates_the_story_and_a_moderator_publishes_it(new_page):
    nomination = _winner()
    editor = UserFactory(groups=[EDITORS])
    moderator = UserFactory(groups=[MODERATORS])
    editor_page = new_page("editor", viewport={"width": 1366, "height": 900})
    moderator_page = new_page("moderator", viewport={"width": 1366, "height": 900})
    title = f"{nomination.council.name}: {nomination.title}"

    sign_in(editor_page, editor.email)
    editor_page.goto("/admin/")
    admin_create_story(editor_page, nomination.reference)
    admin_submit_for_moderation(editor_page)
    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert not story.live

    sign_in(moderator_page, moderator.email)
    admin_review_and_publish(moderator_page, title)
    story.refresh_from_db()
    assert story.live

    visitor = new_page("visitor")
    browse_showcase(visitor)
    open_story(visitor, title)
    expect(visitor.get_by_role("main")).to_contain_text("How we put principle 1 into practice")


def test_a_visitor_reads_about_the_award_and_a_winners_story(new_page):
    nomination = _winner()
    story = award_services.story_create_from_nomination(nomination=nomination, by=staff_user())
    story.save_revision().publish()
    award = nomination.award
    page = new_page("visitor", viewport={"width": 390, "height": 844}, has_touch=True)

    page.goto("/")
    check_page(page)
    page.get_by_role("link", name=award.title).click()
    expect(page.get_by_role("heading", name=award.title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What the panel looks for")).to_be_visible()
    check_page(page)
    browse_showcase(page)
    open_story(page, story.title)
    aside = page.get_by_role("complementary", name="About this story")
    expect(aside).to_contain_text(nomination.council.name)
