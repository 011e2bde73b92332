"""Showcase stories and library images, made the way editors make them: a page under the showcase,
saved as a revision and published through Wagtail (so the publishing gate applies)."""

import itertools
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from awards.models import Principle, ShowcaseIndexPage, ShowcaseStoryPage
from home.models import SiteImage
from home.permissions import MODERATORS

from .users import UserFactory

_numbers = itertools.count(1)


def moderator_user(**kwargs):
    """A member of Wagtail's Moderators group, which approves showcase stories."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def png_file(name: str = "photo.png", size=(64, 48)) -> SimpleUploadedFile:
    """A small, real PNG, as an upload."""
    buffer = BytesIO()
    PILImage.new("RGB", size, "#00594f").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def site_image(
    *, title=None, description="Volunteers at a community hub", credit="Photo: Locality"
) -> SiteImage:
    """A library image; by default with alt text (description) and credit, as publishing needs."""
    number = next(_numbers)
    return SiteImage.objects.create(
        title=title or f"Community hub {number}",
        file=png_file(f"hub-{number}.png"),
        description=description,
        credit=credit,
    )


def story_page(*, live=True, principles=(), user=None, **fields) -> ShowcaseStoryPage:
    """A story under the showcase. `principles=[1, 3]` by number; `body=[("paragraph", "<p>…</p>")]`
    as Wagtail's StreamField accepts it. Published unless `live=False` (a draft)."""
    number = next(_numbers)
    values = {
        "title": f"Neighbourhood hubs story {number}",
        "summary": "How a council and local community organisations ran hubs together.",
        "award_year": 2025,
        "outcome": ShowcaseStoryPage.Outcome.WINNER,
        "region": "North West",
    } | fields
    story = ShowcaseStoryPage(live=False, **values)
    ShowcaseIndexPage.objects.get().add_child(instance=story)
    if principles:
        story.principles.set(Principle.objects.filter(version=1, number__in=principles))
    revision = story.save_revision(user=user)
    if live:
        revision.publish(user=user)
    return ShowcaseStoryPage.objects.get(pk=story.pk)
