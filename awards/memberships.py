"""Services for who belongs to which council (or health body): joining by a verified work address, asking
to join, and colleagues or the award team approving. Every change is written to Wagtail's audit log."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.errors import ServiceError
from home.permissions import is_award_staff

from . import tasks
from .models import Council, CouncilMembership
from .permissions import can_decide_membership

Status = CouncilMembership.Status


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def council_for_email(email: str) -> Council | None:
    """The one council whose registered domains cover this address, or None.

    A registered domain covers its subdomains too (social.kirklees.gov.uk is Kirklees). The most
    specific registration wins; two councils claiming the same domain match neither, so that a shared
    domain never puts someone into the wrong council."""
    domain = email_domain(email)
    if not domain:
        return None
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        matches = [
            council
            for council in Council.objects.filter(email_domains__icontains=candidate)
            if candidate in council.domains
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None
    return None


def membership_join_by_domain(*, user, email: str) -> CouncilMembership | None:
    """Approve `user` into the council that owns the domain of their verified `email`, if there is one.

    Someone the award team removed does not come back this way (not at sign-up, on confirming an
    address, or at any later sign-in): the removal stands until staff restore them."""
    council = council_for_email(email)
    if council is None:
        return None
    with transaction.atomic():
        membership, created = CouncilMembership.objects.select_for_update().get_or_create(
            user=user,
            council=council,
            defaults={"status": Status.APPROVED, "decided_at": timezone.now()},
        )
        if not created and membership.status == Status.APPROVED:
            return membership
        if not created and membership.removed_at is not None:
            return None
        if not created:
            membership.status = Status.APPROVED
            membership.decided_at = timezone.now()
            membership.save(update_fields=["status", "decided_at"])
        log(
            membership,
            "awards.membership.domain",
            user=user,
            data={"council": council.pk, "domain": email_domain(email)},
        )
    return membership


def membership_request(*, user, council: Council, message: str = "") -> CouncilMembership:
    """Ask to join a council. Its officers and the award team are emailed to approve."""
    existing = CouncilMembership.objects.filter(user=user, council=council).first()
    if existing and existing.status == Status.REMOVED:
        return _request_again_after_removal(existing, message=message)
    if existing:
        return existing
    try:
        with transaction.atomic():
            membership = CouncilMembership.objects.create(
                user=user, council=council, status=Status.REQUESTED, message=message.strip()
            )
            log(membership, "awards.membership.request", user=user, data={"council": council.pk})
            transaction.on_commit(lambda: _enqueue("notify_membership_requested", membership.pk))
    except IntegrityError:
        # Two clicks at once: the first request stands.
        return CouncilMembership.objects.get(user=user, council=council)
    return membership


def _request_again_after_removal(membership: CouncilMembership, *, message: str):
    # Marked, not refused: people come back for good reasons (back from leave, re-employed, removed
    # by mistake) and a refusal would leave them only an email to the team. But the award team made
    # the removal, so only the award team decides (see can_decide_membership), the request says it
    # comes from a removed member wherever it is shown, and it is never approved automatically.
    with transaction.atomic():
        locked = CouncilMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != Status.REMOVED:
            return locked
        locked.status = Status.REQUESTED
        locked.message = message.strip()
        locked.save(update_fields=["status", "message"])
        log(
            locked,
            "awards.membership.request",
            user=locked.user,
            data={"council": locked.council_id, "previously_removed": True},
        )
        transaction.on_commit(lambda: _enqueue("notify_membership_requested", locked.pk))
    return locked


def _locked(membership: CouncilMembership) -> CouncilMembership:
    """The membership's row, locked until the transaction ends, with the names its messages use."""
    return (
        CouncilMembership.objects.select_for_update()
        .select_related("user", "council")
        .get(pk=membership.pk)
    )


def _log_change(locked: CouncilMembership, action: str, *, by) -> None:
    log(
        locked,
        action,
        user=by,
        data={"council": locked.council_id, "person": locked.user.email},
    )


def _locked_request(membership: CouncilMembership, by) -> CouncilMembership:
    if not can_decide_membership(by, membership):
        raise ServiceError(_("You cannot decide on this request."), code="forbidden")
    locked = _locked(membership)
    if locked.status != Status.REQUESTED:
        raise ServiceError(
            _("%(person)s is already a member.") % {"person": locked.user.email},
            code="decided",
        )
    return locked


def membership_approve(*, membership: CouncilMembership, by) -> CouncilMembership:
    with transaction.atomic():
        locked = _locked_request(membership, by)
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        log(locked, "awards.membership.approve", user=by, data={"council": locked.council_id})
        transaction.on_commit(lambda: _enqueue("notify_membership_approved", locked.pk))
    return locked


def membership_decline(*, membership: CouncilMembership, by) -> None:
    """Refuse a request: it is removed, so the person may ask again (for instance, for another council).
    A removed member's request goes back to being a removal, so that the removal still stands."""
    with transaction.atomic():
        locked = _locked_request(membership, by)
        _log_change(locked, "awards.membership.decline", by=by)
        if locked.removed_at is not None:
            locked.status = Status.REMOVED
            locked.save(update_fields=["status"])
        else:
            locked.delete()


def _staff_only(by, message):
    if not is_award_staff(by):
        raise ServiceError(message, code="forbidden")


def membership_remove(*, membership: CouncilMembership, by) -> CouncilMembership:
    """Take someone out of a council (they left, or were let in by mistake): award staff only.

    The membership is kept as "removed" rather than deleted, so that their verified council address
    does not join them again at their next sign-in; membership_restore undoes it."""
    _staff_only(by, _("Only the award team can remove members."))
    with transaction.atomic():
        locked = _locked(membership)
        if locked.status != Status.APPROVED:
            raise ServiceError(
                _("%(person)s is not a member of %(council)s.")
                % {"person": locked.user.email, "council": locked.council},
                code="not_member",
            )
        locked.status = Status.REMOVED
        locked.removed_at = timezone.now()
        locked.removed_by = by
        locked.save(update_fields=["status", "removed_at", "removed_by"])
        _log_change(locked, "awards.membership.remove", by=by)
    return locked


def membership_restore(*, membership: CouncilMembership, by) -> CouncilMembership:
    """Let a removed member back in (or approve their request to come back): award staff only."""
    _staff_only(by, _("Only the award team can restore members."))
    with transaction.atomic():
        locked = _locked(membership)
        if locked.removed_at is None or locked.status == Status.APPROVED:
            raise ServiceError(
                _("%(person)s has not been removed from %(council)s.")
                % {"person": locked.user.email, "council": locked.council},
                code="not_removed",
            )
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        _log_change(locked, "awards.membership.restore", by=by)
        transaction.on_commit(lambda: _enqueue("notify_membership_approved", locked.pk))
    return locked


def _enqueue(task_name: str, membership_id: int):
    getattr(tasks, task_name).enqueue(membership_id)
