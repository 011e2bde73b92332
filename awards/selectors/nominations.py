import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from ..models import (
    AwardPage,
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
)
from ..permissions import council_ids_for


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


def nomination_for_submit(*, uuid) -> Nomination:
    """Only what submitting checks: the statements' texts and whether any partner organisation and any
    evidence exist, in two queries; submitting is deadline day's busiest request after a section save."""
    return (
        Nomination.objects.select_related("award", "council")
        .annotate(
            has_partners=Exists(PartnerOrganisation.objects.filter(nomination=OuterRef("pk"))),
            has_evidence=Exists(Evidence.objects.filter(nomination=OuterRef("pk"))),
        )
        .prefetch_related("statements")
        .get(uuid=uuid)
    )


def nomination_for_section(*, uuid, section: str) -> Nomination:
    """One task-list section's nomination: only the rows that section shows are prefetched (the
    About section needs none), since saving a section is deadline day's most frequent request."""
    prefetch = []
    if section.startswith("principle-"):
        prefetch.append(
            Prefetch("statements", queryset=NominationStatement.objects.select_related("criterion"))
        )
    elif section == "partnership":
        prefetch.append("partner_organisations")
    return (
        Nomination.objects.select_related("award", "council")
        .prefetch_related(*prefetch)
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
class Section:
    """One part of the nomination form as both the task list and submit see it: filled in or not,
    begun or not, with a problem to fix (a word limit passed), and what still stops submission."""

    slug: str
    title: str
    filled: bool
    started: bool = False
    problem: bool = False
    missing: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problem:
            return "problem"
        if self.filled:
            return "completed"
        return "in_progress" if self.started else "not_started"


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


def nomination_sections(nomination: Nomination) -> list[Section]:
    """Every section of the nomination, in the order of the task list. The one definition of what
    "complete" means: the task list shows it, and submit refuses while anything is missing."""
    award = nomination.award
    about = [
        nomination.contact_name,
        nomination.contact_job_title,
        nomination.title,
        nomination.summary,
    ]
    summary_over = count_words(nomination.summary) > award.summary_word_limit
    about_missing = []
    if not nomination.contact_name.strip() or not nomination.contact_job_title.strip():
        about_missing.append(_("Tell us who leads the nomination"))
    if not nomination.title.strip():
        about_missing.append(_("Enter a title for your nomination"))
    if not nomination.summary.strip():
        about_missing.append(_("Enter a summary"))
    elif summary_over:
        about_missing.append(_("Shorten your summary"))
    has_partners = _has(nomination, "has_partners", "partner_organisations")
    sections = [
        Section(
            "about",
            _("About your organisation"),
            filled=all(value.strip() for value in about),
            started=any(value.strip() for value in about),
            problem=summary_over,
            missing=about_missing,
        ),
        Section(
            "partnership",
            _("The partnership"),
            filled=has_partners,
            started=bool(nomination.partners.strip()),
            missing=[]
            if has_partners
            else [_("Add the community organisations in the partnership")],
        ),
    ]
    for row in statement_rows(nomination):
        number = row.criterion.principle.number
        missing = []
        if not row.text.strip():
            missing.append(_("Write your statement for principle %(number)s") % {"number": number})
        elif row.over_limit:
            missing.append(
                _("Shorten your statement for principle %(number)s") % {"number": number}
            )
        sections.append(
            Section(
                row.slug,
                _("Principle %(number)s: %(title)s")
                % {"number": number, "title": row.criterion.principle.title},
                filled=bool(row.text.strip()),
                problem=row.over_limit,
                missing=missing,
            )
        )
    has_evidence = _has(nomination, "has_evidence", "evidence")
    sections.append(
        Section(
            "evidence",
            _("Evidence"),
            filled=has_evidence,
            missing=[] if has_evidence else [_("Upload at least one evidence file")],
        )
    )
    declarations = [nomination.declaration_confirmed, nomination.contacts_consent]
    declaration_missing = []
    if not all(declarations):
        declaration_missing.append(_("Confirm the declarations"))
    if nomination.publication_consent is None:
        declaration_missing.append(_("Say whether we may publish your nomination if it wins"))
    sections.append(
        Section(
            "declaration",
            _("Declarations and consent"),
            filled=not declaration_missing,
            started=any(declarations) or nomination.publication_consent is not None,
            missing=declaration_missing,
        )
    )
    return sections


def nomination_completeness(nomination: Nomination) -> Completeness:
    """What still stops this nomination being submitted, in words an officer can act on."""
    return Completeness(
        missing=[
            message for section in nomination_sections(nomination) for message in section.missing
        ]
    )


def _has(nomination: Nomination, annotation: str, related: str) -> bool:
    """Whether the nomination has any `related` rows: from nomination_for_submit's annotation, or from
    the rows the other selectors prefetch."""
    if hasattr(nomination, annotation):
        return getattr(nomination, annotation)
    return bool(getattr(nomination, related).all())


ELIGIBILITY_ACTIONS = ("awards.nomination.eligible", "awards.nomination.ineligible")


def last_eligibility_mark(nomination: Nomination) -> ModelLogEntry | None:
    """Who last marked the nomination eligible or not, when, and with what reason (in `data`)."""
    return (
        ModelLogEntry.objects.for_instance(nomination)
        .filter(action__in=ELIGIBILITY_ACTIONS)
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )
