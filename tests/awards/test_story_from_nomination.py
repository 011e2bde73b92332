"""From a winning or highly commended nomination, one admin action makes a draft story prefilled
from it; running it again opens the same draft. Only for winners and highly commended, and only
for editors and staff."""

import pytest
from django.test import Client
from django.urls import reverse

from awards.models import Nomination, ShowcaseIndexPage, ShowcaseStoryPage
from awards.publishing import PublishingRefused
from awards.services import (
    TransitionNotAllowed,
    nomination_mark_eligibility,
    nomination_set_outcome,
    story_create_from_nomination,
)
from tests.factories import (
    CouncilFactory,
    NominationFactory,
    announce_results,
    editor_user,
    moderator_user,
    staff_user,
    story_page,
    submitted_nomination,
)

from .story_editor import post_editor

pytestmark = pytest.mark.django_db


def _decided(staff, outcome, **kwargs) -> Nomination:
    nomination = submitted_nomination(**kwargs)
    nomination_mark_eligibility(nomination=nomination, by=staff, eligible=True)
    return nomination_set_outcome(nomination=nomination, by=staff, outcome=outcome)


def _story_url(nomination) -> str:
    return reverse("awards_admin:nomination_story", args=[nomination.pk])


def test_the_draft_is_prefilled_with_a_section_per_principle_from_the_statements(
    open_award, client_for
):
    staff = staff_user()
    council = CouncilFactory(name="Trafford Council", region="North West")
    nomination = _decided(
        staff,
        "highly_commended",
        award=open_award,
        council=council,
        title="Locality partnerships",
        statements={
            number: f"What we did for principle {number}.\n\nWith <local> groups."
            for number in (1, 2, 3, 4, 5, 6)
        },
    )

    client_for(editor_user()).post(_story_url(nomination))

    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert story.get_parent().specific_class is ShowcaseIndexPage
    assert not story.live
    assert story.title == "Trafford Council: Locality partnerships"
    assert story.summary == nomination.summary
    assert (story.council, story.region) == (council, "North West")
    assert (story.award_year, story.outcome) == (open_award.year, "highly_commended")
    assert sorted(p.number for p in story.principles.all()) == [1, 2, 3, 4, 5, 6]
    sections = [block.value for block in story.body if block.block_type == "principle_section"]
    assert [section["principle"] for section in sections] == [1, 2, 3, 4, 5, 6]
    assert sections[2]["text"].source == (
        "<p>What we did for principle 3.</p><p>With &lt;local&gt; groups.</p>"
    )


def test_running_it_again_opens_the_existing_draft(open_award, client_for):
    staff = staff_user()
    nomination = _decided(staff, "winner", award=open_award)
    client = client_for(moderator_user())

    first = client.post(_story_url(nomination))
    ShowcaseStoryPage.objects.filter(source_nomination=nomination).update(title="Edited title")
    second = client.post(_story_url(nomination), follow=True)

    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert first["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert second.redirect_chain[0][0] == first["Location"]
    assert story.title == "Edited title"
    assert ShowcaseStoryPage.objects.count() == 1
    assert any("already has a showcase story" in str(m) for m in second.context["messages"])


@pytest.mark.parametrize("outcome", ["shortlisted", "not_selected"])
def test_only_winners_and_highly_commended_get_a_story(outcome, open_award, client_for):
    staff = staff_user()
    nomination = _decided(staff, outcome, award=open_award)

    client_for(staff).post(_story_url(nomination))

    assert not ShowcaseStoryPage.objects.exists()


def test_only_editors_and_staff_may_create_one(open_award, client_for, officer, judge):
    staff = staff_user()
    nomination = _decided(staff, "winner", award=open_award)

    for user in (officer, judge):
        assert client_for(user).post(_story_url(nomination)).status_code in {302, 403, 404}
    anonymous = Client().post(_story_url(nomination))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not ShowcaseStoryPage.objects.exists()

    client_for(editor_user()).post(_story_url(nomination))

    assert ShowcaseStoryPage.objects.filter(source_nomination=nomination).exists()


def test_a_draft_nomination_is_refused_even_by_staff(open_award, client_for):
    nomination = NominationFactory(award=open_award)

    response = client_for(staff_user()).post(_story_url(nomination), follow=True)

    assert response.status_code == 200
    assert not ShowcaseStoryPage.objects.exists()


def test_without_the_councils_consent_no_story_is_made_nor_published(open_award, client_for):
    """The council said "No" to publication: staff see why instead of the button, the action is
    refused, and a story made before (or in code) cannot go live, even once results are announced."""
    staff, editor = staff_user(), editor_user()
    council = CouncilFactory(name="Quietshire Council")
    nomination = _decided(
        staff, "winner", award=open_award, council=council, publication_consent=False
    )
    inspect_url = reverse("awards_nomination_modeladmin_inspect", args=[nomination.pk])

    page = client_for(editor).get(inspect_url).content.decode()

    assert "Create showcase story" not in page
    assert "Quietshire Council said no to publication" in page
    assert "data-kil-story-refused" in page

    refused = client_for(editor).post(_story_url(nomination), follow=True)

    assert not ShowcaseStoryPage.objects.filter(source_nomination=nomination).exists()
    messages = [str(m) for m in refused.context["messages"]]
    assert any("said no to publication" in m for m in messages)
    with pytest.raises(TransitionNotAllowed):
        story_create_from_nomination(nomination=nomination, by=editor)

    # A story that exists anyway (made before the council's answer was checked) never goes live.
    announce_results(open_award)
    story = story_page(
        live=False,
        title="Quietshire Council: hubs",
        source_nomination=nomination,
        award_year=open_award.year,
    )
    with pytest.raises(PublishingRefused) as error:
        story.get_latest_revision().publish()
    assert "did not agree to their nomination" in error.value.summary
    response = post_editor(client_for(staff), story, action="publish")
    assert response.status_code == 200
    assert "did not agree to their nomination" in response.content.decode()
    assert not ShowcaseStoryPage.objects.get(pk=story.pk).live
