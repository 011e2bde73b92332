"""The emails the award sends: what happened, and what to do next. Called from tasks (after commit), never
from a request directly, so a slow mail server never holds up an officer's page. Each is sent by
home.mail.send_each: one message per recipient."""

from django.conf import settings
from django.utils.translation import gettext as _

from home.mail import send_each

from .models import CouncilMembership, Nomination


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
    return send_each(
        recipients,
        subject=lambda: (
            _("Nomination received: %(reference)s") % {"reference": nomination.reference}
        ),
        template="awards/email/nomination_receipt.txt",
        context={"nomination": nomination},
    )


def notify_staff_of_submission(*, nomination: Nomination) -> int:
    return send_each(
        settings.AWARD_STAFF_EMAILS,
        subject=lambda: (
            _("New nomination: %(reference)s from %(council)s")
            % {"reference": nomination.reference, "council": nomination.council.name}
        ),
        template="awards/email/staff_new_nomination.txt",
        context={"nomination": nomination},
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
    return send_each(
        council_officer_emails(nomination.council_id),
        subject=lambda: subject(nomination),
        template=template,
        context={"nomination": nomination, "kind": kind},
    )


def notify_membership_requested(*, membership: CouncilMembership) -> int:
    """Ask the council's officers (and the award team) to approve a colleague's request to join."""
    recipients = [*council_officer_emails(membership.council_id), *settings.AWARD_STAFF_EMAILS]
    if membership.from_removed_member:
        # Only the award team can decide on it (permissions.can_decide_membership).
        recipients = list(settings.AWARD_STAFF_EMAILS)
    return send_each(
        recipients,
        subject=lambda: (
            _("%(person)s asks to join %(council)s on the Keep it Local Award")
            % {"person": membership.user.email, "council": membership.council.name}
        ),
        template="awards/email/membership_requested.txt",
        context={"membership": membership},
    )


def notify_membership_approved(*, membership: CouncilMembership) -> int:
    return send_each(
        [membership.user.email],
        subject=lambda: (
            _("You can now nominate for %(council)s") % {"council": membership.council.name}
        ),
        template="awards/email/membership_approved.txt",
        context={"membership": membership},
    )
