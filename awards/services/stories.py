from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.errors import ServiceError

from ..models import (
    Nomination,
    ShowcaseIndexPage,
    ShowcaseStoryPage,
)
from .common import TransitionNotAllowed


def story_consent_problem(nomination: Nomination) -> str:
    """Why no story may be made from this nomination for want of the council's consent, or ""."""
    if nomination.publication_consent is True:
        return ""
    if nomination.publication_consent is False:
        return _(
            "%(council)s said no to publication when they submitted %(reference)s, so no showcase "
            "story can be made from it."
        ) % {"council": nomination.council, "reference": nomination.reference or ""}
    return _(
        "%(council)s has not said whether %(reference)s may be published, so no showcase story can "
        "be made from it."
    ) % {"council": nomination.council, "reference": nomination.reference or ""}


def story_create_from_nomination(*, nomination: Nomination, by) -> ShowcaseStoryPage:
    """A draft showcase story prefilled from a winning nomination; the existing one if already made."""
    if nomination.status not in Nomination.RECOGNISED:
        raise TransitionNotAllowed(
            _("Only winners and highly commended nominations get a showcase story."),
            code="not_winner",
        )
    problem = story_consent_problem(nomination)
    if problem:
        raise TransitionNotAllowed(problem, code="no_consent")
    existing = ShowcaseStoryPage.objects.filter(source_nomination=nomination).first()
    if existing:
        return existing
    index_page = ShowcaseIndexPage.objects.first()
    if index_page is None:
        raise ServiceError(_("Create the showcase page first."), code="no_showcase")
    statements = {
        s.criterion_id: s
        for s in nomination.statements.select_related("criterion__principle").exclude(text="")
    }
    body = [
        {
            "type": "principle_section",
            "value": {
                "principle": s.criterion.principle.number,
                "heading": s.criterion.principle.title,
                "text": "".join(f"<p>{paragraph}</p>" for paragraph in _paragraphs(s.text)),
            },
        }
        for s in sorted(statements.values(), key=lambda s: s.criterion.principle.number)
    ]
    story = ShowcaseStoryPage(
        title=f"{nomination.council.name}: {nomination.title}"[:255],
        summary=nomination.summary[:600],
        council=nomination.council,
        region=nomination.council.region,
        award_year=nomination.award.year,
        outcome=nomination.status,
        source_nomination=nomination,
        body=body,
        live=False,
        owner=by,
    )
    # Set before the page is first saved, so that the draft row holds them as well as its revision.
    story.principles.set([s.criterion.principle for s in statements.values()])
    with transaction.atomic():
        index_page.add_child(instance=story)
        story.save_revision(user=by, log_action=True)
        log(nomination, "awards.nomination.story", user=by, data={"page": story.pk})
    return story


def _paragraphs(text: str):
    return [escape(p.strip()) for p in text.split("\n\n") if p.strip()]
