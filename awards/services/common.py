import logging

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.dates import format_datetime
from home.errors import ServiceError

from ..models import (
    Nomination,
)
from ..tasks import send_council_notice

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
            % {"time": format_datetime(nomination.closes_at)},
            code="deadline",
        )


def _enqueue_council_notice(nomination_id: int, kind: str):
    send_council_notice.enqueue(nomination_id, kind)


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
