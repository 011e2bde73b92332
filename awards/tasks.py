"""Background work: each task takes ids, fetches, and hands over to awards.notifications."""

import logging
import smtplib
from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from . import notifications
from .models import CouncilMembership, Nomination

logger = logging.getLogger(__name__)

# A mail server that is down, refusing or timing out; anything else is a bug and fails at once.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
RECEIPT_ATTEMPTS = 6
RECEIPT_FIRST_RETRY = timedelta(minutes=2)  # then 4, 8, 16, 32 minutes: about an hour in all


def _nomination(nomination_id: int) -> Nomination:
    return Nomination.objects.select_related("award", "council", "submitted_by").get(
        pk=nomination_id
    )


@task()
def send_nomination_receipt(nomination_id: int, attempt: int = 1) -> int:
    """The receipt, retried with a doubling delay while the mail server is down. Each failure goes
    in the nomination's history for the award team; the last one says the receipt was never sent."""
    nomination = _nomination(nomination_id)
    try:
        sent = notifications.send_receipt(nomination=nomination)
    except MAIL_ERRORS as error:
        retry_at = None
        backend_defers = send_nomination_receipt.get_backend().supports_defer
        if attempt < RECEIPT_ATTEMPTS and backend_defers:
            retry_at = timezone.now() + RECEIPT_FIRST_RETRY * 2 ** (attempt - 1)
            # django-tasks 0.12 has no retries of its own, so the task schedules its next attempt.
            send_nomination_receipt.using(run_after=retry_at).enqueue(
                nomination_id, attempt=attempt + 1
            )
        log(
            nomination,
            "awards.nomination.receipt_failed",
            data={
                "attempt": attempt,
                "attempts": RECEIPT_ATTEMPTS,
                "error": str(error)[:300],
                "retry_at": retry_at.isoformat() if retry_at else None,
            },
        )
        logger.warning("Receipt for nomination %s not sent (attempt %s)", nomination_id, attempt)
        # Raised, so that the task's result is recorded as failed for this attempt.
        raise
    if attempt > 1:
        log(nomination, "awards.nomination.receipt_sent", data={"attempt": attempt})
    return sent


@task()
def notify_staff_of_submission(nomination_id: int) -> int:
    return notifications.notify_staff_of_submission(nomination=_nomination(nomination_id))


@task()
def send_council_notice(nomination_id: int, kind: str) -> int:
    return notifications.send_council_notice(nomination=_nomination(nomination_id), kind=kind)


@task()
def notify_membership_requested(membership_id: int) -> int:
    membership = CouncilMembership.objects.select_related("user", "council").get(pk=membership_id)
    return notifications.notify_membership_requested(membership=membership)


@task()
def notify_membership_approved(membership_id: int) -> int:
    membership = CouncilMembership.objects.select_related("user", "council").get(pk=membership_id)
    return notifications.notify_membership_approved(membership=membership)
