"""A story goes live only when every image has alt text and a credit and every quote has consent
recorded: refused with a clear message by every way of publishing, and accepted once fixed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from awards.models import ShowcaseStoryPage
from awards.publishing import PublishingRefused, story_problems
from home.models import SiteImage
from tests.factories import editor_user, moderator_user, site_image, staff_user, story_page

from .story_editor import edit_url, post_editor

pytestmark = pytest.mark.django_db

QUOTE = {
    "quote": "The hub is the first place people come now.",
    "attribution": "Resident, Partington",
    "consent_recorded": False,
}


def _live(story) -> bool:
    return ShowcaseStoryPage.objects.get(pk=story.pk).live


def test_a_draft_with_problems_still_saves(client_for):
    editor = editor_user()
    story = story_page(live=False)
    image = site_image(credit="")

    response = post_editor(
        client_for(editor), story, action="save", hero_image=image.pk, body=[("quote", QUOTE)]
    )

    assert response.status_code == 302
    draft = ShowcaseStoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert draft.hero_image == image
    assert draft.body[0].value["quote"] == QUOTE["quote"]
    assert not _live(story)


def test_publishing_is_refused_next_to_the_hero_image_until_it_has_a_credit(client_for):
    staff = staff_user()
    story = story_page(live=False)
    image = site_image(title="Hub opening", credit="")
    client = client_for(staff)

    refused = post_editor(client, story, action="publish", hero_image=image.pk)

    assert refused.status_code == 200
    assert not _live(story)
    form = refused.context["form"]
    assert 'The hero image ("Hub opening") has no credit' in " ".join(form.errors["hero_image"])
    assert "This story cannot be published yet" in refused.content.decode()

    image.credit = "Photo: Trafford Council"
    image.save()
    published = post_editor(client, story, action="publish", hero_image=image.pk)

    assert published.status_code == 302
    assert _live(story)


def test_publishing_is_refused_until_every_quote_has_consent(client_for):
    staff = staff_user()
    story = story_page(live=False)
    client = client_for(staff)

    refused = post_editor(client, story, action="publish", body=[("quote", QUOTE)])

    assert refused.status_code == 200
    assert not _live(story)
    body_error = refused.context["form"].errors.as_data()["body"][0]
    assert "consent_recorded" in body_error.block_errors[0].block_errors
    assert "Quote 1 (&quot;The hub is the first place people" in refused.content.decode()

    published = post_editor(
        client, story, action="publish", body=[("quote", {**QUOTE, "consent_recorded": True})]
    )

    assert published.status_code == 302
    assert _live(story)


def test_every_image_in_the_body_needs_alt_text(client_for):
    staff = staff_user()
    story = story_page(live=False)
    described = site_image()
    undescribed = site_image(title="Food bank", description="")
    blocks = [
        ("image", {"image": described.pk, "caption": ""}),
        ("paragraph", "<p>Between the pictures.</p>"),
        ("image", {"image": undescribed.pk, "caption": "The food bank"}),
    ]

    refused = post_editor(client_for(staff), story, action="publish", body=blocks)

    assert refused.status_code == 200
    body_error = refused.context["form"].errors.as_data()["body"][0]
    assert set(body_error.block_errors) == {2}
    assert (
        "Image 2 in the story (&quot;Food bank&quot;) has no alt text" in refused.content.decode()
    )
    assert not _live(story)


def test_publishing_in_code_is_refused_with_the_reasons():
    story = story_page(live=False, hero_image=site_image(description="", credit=""))

    with pytest.raises(PublishingRefused) as refused:
        story.get_latest_revision().publish()

    assert len(refused.value.problems) == 2
    assert "no alt text" in refused.value.summary
    assert "no credit" in refused.value.summary
    assert not _live(story)


def test_a_moderator_approving_from_the_dashboard_is_told_why_and_nothing_is_published(client_for):
    editor, moderator = editor_user(), moderator_user()
    story = story_page(live=False)
    submitted = post_editor(client_for(editor), story, action="submit", body=[("quote", QUOTE)])
    assert submitted.status_code == 302
    story.refresh_from_db()
    task_state = story.current_workflow_task_state

    response = client_for(moderator).post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == edit_url(story)
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot be published yet" in m and "no consent recorded" in m for m in messages)
    story.refresh_from_db()
    assert not story.live
    assert story.workflow_in_progress  # the approval was rolled back, not half-done


def test_a_moderator_approving_in_the_editor_sees_the_problems_beside_the_fields(client_for):
    editor, moderator = editor_user(), moderator_user()
    story = story_page(live=False)
    post_editor(client_for(editor), story, action="submit", body=[("quote", QUOTE)])

    refused = post_editor(client_for(moderator), story, action="approve", body=[("quote", QUOTE)])

    assert refused.status_code == 200
    assert "no consent recorded" in refused.content.decode()
    assert not _live(story)

    approved = post_editor(
        client_for(moderator),
        story,
        action="approve",
        body=[("quote", {**QUOTE, "consent_recorded": True})],
    )

    assert approved.status_code == 302
    assert _live(story)


def test_scheduled_go_live_is_refused_if_an_image_lost_its_credit_and_others_still_publish():
    image = site_image()
    go_live = timezone.now() + timedelta(days=2)
    doomed = story_page(live=False, hero_image=image, go_live_at=go_live)
    fine = story_page(live=False, go_live_at=go_live)
    for story in (doomed, fine):
        story.get_latest_revision().publish()  # approved: scheduled, not yet live
    assert not _live(doomed) and not _live(fine)
    image.credit = ""
    image.save()

    with time_machine.travel(go_live + timedelta(minutes=5)):
        call_command("publish_scheduled")

    assert _live(fine)
    assert not _live(doomed)
    refusal = PageLogEntry.objects.get(page=doomed, action="awards.story.publish_refused")
    assert "no credit" in " ".join(refusal.data["problems"])
    assert not doomed.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_editors_record_alt_text_and_credit_when_they_upload_an_image(client_for):
    from tests.factories import png_file

    editor = editor_user()
    client = client_for(editor)

    form = client.get(reverse("wagtailimages:add"))
    uploaded = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Partington hub",
            "file": png_file("hub.png"),
            "description": "Volunteers outside the Partington hub",
            "credit": "Photo: Trafford Council",
        },
    )

    assert 'name="credit"' in form.content.decode()
    assert "Alt text" in form.content.decode()
    assert uploaded.status_code == 302
    image = SiteImage.objects.get(title="Partington hub")
    assert (image.description, image.credit) == (
        "Volunteers outside the Partington hub",
        "Photo: Trafford Council",
    )
    assert not story_problems(hero_image=image, body=[])


def test_the_admin_api_refuses_with_the_reasons_not_an_error_page(client_for):
    story = story_page(live=False, hero_image=site_image(credit=""))

    response = client_for(staff_user()).post(
        f"/admin/api/main/pages/{story.pk}/action/publish/", content_type="application/json"
    )

    assert response.status_code == 400
    assert "has no credit" in response.content.decode()
    assert not _live(story)
