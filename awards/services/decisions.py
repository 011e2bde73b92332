from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.cache import clear_public_caches
from home.dates import format_datetime
from home.errors import ServiceError

from ..models import (
    Nomination,
)
from .common import (
    Status,
    TransitionNotAllowed,
    _bring_back,
    _enqueue_council_notice,
    _transition,
)


def _validate_new_deadline(nomination: Nomination, until, now=None):
    now = now or timezone.now()
    if until is None or until <= now:
        raise ServiceError(_("The new deadline must be in the future."), code="deadline_past")
    if until <= nomination.award.closes_at:
        raise ServiceError(
            _("The new deadline must be after the award closes, %(time)s.")
            % {"time": format_datetime(nomination.award.closes_at)},
            code="deadline_before_close",
        )


def nomination_extend_deadline(*, nomination: Nomination, by, until, reason: str) -> Nomination:
    """Give one nomination longer than the award's closing time (staff only, logged, council told)."""
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update().select_related("award").get(pk=nomination.pk)
        )
        if locked.status not in Nomination.UNCHECKED:
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
            % {"time": format_datetime(award.closes_at)},
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
    if outcome not in Nomination.OUTCOMES:
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
