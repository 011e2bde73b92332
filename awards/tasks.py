"""Background work: each task takes ids, fetches, and hands over to awards.notifications."""

from django_tasks import task

from . import notifications
from .models import CouncilMembership, Nomination


def _nomination(nomination_id: int) -> Nomination:
    return Nomination.objects.select_related("award", "council", "submitted_by").get(
        pk=nomination_id
    )


@task()
def send_nomination_receipt(nomination_id: int) -> int:
    return notifications.send_receipt(nomination=_nomination(nomination_id))


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
