"""Reads of awards and nominations, each with the joins and prefetches its page needs."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AwardPage,
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    ShowcaseStoryPage,
)
from .permissions import council_ids_for


def count_words(text: str) -> int:
    return len(text.split())


def current_award(now=None) -> AwardPage | None:
    """The award open for nominations now, else the next one to open, else the latest."""
    now = now or timezone.now()
    awards = AwardPage.objects.live()
    return (
        awards.filter(opens_at__lte=now, closes_at__gt=now).order_by("-year").first()
        or awards.filter(opens_at__gt=now).order_by("opens_at").first()
        or awards.order_by("-year").first()
    )


def nominations_for_user(*, user):
    return (
        Nomination.objects.for_council_ids(council_ids_for(user))
        .select_related("award", "council")
        .order_by("-award__year", "council__name")
    )


def nomination_for_edit(*, uuid) -> Nomination:
    return (
        Nomination.objects.select_related("award", "council")
        .prefetch_related(
            Prefetch(
                "statements", queryset=NominationStatement.objects.select_related("criterion")
            ),
            Prefetch("evidence", queryset=Evidence.objects.prefetch_related("criteria")),
            "partner_organisations",
        )
        .get(uuid=uuid)
    )


PARTNER_FIELDS = ("name", "kind", "contact_name", "contact_email", "contact_phone")


def partner_rows(nomination: Nomination) -> list[dict]:
    return [
        {name: getattr(partner, name) for name in PARTNER_FIELDS}
        for partner in nomination.partner_organisations.all()
    ]


def section_digest(
    nomination: Nomination, *, fields=(), criterion_ids=(), partners: bool = False
) -> str:
    """A fingerprint of one section's saved answers, read fresh from the database. An editor's form
    carries the one it was loaded with, so a save can tell whether a colleague changed this section."""
    state = {"fields": {name: getattr(nomination, name) for name in sorted(fields)}}
    if criterion_ids:
        texts = dict(
            NominationStatement.objects.filter(
                nomination=nomination, criterion_id__in=criterion_ids
            ).values_list("criterion_id", "text")
        )
        state["statements"] = {str(pk): texts.get(pk, "") for pk in sorted(criterion_ids)}
    if partners:
        state["partners"] = list(
            PartnerOrganisation.objects.filter(nomination=nomination)
            .order_by("position", "pk")
            .values_list(*PARTNER_FIELDS)
        )
    encoded = json.dumps(state, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def council_team(*, council_ids):
    """Members of these councils and requests to join them, for the team page."""
    return (
        CouncilMembership.objects.filter(council_id__in=council_ids)
        .select_related("user", "council", "decided_by")
        .order_by("council__name", "status", "user__email")
    )


def co_editors(nomination: Nomination) -> list:
    """The officers who can work on this nomination: every approved member of its council."""
    return [
        membership.user
        for membership in CouncilMembership.objects.filter(
            council_id=nomination.council_id,
            status=CouncilMembership.Status.APPROVED,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    ]


def evidence_for_download(*, uuid) -> Evidence:
    return Evidence.objects.select_related("nomination__council", "nomination__award").get(
        uuid=uuid
    )


@dataclass
class StatementRow:
    criterion: object
    text: str
    words: int
    limit: int

    @property
    def slug(self) -> str:
        return f"principle-{self.criterion.principle.number}"

    @property
    def over_limit(self) -> bool:
        return self.words > self.limit


@dataclass
class Completeness:
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def statement_rows(nomination: Nomination) -> list[StatementRow]:
    texts = {s.criterion_id: s.text for s in nomination.statements.all()}
    default_limit = nomination.award.statement_word_limit
    return [
        StatementRow(
            criterion=c,
            text=texts.get(c.pk, ""),
            words=count_words(texts.get(c.pk, "")),
            limit=c.word_limit or default_limit,
        )
        for c in nomination.award.ordered_criteria
    ]


def nomination_completeness(nomination: Nomination) -> Completeness:
    """What still stops this nomination being submitted, in words an officer can act on."""
    result = Completeness()
    award = nomination.award
    if not nomination.contact_name.strip() or not nomination.contact_job_title.strip():
        result.missing.append(_("Tell us who leads the nomination"))
    if not nomination.title.strip():
        result.missing.append(_("Enter a title for your nomination"))
    if not nomination.summary.strip():
        result.missing.append(_("Enter a summary"))
    elif count_words(nomination.summary) > award.summary_word_limit:
        result.missing.append(_("Shorten your summary"))
    if not nomination.partner_organisations.all():
        result.missing.append(_("Add the community organisations in the partnership"))
    for row in statement_rows(nomination):
        if not row.text.strip():
            result.missing.append(
                _("Write your statement for principle %(number)s")
                % {"number": row.criterion.principle.number}
            )
        elif row.over_limit:
            result.missing.append(
                _("Shorten your statement for principle %(number)s")
                % {"number": row.criterion.principle.number}
            )
    if not nomination.evidence.all():
        result.missing.append(_("Upload at least one evidence file"))
    if not nomination.declaration_confirmed or not nomination.contacts_consent:
        result.missing.append(_("Confirm the declarations"))
    if nomination.publication_consent is None:
        result.missing.append(_("Say whether we may publish your nomination if it wins"))
    return result


def published_stories():
    return (
        ShowcaseStoryPage.objects.live().select_related("council").order_by("-award_year", "title")
    )
