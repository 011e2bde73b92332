"""The emails the award sends: what happened, and what to do next. Called from tasks (after commit), never
from a request directly, so a slow mail server never holds up an officer's page."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import CouncilMembership, Nomination


def _send(subject: str, template: str, context: dict, recipients) -> int:
    """One message per recipient, so that nobody sees anyone else's address. Returns the count sent."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    body = render_to_string(template, {"site_url": settings.WAGTAILADMIN_BASE_URL, **context})
    with get_connection() as connection:
        messages = [
            EmailMessage(subject, body, None, [address], connection=connection)
            for address in recipients
        ]
        return connection.send_messages(messages) or 0


def council_officer_emails(council_id: int) -> list[str]:
    """The addresses of every approved officer of a council: the people who can co-edit."""
    return list(
        CouncilMembership.objects.filter(
            council_id=council_id, status=CouncilMembership.Status.APPROVED, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def send_receipt(*, nomination: Nomination) -> int:
    """The receipt, to the officer who submitted and to every colleague who can co-edit."""
    recipients = council_officer_emails(nomination.council_id)
    if nomination.submitted_by:
        recipients.append(nomination.submitted_by.email)
    subject = _("Nomination received: %(reference)s") % {"reference": nomination.reference}
    return _send(
        subject, "awards/email/nomination_receipt.txt", {"nomination": nomination}, recipients
    )


def notify_staff_of_submission(*, nomination: Nomination) -> int:
    subject = _("New nomination: %(reference)s from %(council)s") % {
        "reference": nomination.reference,
        "council": nomination.council.name,
    }
    return _send(
        subject,
        "awards/email/staff_new_nomination.txt",
        {"nomination": nomination},
        settings.AWARD_STAFF_EMAILS,
    )


COUNCIL_NOTICES = {
    "extended": (
        lambda n: _("More time for your nomination: %(council)s") % {"council": n.council.name},
        "awards/email/nomination_extended.txt",
    ),
    "reopened": (
        lambda n: (
            _("Your nomination %(reference)s is open for changes") % {"reference": n.reference}
        ),
        "awards/email/nomination_reopened.txt",
    ),
    "eligible": (
        lambda n: _("Your nomination %(reference)s is eligible") % {"reference": n.reference},
        "awards/email/nomination_eligibility.txt",
    ),
    "ineligible": (
        lambda n: _("Your nomination %(reference)s is not eligible") % {"reference": n.reference},
        "awards/email/nomination_eligibility.txt",
    ),
}


def send_council_notice(*, nomination: Nomination, kind: str) -> int:
    """Tell the council's officers that staff acted on their nomination."""
    subject, template = COUNCIL_NOTICES[kind]
    return _send(
        subject(nomination),
        template,
        {"nomination": nomination, "kind": kind},
        council_officer_emails(nomination.council_id),
    )


def notify_membership_requested(*, membership: CouncilMembership) -> int:
    """Ask the council's officers (and the award team) to approve a colleague's request to join."""
    subject = _("%(person)s asks to join %(council)s on the Keep it Local Award") % {
        "person": membership.user.email,
        "council": membership.council.name,
    }
    recipients = [*council_officer_emails(membership.council_id), *settings.AWARD_STAFF_EMAILS]
    if membership.from_removed_member:
        # Only the award team can decide on it (permissions.can_decide_membership).
        recipients = list(settings.AWARD_STAFF_EMAILS)
    return _send(
        subject, "awards/email/membership_requested.txt", {"membership": membership}, recipients
    )


def notify_membership_approved(*, membership: CouncilMembership) -> int:
    subject = _("You can now nominate for %(council)s") % {"council": membership.council.name}
    return _send(
        subject,
        "awards/email/membership_approved.txt",
        {"membership": membership},
        [membership.user.email],
    )
