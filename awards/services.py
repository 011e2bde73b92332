"""Every write that matters to a nomination, its evidence and its story.

Nomination status moves only through `_transition`: it checks the allowed-transition map, locks the row,
saves with update_fields, writes Wagtail's audit log and queues side effects after commit.
"""

import hashlib
import logging
import os
from datetime import timedelta

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.cache import clear_public_caches
from home.errors import ServiceError

from . import evidence_types
from .models import (
    AwardPage,
    Council,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    ShowcaseIndexPage,
    ShowcaseStoryPage,
)
from .publishing import story_refuse_scheduled_publication  # noqa: F401 (re-exported)
from .selectors import nomination_completeness, section_digest

Status = Nomination.Status
logger = logging.getLogger(__name__)

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.ELIGIBLE, Status.INELIGIBLE, Status.WITHDRAWN, Status.DRAFT},
    Status.ELIGIBLE: {
        Status.INELIGIBLE,
        Status.SHORTLISTED,
        Status.WINNER,
        Status.HIGHLY_COMMENDED,
        Status.NOT_SELECTED,
    },
    Status.INELIGIBLE: {Status.ELIGIBLE},
    Status.SHORTLISTED: {Status.WINNER, Status.HIGHLY_COMMENDED, Status.NOT_SELECTED},
    # Outcomes can be revised until results are released.
    Status.WINNER: {Status.HIGHLY_COMMENDED, Status.NOT_SELECTED, Status.SHORTLISTED},
    Status.HIGHLY_COMMENDED: {Status.WINNER, Status.NOT_SELECTED, Status.SHORTLISTED},
    Status.NOT_SELECTED: {Status.WINNER, Status.HIGHLY_COMMENDED, Status.SHORTLISTED},
    # Only back to what it was, by nomination_reinstate (staff) or nomination_reopen_withdrawn (the
    # council, as a draft while the award is open).
    Status.WITHDRAWN: {Status.DRAFT, Status.SUBMITTED},
}
OUTCOME_STATUSES = {Status.SHORTLISTED, Status.WINNER, Status.HIGHLY_COMMENDED, Status.NOT_SELECTED}


class TransitionNotAllowed(ServiceError):
    pass


class DeadlinePassed(ServiceError):
    pass


class ConcurrentEdit(ServiceError):
    pass


class NominationIncomplete(ServiceError):
    def __init__(self, missing):
        super().__init__(_("You cannot submit yet."), code="incomplete")
        self.missing = missing


class EvidenceRejected(ServiceError):
    pass


class StorageUnavailable(ServiceError):
    pass


# What the evidence storage raises when it cannot be reached: S3 down or refusing, or a full/absent disk.
STORAGE_ERRORS = (BotoCoreError, ClientError, Boto3Error, OSError)


def _transition(
    nomination, *, to, by, action, fields=None, data=None, on_commit=None, savepoint=True
):
    """Move `nomination` to status `to`, or raise TransitionNotAllowed. Returns the fresh row.

    `savepoint=False` for a caller whose own transaction ends with any refusal from here."""
    fields = fields or {}
    with transaction.atomic(savepoint=savepoint):
        # Lock and re-read: a double click or a second tab must see the first request's result.
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if to not in ALLOWED_TRANSITIONS[locked.status]:
            raise TransitionNotAllowed(
                _("This nomination is %(status)s and cannot be changed that way.")
                % {"status": locked.get_status_display().lower()},
                code="transition",
            )
        previous = locked.status
        locked.status = to
        # Locked, so the next version is known: the saved row is the fresh row, with no read-back.
        locked.version += 1
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "version", "updated_at", *fields])
        log(locked, action, user=by, data={"from": previous, "to": to, **(data or {})})
        if on_commit:
            transaction.on_commit(lambda: on_commit(locked))
    return locked


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


def _format_time(value) -> str:
    return (
        timezone.localtime(value)
        .strftime("%-I:%M%p on %-d %B %Y")
        .replace("AM", "am")
        .replace("PM", "pm")
    )


def _check_accepts_changes(nomination: Nomination, now=None):
    if nomination.status != Status.DRAFT:
        raise TransitionNotAllowed(
            _("This nomination has been %(status)s and can no longer be changed.")
            % {"status": nomination.get_status_display().lower()},
            code="not_draft",
        )
    if not nomination.accepts_changes(now):
        raise DeadlinePassed(
            _("The deadline has passed. Nominations closed at %(time)s.")
            % {"time": _format_time(nomination.closes_at)},
            code="deadline",
        )


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


def evidence_add(
    *, nomination: Nomination, by, uploaded_file, description: str = "", criteria=()
) -> Evidence:
    """Check and store one evidence file privately. Nothing is stored when a check fails."""
    _check_accepts_changes(nomination)
    award = nomination.award
    if nomination.evidence.count() >= award.max_files:
        raise EvidenceRejected(
            _("You can upload up to %(count)s files. Remove one before adding another.")
            % {"count": award.max_files},
            code="too_many",
        )
    if uploaded_file.size == 0:
        raise EvidenceRejected(_("The selected file is empty"), code="empty")
    if uploaded_file.size > award.max_file_size_mb * 1024 * 1024:
        raise EvidenceRejected(
            _("The selected file must be smaller than %(size)s MB")
            % {"size": award.max_file_size_mb},
            code="too_large",
        )
    evidence_type = evidence_types.sniff(uploaded_file)
    if evidence_type is None:
        raise EvidenceRejected(evidence_types.allowed_types_sentence(), code="type")
    problem = evidence_types.structure_problem(uploaded_file, evidence_type)
    if problem:
        raise EvidenceRejected(problem, code="structure")
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    # Only the last path segment of what the browser sent, printable characters only, for display.
    original_name = "".join(
        ch for ch in os.path.basename(uploaded_file.name.replace("\\", "/")) if ch.isprintable()
    )
    original_name = original_name[-200:] or "evidence"
    evidence = Evidence(
        nomination=nomination,
        original_name=original_name,
        description=description,
        content_type=evidence_type.mime_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    duplicate = _recent_duplicate(nomination, evidence.sha256, by)
    if duplicate:
        return duplicate
    try:
        evidence.file.save("evidence", uploaded_file, save=False)
    except STORAGE_ERRORS as error:
        logger.warning("Evidence storage unavailable for nomination %s: %r", nomination.pk, error)
        raise StorageUnavailable(
            _("The file could not be saved. Try again."), code="storage"
        ) from error
    try:
        with transaction.atomic():
            Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
            duplicate = _recent_duplicate(nomination, evidence.sha256, by)
            if duplicate:
                # The other click of a double click got here first: keep its copy only.
                evidence.file.storage.delete(evidence.file.name)
                return duplicate
            evidence.save()
            if criteria:
                evidence.criteria.set(criteria)
            log(
                nomination,
                "awards.evidence.add",
                user=by,
                data={
                    "evidence": str(evidence.uuid),
                    "name": evidence.original_name,
                    "size": evidence.size,
                    "sha256": evidence.sha256,
                },
            )
    except BaseException:
        # No stored object without its row: the database refused, so the file goes too.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


# The same bytes uploaded again this soon by the same person is a double click or a resubmitted form.
DUPLICATE_UPLOAD_WINDOW = timedelta(minutes=2)


def _recent_duplicate(nomination, sha256: str, by) -> Evidence | None:
    return (
        Evidence.objects.filter(
            nomination=nomination,
            sha256=sha256,
            uploaded_by=by,
            uploaded_at__gte=timezone.now() - DUPLICATE_UPLOAD_WINDOW,
        )
        .order_by("pk")
        .first()
    )


# Removed evidence keeps its file this long, for the officer's undo and for staff to restore; then
# awards.privacy.erase_removed_evidence (run by erase_expired_personal_data) deletes it for good.
REMOVED_EVIDENCE_KEEP_DAYS = 30


def _evidence_log_data(evidence: Evidence) -> dict:
    """What the history says about a file: enough to know which one it was once it has gone."""
    return {
        "evidence": str(evidence.uuid),
        "name": evidence.original_name,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "principles": sorted(c.principle.number for c in evidence.criteria.all()),
    }


def evidence_remove(*, evidence: Evidence, by) -> Evidence:
    """Take a file out of the nomination. It is kept, hidden, for REMOVED_EVIDENCE_KEEP_DAYS."""
    _check_accepts_changes(evidence.nomination)
    with transaction.atomic():
        updated = Evidence.objects.filter(pk=evidence.pk).update(
            removed_at=timezone.now(), removed_by=by
        )
        if updated:
            evidence.refresh_from_db(fields=["removed_at", "removed_by"])
            log(
                evidence.nomination,
                "awards.evidence.remove",
                user=by,
                data=_evidence_log_data(evidence),
            )
    return evidence


def removed_evidence_restorable_until(evidence: Evidence):
    return evidence.removed_at + timedelta(days=REMOVED_EVIDENCE_KEEP_DAYS)


def evidence_restore(*, evidence: Evidence, by, staff: bool = False) -> Evidence:
    """Put a removed file back. The officer's undo needs a draft that still accepts changes; staff
    may restore at any status, while the file is still kept."""
    nomination = evidence.nomination
    if not staff:
        _check_accepts_changes(nomination)
    with transaction.atomic():
        Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        locked = Evidence.all_objects.select_for_update().get(pk=evidence.pk)
        if locked.removed_at is None:
            return locked
        if timezone.now() >= removed_evidence_restorable_until(locked):
            raise ServiceError(
                _("%(name)s was removed more than %(days)s days ago and cannot be restored.")
                % {"name": locked.original_name, "days": REMOVED_EVIDENCE_KEEP_DAYS},
                code="evidence_expired",
            )
        if nomination.evidence.count() >= nomination.award.max_files:
            raise EvidenceRejected(
                _("You can upload up to %(count)s files. Remove one before restoring %(name)s.")
                % {"count": nomination.award.max_files, "name": locked.original_name},
                code="too_many",
            )
        locked.removed_at = None
        locked.removed_by = None
        locked.save(update_fields=["removed_at", "removed_by"])
        log(nomination, "awards.evidence.restore", user=by, data=_evidence_log_data(locked))
    return locked


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
    from .tasks import notify_staff_of_submission, send_nomination_receipt

    send_nomination_receipt.enqueue(nomination_id)
    notify_staff_of_submission.enqueue(nomination_id)


def _enqueue_council_notice(nomination_id: int, kind: str):
    from .tasks import send_council_notice

    send_council_notice.enqueue(nomination_id, kind)


def _validate_new_deadline(nomination: Nomination, until, now=None):
    now = now or timezone.now()
    if until is None or until <= now:
        raise ServiceError(_("The new deadline must be in the future."), code="deadline_past")
    if until <= nomination.award.closes_at:
        raise ServiceError(
            _("The new deadline must be after the award closes, %(time)s.")
            % {"time": _format_time(nomination.award.closes_at)},
            code="deadline_before_close",
        )


def nomination_extend_deadline(*, nomination: Nomination, by, until, reason: str) -> Nomination:
    """Give one nomination longer than the award's closing time (staff only, logged, council told)."""
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update().select_related("award").get(pk=nomination.pk)
        )
        if locked.status not in {Status.DRAFT, Status.SUBMITTED}:
            raise TransitionNotAllowed(
                _("This nomination is %(status)s: its deadline cannot be extended.")
                % {"status": locked.get_status_display().lower()},
                code="transition",
            )
        _validate_new_deadline(locked, until)
        previous = locked.deadline_extended_until
        locked.deadline_extended_until = until
        locked.version += 1
        locked.save(update_fields=["deadline_extended_until", "version", "updated_at"])
        log(
            locked,
            "awards.nomination.extend",
            user=by,
            data={
                "until": until.isoformat(),
                "previous": previous.isoformat() if previous else None,
                "reason": reason,
            },
        )
        transaction.on_commit(lambda: _enqueue_council_notice(locked.pk, "extended"))
    return locked


def nomination_reopen(*, nomination: Nomination, by, reason: str, until=None) -> Nomination:
    """Send a submitted nomination back to draft so that the council can change it (staff only).

    After the closing time the council can only edit with an extension, so one is required then."""
    award = nomination.award
    fields = {"reopen_reason": reason}
    if until is not None:
        _validate_new_deadline(nomination, until)
        fields["deadline_extended_until"] = until
    elif not nomination.within_deadline():
        raise ServiceError(
            _(
                "Nominations closed at %(time)s. Give the council a new deadline so that they can "
                "make their changes."
            )
            % {"time": _format_time(award.closes_at)},
            code="needs_extension",
        )
    return _transition(
        nomination,
        to=Status.DRAFT,
        by=by,
        action="awards.nomination.reopen",
        fields=fields,
        data={"reason": reason, "until": until.isoformat() if until else None},
        on_commit=lambda n: _enqueue_council_notice(n.pk, "reopened"),
    )


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


def _bring_back(nomination: Nomination, *, to, by, action, data):
    try:
        with transaction.atomic():
            return _transition(
                nomination, to=to, by=by, action=action, fields={"withdrawn_from": ""}, data=data
            )
    except IntegrityError as error:
        raise ServiceError(
            _(
                "%(council)s already has a nomination for the %(year)s award. Withdraw that one "
                "first."
            )
            % {"council": nomination.council, "year": nomination.award.year},
            code="already_active",
        ) from error


def nomination_reinstate(*, nomination: Nomination, by, reason: str, to=None) -> Nomination:
    """Undo a withdrawal (staff only): every answer, partner and file is as it was. `to` is the status
    it had before (the default) or draft; a draft needs the award, or an extension, to be open for
    the council to change it, which is the staff's call."""
    previous = nomination.withdrawn_from or Status.DRAFT
    to = to or previous
    if to not in {previous, Status.DRAFT}:
        raise TransitionNotAllowed(
            _("A withdrawn nomination can only go back to what it was, or to a draft."),
            code="transition",
        )
    return _bring_back(
        nomination,
        to=to,
        by=by,
        action="awards.nomination.reinstate",
        data={"reason": reason},
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


def nomination_mark_eligibility(
    *, nomination: Nomination, by, eligible: bool, reason: str = ""
) -> Nomination:
    return _transition(
        nomination,
        to=Status.ELIGIBLE if eligible else Status.INELIGIBLE,
        by=by,
        action="awards.nomination.eligible" if eligible else "awards.nomination.ineligible",
        fields={"eligibility_reason": reason},
        data={"reason": reason},
        on_commit=lambda n: _enqueue_council_notice(n.pk, "eligible" if eligible else "ineligible"),
    )


def nomination_set_outcome(
    *, nomination: Nomination, by, outcome: str, rationale: str = ""
) -> Nomination:
    """Record an outcome decided by the panel; called by judging's decision service."""
    if outcome not in OUTCOME_STATUSES:
        raise TransitionNotAllowed(_("That is not an outcome."), code="outcome")
    if nomination.status == outcome:
        return nomination
    return _transition(
        nomination,
        to=outcome,
        by=by,
        action="awards.nomination.outcome",
        data={"rationale": rationale},
        # The award page lists the winners.
        on_commit=lambda _nomination: clear_public_caches(),
    )


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
    if nomination.status not in {Status.WINNER, Status.HIGHLY_COMMENDED}:
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
    from django.utils.html import escape

    return [escape(p.strip()) for p in text.split("\n\n") if p.strip()]
