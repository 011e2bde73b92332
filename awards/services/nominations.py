from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import (
    AwardPage,
    Council,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
)
from ..selectors import nomination_completeness, section_digest
from ..tasks import notify_staff_of_submission, send_nomination_receipt
from .common import (
    ALLOWED_TRANSITIONS,
    ConcurrentEdit,
    DeadlinePassed,
    NominationIncomplete,
    Status,
    _bring_back,
    _check_accepts_changes,
    _transition,
)


def nomination_start(*, award: AwardPage, council: Council, by) -> Nomination:
    """The council's nomination for this award: the existing live one, or a new draft."""
    if not award.is_open():
        raise DeadlinePassed(
            _("Nominations for the %(year)s award are closed.") % {"year": award.year}
        )
    existing = Nomination.objects.active().filter(award=award, council=council).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(award=award, council=council, created_by=by)
            log(nomination, "wagtail.create", user=by)
    except IntegrityError:
        # Two colleagues pressed "Start" at once: the other one's draft is ours too.
        return Nomination.objects.active().get(award=award, council=council)
    return nomination


def nomination_save(
    *,
    nomination: Nomination,
    by,
    version: int,
    fields: dict | None = None,
    statements: dict[int, str] | None = None,
    partners: list[dict] | None = None,
    loaded_digest: str | None = None,
) -> Nomination:
    """Save one section of a draft.

    `version` is the nomination version the editor loaded and `loaded_digest` the fingerprint of this
    section as they loaded it (selectors.section_digest). If a colleague has saved since, the save goes
    ahead only when the colleague changed other sections; a change to this section refuses it with
    ConcurrentEdit, so that neither text is silently lost. `partners` replaces the partner organisations.
    """
    fields = fields or {}
    statements = statements or {}
    with transaction.atomic():
        # The nomination's row only: locking the award's rows too (a join) would queue every save of
        # every nomination behind one another on deadline day.
        locked = Nomination.objects.select_for_update(of=("self",)).get(pk=nomination.pk)
        locked.award = nomination.award
        _check_accepts_changes(locked)
        if locked.version != version:
            current = section_digest(
                locked,
                fields=list(fields),
                criterion_ids=list(statements),
                partners=partners is not None,
            )
            if loaded_digest is None or loaded_digest != current:
                raise ConcurrentEdit(
                    _(
                        "A colleague saved this section while you were editing it. Your text has not "
                        "been saved yet: compare it with theirs below, then save again."
                    ),
                    code="conflict",
                )
        # The row is locked, so its next version is known without reading it back.
        changes = {"version": locked.version + 1, "updated_at": timezone.now(), **fields}
        Nomination.objects.filter(pk=locked.pk).update(**changes)
        for criterion_id, text in statements.items():
            # The nomination's row is locked, so nobody can add this statement meanwhile: one UPDATE, and
            # an INSERT the first time only (update_or_create would add a read and a savepoint).
            statement = NominationStatement.objects.filter(
                nomination=locked, criterion_id=criterion_id
            )
            if not statement.update(text=text):
                NominationStatement.objects.create(
                    nomination=locked, criterion_id=criterion_id, text=text
                )
        if partners is not None:
            locked.partner_organisations.all().delete()
            PartnerOrganisation.objects.bulk_create(
                PartnerOrganisation(nomination=locked, position=position, **partner)
                for position, partner in enumerate(partners)
            )
        for name, value in changes.items():
            setattr(nomination, name, value)
        log(
            nomination,
            "wagtail.edit",
            user=by,
            data={
                "fields": sorted(fields),
                "statements": len(statements),
                "partners": None if partners is None else len(partners),
            },
        )
    return nomination


def _next_number(award_id: int) -> int:
    # Called under the award's row lock, so two submissions never draw the same number.
    current = Nomination.objects.filter(award_id=award_id).aggregate(top=Max("number"))["top"]
    return (current or 0) + 1


def nomination_submit(*, nomination: Nomination, by, now=None) -> Nomination:
    """Submit a complete draft before the deadline; allocates the reference and sends the receipts.

    A nomination reopened for edits keeps the reference it was first given."""
    _check_accepts_changes(nomination, now)
    completeness = nomination_completeness(nomination)
    if not completeness.complete:
        raise NominationIncomplete(completeness.missing)
    with transaction.atomic():
        # The award's row only (not Wagtail's page row, not its columns): cheaper to build and to run.
        list(
            AwardPage.objects.select_for_update(of=("self",))
            .filter(pk=nomination.award_id)
            .values_list("pk", flat=True)
        )
        fields = {"submitted_at": timezone.now(), "submitted_by": by, "reopen_reason": ""}
        if nomination.number is None:
            number = _next_number(nomination.award_id)
            fields |= {"number": number, "reference": f"KIL-{nomination.award.year}-{number:04d}"}
        return _transition(
            nomination,
            to=Status.SUBMITTED,
            by=by,
            action="awards.nomination.submit",
            fields=fields,
            on_commit=lambda n: _enqueue_receipt(n.pk),
            # Submitting is all or nothing: two queries fewer on deadline day's busiest write.
            savepoint=False,
        )


def _enqueue_receipt(nomination_id: int):
    send_nomination_receipt.enqueue(nomination_id)
    notify_staff_of_submission.enqueue(nomination_id)


def nomination_withdraw(*, nomination: Nomination, by) -> Nomination:
    """Withdraw a draft or submitted nomination. Nothing in it is deleted: staff can reinstate it,
    and the council can reopen it as a draft while the award is open."""
    with transaction.atomic():
        previous = Nomination.objects.select_for_update().get(pk=nomination.pk).status
        return _transition(
            nomination,
            to=Status.WITHDRAWN,
            by=by,
            action="awards.nomination.withdraw",
            fields={"withdrawn_from": previous if previous in ALLOWED_TRANSITIONS else ""},
        )


def withdrawn_nomination_for(*, award: AwardPage, council: Council) -> Nomination | None:
    """The council's latest withdrawn nomination for this award, if it has no live one."""
    if Nomination.objects.active().filter(award=award, council=council).exists():
        return None
    return (
        Nomination.objects.filter(award=award, council=council, status=Status.WITHDRAWN)
        .order_by("-updated_at", "-pk")
        .first()
    )


def nomination_reopen_withdrawn(*, nomination: Nomination, by) -> Nomination:
    """The council takes back its withdrawn nomination as a draft, while the award is open."""
    if not nomination.within_deadline():
        raise DeadlinePassed(
            _("Nominations for the %(year)s award are closed.") % {"year": nomination.award.year},
            code="deadline",
        )
    return _bring_back(
        nomination,
        to=Status.DRAFT,
        by=by,
        action="awards.nomination.reopen_withdrawn",
        data={},
    )
