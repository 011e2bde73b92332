"""Reminders to judges, and every judging email (sent by judging.tasks after commit). Emails to
judges never name a council: a round may be blind."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import CouncilMembership, Nomination
from home.mail import send_each

from ..models import (
    Assignment,
    ConflictDeclaration,
    JudgingReminder,
    Round,
    Scorecard,
)
from .common import enqueue

# --- reminders ---


def reminders_send_due(*, now=None) -> int:
    """Queue a reminder for every judge with unfinished scorecards in an open round whose reminder
    time has come. Safe to run as often as a scheduler likes: each reminder goes once, and a run
    that missed an earlier reminder time sends only the latest one."""
    now = now or timezone.now()
    queued = 0
    for round in Round.objects.filter(opens_at__lte=now, closes_at__gt=now).exclude(
        reminder_days=""
    ):
        passed = [d for d in round.reminder_offsets if now >= round.closes_at - timedelta(days=d)]
        if not passed:
            continue
        days_before = min(passed)
        unfinished = Counter(
            Assignment.objects.filter(round=round)
            .filter(Q(scorecard__isnull=True) | ~Q(scorecard__status=Scorecard.Status.SUBMITTED))
            .values_list("judge_id", flat=True)
        )
        already = set(
            JudgingReminder.objects.filter(
                round=round, days_before=days_before, judge_id__in=list(unfinished)
            ).values_list("judge_id", flat=True)
        )
        for judge_id in sorted(set(unfinished) - already):
            try:
                with transaction.atomic():
                    reminder = JudgingReminder.objects.create(
                        round=round, judge_id=judge_id, days_before=days_before
                    )
                    transaction.on_commit(
                        lambda pk=reminder.pk: enqueue("send_judging_reminder", pk)
                    )
            except IntegrityError:
                continue  # another run got there first
            queued += 1
    return queued


# --- emails (called by judging.tasks) ---


def _unfinished_count(*, judge, round: Round) -> int:
    return (
        Assignment.objects.filter(round=round, judge=judge)
        .exclude(scorecard__status=Scorecard.Status.SUBMITTED)
        .count()
    )


def send_assignment_notice(*, judge, round: Round, count: int) -> int:
    """Tell a judge they have new entries. Never names a council: the round may be blind."""
    if not judge.email:
        return 0
    context = {
        "judge": judge,
        "round": round,
        "count": count,
        "total": Assignment.objects.filter(round=round, judge=judge).count(),
    }
    return send_each(
        [judge.email],
        subject=lambda: (
            _("Entries to score: %(round)s, %(year)s award")
            % {"round": round.name, "year": round.award.year}
        ),
        template="judging/email/assignment_notice.txt",
        context=context,
    )


def send_reminder(*, reminder: JudgingReminder) -> int:
    judge, round = reminder.judge, reminder.round
    remaining = _unfinished_count(judge=judge, round=round)
    if not judge.email or not remaining or not round.is_open():
        return 0
    return send_each(
        [judge.email],
        subject=lambda: (
            _("Reminder: %(count)s to score before %(round)s closes")
            % {"count": remaining, "round": round.name}
        ),
        template="judging/email/reminder.txt",
        context={"judge": judge, "round": round, "remaining": remaining},
    )


def send_feedback_notice(*, nomination: Nomination, round: Round) -> int:
    """Tell the council's officers that the panel's feedback on their nomination is ready: one
    message each, so that no officer sees another's address."""
    recipients = [
        email
        for email in CouncilMembership.objects.filter(
            council_id=nomination.council_id,
            status=CouncilMembership.Status.APPROVED,
            user__is_active=True,
        ).values_list("user__email", flat=True)
        if email
    ]
    if (
        not recipients
        or round.feedback_released_at is None
        or not nomination.award.results_announced()
    ):
        return 0
    return send_each(
        recipients,
        subject=lambda: (
            _("Feedback on your nomination %(reference)s") % {"reference": nomination.reference}
        ),
        template="judging/email/feedback_notice.txt",
        context={"nomination": nomination, "round": round},
    )


def send_conflict_notice(*, declaration: ConflictDeclaration) -> int:
    """Tell the award team that a conflict removed assignments, so entries need another judge."""
    if not settings.AWARD_STAFF_EMAILS:
        return 0
    return send_each(
        settings.AWARD_STAFF_EMAILS,
        subject=lambda: (
            _("Conflict of interest declared: %(judge)s")
            % {"judge": declaration.judge.get_full_name() or declaration.judge.email}
        ),
        template="judging/email/conflict_notice.txt",
        context={"declaration": declaration},
    )
