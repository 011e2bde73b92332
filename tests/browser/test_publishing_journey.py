"""Journeys 4 and 5: an editor turns the winning nomination into a showcase story and sends it through
the "Showcase review" workflow, a moderator approves and so publishes it; a visitor reads about the
award, filters the showcase and opens the story. Editors and moderators sign in with their
authenticator app."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from awards import services as award_services
from awards.models import AwardPage, ShowcaseStoryPage
from home.permissions import EDITORS, MODERATORS
from judging import services as judging_services
from tests.auth import enable_totp
from tests.factories import AwardPageFactory, UserFactory, eligible_nomination, staff_user

from .harness import BROWSER_TEST
from .steps import (
    admin_create_story,
    admin_review_and_publish,
    admin_submit_for_moderation,
    browse_showcase,
    check_page,
    enter_mfa_code,
    filter_showcase,
    open_story,
    sign_in,
)

pytestmark = BROWSER_TEST


def _decide(*nominations):
    """Nominations close, the panel names these the winners, and staff announce the results."""
    award = nominations[0].award
    AwardPage.objects.filter(pk=award.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    staff = staff_user()
    for nomination in nominations:
        judging_services.decision_record(
            nomination=nomination, outcome="winner", by=staff, rationale="Exemplary"
        )
        nomination.refresh_from_db()
    judging_services.results_announce(award=AwardPage.objects.get(pk=award.pk), by=staff)
    return nominations


def test_an_editor_creates_the_story_and_a_moderator_publishes_it(new_page):
    (nomination,) = _decide(eligible_nomination())
    editor = UserFactory(groups=[EDITORS])
    moderator = UserFactory(groups=[MODERATORS])
    editor_page = new_page("editor", viewport={"width": 1366, "height": 900})
    moderator_page = new_page("moderator", viewport={"width": 1366, "height": 900})
    title = f"{nomination.council.name}: {nomination.title}"

    editor_secret, moderator_secret = enable_totp(editor), enable_totp(moderator)
    sign_in(editor_page, editor.email)
    enter_mfa_code(editor_page, editor_secret)
    editor_page.goto("/admin/")
    admin_create_story(editor_page, nomination.reference)
    admin_submit_for_moderation(editor_page)
    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert not story.live

    sign_in(moderator_page, moderator.email)
    enter_mfa_code(moderator_page, moderator_secret)
    admin_review_and_publish(moderator_page, title)
    story.refresh_from_db()
    assert story.live

    visitor = new_page("visitor")
    browse_showcase(visitor)
    open_story(visitor, title)
    expect(visitor.get_by_role("main")).to_contain_text("How we put principle 1 into practice")


def test_a_visitor_filters_the_showcase_and_reads_a_winners_story(new_page):
    award = AwardPageFactory()
    nomination, second = _decide(eligible_nomination(award=award), eligible_nomination(award=award))
    story = award_services.story_create_from_nomination(nomination=nomination, by=staff_user())
    story.save_revision().publish()
    other = award_services.story_create_from_nomination(nomination=second, by=staff_user())
    other.save_revision().publish()
    # The other story is about principle 2 only; the filter for principle 1 leaves it out.
    other.principles.set([award.ordered_criteria[1].principle])
    other.save_revision().publish()
    principle_1 = award.ordered_criteria[0].principle
    page = new_page("visitor", viewport={"width": 390, "height": 844}, has_touch=True)

    page.goto("/")
    check_page(page)
    page.get_by_role("link", name=award.title).first.click()
    expect(page.get_by_role("heading", name=award.title, level=1)).to_be_visible()
    check_page(page)
    browse_showcase(page)
    expect(page.get_by_role("link", name=other.title)).to_be_visible()
    filter_showcase(page, principle=str(principle_1), year=award.year)

    expect(page.get_by_role("link", name=other.title)).to_have_count(0)
    open_story(page, story.title)
    expect(page.get_by_role("main")).to_contain_text(nomination.council.name)
