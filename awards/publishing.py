"""The publishing gate for showcase stories: a story goes live only when its award's results have been
announced, the council agreed to publication, every image it shows has alt text and a credit, and every
quote has the quoted person's consent recorded.

`story_problems` says what stands in the way, in words an editor can act on. It is enforced in three
places, all on the server: the page editor's form (errors next to the field, for Publish and for a
moderator's Approve), `ShowcaseStoryPage.publish` (workflow approval, scheduled go-live, the bulk
action, code), and `ShowcaseStoryPage.save` for the one path that bypasses `publish` (the editor view
calls Wagtail's publish action directly). Drafts always save.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from home.dates import format_datetime

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """One thing stopping publication. `field` is "hero_image", "body", or None for the story as a
    whole; for the body, `index` is the block's position and `child` the part of the block to fix."""

    field: str | None
    message: str
    index: int | None = None
    child: str | None = None


def _image_problems(image, *, field, where, index=None) -> list[Problem]:
    problems = []
    if not (image.description or "").strip():
        problems.append(
            Problem(
                field,
                _(
                    '%(where)s ("%(title)s") has no alt text. Add it as the image\'s alt text in '
                    "Images, then publish again."
                )
                % {"where": where, "title": image.title},
                index,
                "image",
            )
        )
    if not (getattr(image, "credit", "") or "").strip():
        problems.append(
            Problem(
                field,
                _(
                    '%(where)s ("%(title)s") has no credit. Add who took or owns it as the image\'s '
                    "credit in Images, then publish again."
                )
                % {"where": where, "title": image.title},
                index,
                "image",
            )
        )
    return problems


def release_problems(*, story, at) -> list[Problem]:
    """What stops `story` going live at `at` whatever its content: the council's "No" to publication,
    and its award's results not announced by then."""
    problems = []
    nomination = story.source_nomination
    if nomination is not None and nomination.publication_consent is not True:
        problems.append(
            Problem(
                None,
                _(
                    "%(council)s did not agree to their nomination %(reference)s being published, "
                    "so this story cannot be published."
                )
                % {"council": nomination.council, "reference": nomination.reference or ""},
            )
        )
    for award in story.outcome_awards():
        if award.results_announced(at):
            continue
        if award.results_announced_at is None:
            message = _(
                "The %(year)s results have not been announced. Award staff announce them under "
                "Judging; publish or schedule the story for the announcement or later."
            ) % {"year": award.year}
        else:
            message = _(
                "The %(year)s results are announced at %(when)s (UK time). Publish the story then, "
                "or schedule it for that time or later."
            ) % {"year": award.year, "when": format_datetime(award.results_announced_at)}
        problems.append(Problem(None, message))
    return problems


def story_problems(*, hero_image, body) -> list[Problem]:
    """What stops a story with this hero image and body (a StreamValue) being published."""
    problems = []
    if hero_image is not None:
        problems += _image_problems(hero_image, field="hero_image", where=_("The hero image"))
    images = quotes = 0
    for index, block in enumerate(body or []):
        if block.block_type == "image" and block.value["image"] is not None:
            images += 1
            problems += _image_problems(
                block.value["image"],
                field="body",
                where=_("Image %(number)s in the story") % {"number": images},
                index=index,
            )
        elif block.block_type == "quote":
            quotes += 1
            if not block.value["consent_recorded"]:
                problems.append(
                    Problem(
                        "body",
                        _(
                            'Quote %(number)s ("%(quote)s") has no consent recorded. Tick "Consent '
                            'recorded" once the person quoted has agreed, then publish again.'
                        )
                        % {
                            "number": quotes,
                            "quote": Truncator(block.value["quote"]).words(8),
                        },
                        index,
                        "consent_recorded",
                    )
                )
    return problems


class PublishingRefused(ValidationError):
    """Raised when something tries to publish a story that fails the gate. `summary` is safe to show."""

    def __init__(self, page, problems: list[Problem]):
        self.page_id = page.pk
        self.problems = problems
        self.summary = ngettext(
            '"%(title)s" cannot be published yet: %(problems)s',
            '"%(title)s" cannot be published yet (%(count)s things to fix): %(problems)s',
            len(problems),
        ) % {
            "title": page.title,
            "count": len(problems),
            "problems": " ".join(p.message for p in problems),
        }
        # Keyed by field, so that callers reading `message_dict` (Wagtail's admin API) get the reasons.
        by_field = {}
        for problem in problems:
            by_field.setdefault(problem.field or "__all__", []).append(problem.message)
        super().__init__(by_field)


def story_refuse_scheduled_publication(*, story, revision, problems) -> None:
    """The scheduler reached a story that fails the publishing gate (an image lost its credit after
    approval, say): leave it unpublished, stop retrying, and record why in the page's history."""
    with transaction.atomic():
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        log(
            story,
            "awards.story.publish_refused",
            data={"revision": revision.pk, "problems": [p.message for p in problems]},
            revision=revision,
        )
    logger.warning(
        "Scheduled publication of story %s refused: %s",
        story.pk,
        "; ".join(p.message for p in problems),
    )
