"""Every write in judging: conflicts of interest, assignments and allocation, scorecards and their
transitions, reminders, decisions and the feedback councils read. Emails go out after commit."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from awards.models import AwardPage, Council, CouncilMembership, Nomination
from awards.services import nomination_set_outcome
from home.errors import ServiceError
from home.permissions import is_judge

from .allocation import allocate
from .models import (
    Assignment,
    ConflictDeclaration,
    ConflictReview,
    Decision,
    JudgingReminder,
    Round,
    Score,
    Scorecard,
)
from .selectors import ENTRY_STATUSES, panel_judges, round_entries

SCORECARD_TRANSITIONS = {
    Scorecard.Status.DRAFT: {Scorecard.Status.SUBMITTED},
    Scorecard.Status.SUBMITTED: {Scorecard.Status.DRAFT},
}


class ScorecardLocked(ServiceError):
    pass


class ScorecardIncomplete(ServiceError):
    pass


class ConflictOfInterest(ServiceError):
    pass


# --- conflicts of interest ---


def conflict_declare(
    *,
    judge,
    award: AwardPage,
    council: Council,
    reason: str,
    by,
    nomination: Nomination | None = None,
    source: str = ConflictDeclaration.Source.BEFORE_ALLOCATION,
) -> ConflictDeclaration:
    """Record that `judge` has a conflict with `council` in `award`'s judging.

    Any assignment the judge already has to that council's entry is removed (with its scorecard,
    submitted or not: a conflicted judge's scores must not count), each removal is written to the
    audit log, and the award team is told which entries now need another judge.
    """
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Say what the conflict of interest is"), code="reason")
    with transaction.atomic():
        declaration, created = ConflictDeclaration.objects.get_or_create(
            judge=judge,
            award=award,
            council=council,
            defaults={
                "reason": reason,
                "nomination": nomination,
                "source": source,
                "declared_by": by,
            },
        )
        if not created:
            # Declaring again adds to the record rather than replacing what was said before.
            declaration.reason = f"{declaration.reason}\n\n{reason}"
            declaration.save(update_fields=["reason"])
        removed = list(
            Assignment.objects.select_for_update(of=("self",))
            .filter(judge=judge, round__award=award, nomination__council=council)
            .select_related("nomination", "round", "scorecard")
        )
        for assignment in removed:
            _assignment_delete(
                assignment,
                by=by,
                reason=_("Conflict of interest declared"),
                action="judging.assignment.conflict",
            )
        if removed:
            ConflictDeclaration.objects.filter(pk=declaration.pk).update(
                assignments_removed=F("assignments_removed") + len(removed)
            )
        log(
            declaration,
            "judging.conflict.declare",
            user=by,
            data={
                "judge": judge.pk,
                "council": council.pk,
                "reason": reason,
                "source": source,
                "removed": [{"round": a.round_id, "nomination": a.nomination_id} for a in removed],
            },
        )
        if removed:
            transaction.on_commit(lambda: _enqueue("send_conflict_notice", declaration.pk))
    declaration.refresh_from_db()
    return declaration


def conflict_declare_on_opening(*, assignment: Assignment, reason: str, by) -> ConflictDeclaration:
    """The judge recognised a conflict with the entry in front of them (perhaps in a blind round,
    without knowing the council's name): declare it against the entry's council."""
    nomination = assignment.nomination
    return conflict_declare(
        judge=assignment.judge,
        award=nomination.award,
        council=nomination.council,
        reason=reason,
        by=by,
        nomination=nomination,
        source=ConflictDeclaration.Source.ON_OPENING,
    )


def conflict_review_confirm(*, judge, award: AwardPage) -> ConflictReview:
    """The judge has declared everything they need to for this award."""
    review, created = ConflictReview.objects.get_or_create(judge=judge, award=award)
    if not created:
        ConflictReview.objects.filter(pk=review.pk).update(confirmed_at=timezone.now())
    log(review, "judging.conflict.review", user=judge, data={"award": award.pk})
    return review


def assignment_confirm_no_conflict(*, assignment: Assignment, by) -> Assignment:
    if assignment.conflict_checked_at is None:
        assignment.conflict_checked_at = timezone.now()
        assignment.save(update_fields=["conflict_checked_at"])
        log(assignment, "judging.assignment.no_conflict", user=by)
    return assignment


# --- assignments and allocation ---


def assignment_create(
    *, round: Round, judge, nomination: Nomination, by, notify: bool = True
) -> Assignment:
    """Assign one judge to one entry. `notify` emails the judge after commit."""
    if not is_judge(judge):
        raise ServiceError(
            _("%(name)s is not on the judging panel.") % {"name": judge.get_full_name() or judge},
            code="not_judge",
        )
    if (
        nomination.award_id != round.award_id
        or nomination.status not in ENTRY_STATUSES[round.entries_from]
    ):
        raise ServiceError(_("This nomination does not enter this round."), code="not_in_round")
    if ConflictDeclaration.objects.filter(
        judge=judge, award_id=round.award_id, council_id=nomination.council_id
    ).exists():
        raise ConflictOfInterest(
            _("%(name)s has declared a conflict of interest with %(council)s.")
            % {"name": judge.get_full_name() or judge, "council": nomination.council.name},
            code="conflict",
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(round=round, judge=judge, nomination=nomination)
            Scorecard.objects.create(assignment=assignment)
            log(
                assignment,
                "wagtail.create",
                user=by,
                data={"judge": judge.pk, "nomination": nomination.pk},
            )
            if notify:
                transaction.on_commit(
                    lambda: _enqueue("send_assignment_notice", judge.pk, round.pk, 1)
                )
    except IntegrityError:
        return Assignment.objects.get(round=round, judge=judge, nomination=nomination)
    return assignment


def _assignment_delete(assignment: Assignment, *, by, reason: str, action: str) -> None:
    scorecard = getattr(assignment, "scorecard", None)
    log(
        assignment,
        action,
        user=by,
        data={
            "judge": assignment.judge_id,
            "nomination": assignment.nomination_id,
            "round": assignment.round_id,
            "reason": reason,
            "scorecard": scorecard.status if scorecard else None,
        },
    )
    assignment.delete()


def assignment_remove(*, assignment: Assignment, by, reason: str) -> None:
    """Award staff take an entry off a judge's list, with a reason for the audit log."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for removing the assignment."), code="reason")
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("scorecard")
            .filter(pk=assignment.pk)
            .first()
        )
        if locked is None:
            return
        _assignment_delete(locked, by=by, reason=reason, action="judging.assignment.remove")


@dataclass
class AllocationReport:
    added: int = 0
    short: dict = field(default_factory=dict)  # nomination -> judges still missing
    by_judge: dict = field(default_factory=dict)  # judge -> new assignments


def round_allocate(*, round: Round, by, seed: int | None = None) -> AllocationReport:
    """Fill the round's gaps: every entry gets `judges_per_entry` judges from the panel, loads stay
    within one of each other, declared conflicts are never assigned. Re-running adds only what is
    missing; the same state and seed always give the same assignments. One email per judge."""
    entries = {n.pk: n for n in round_entries(round)}
    judges = {j.pk: j for j in panel_judges()}
    report = AllocationReport()
    if not entries or not judges:
        return report
    existing = list(Assignment.objects.filter(round=round).values_list("judge_id", "nomination_id"))
    declared = ConflictDeclaration.objects.pairs(award=round.award)
    conflicts = [
        (judge_id, nomination.pk)
        for nomination in entries.values()
        for judge_id in judges
        if (judge_id, nomination.council_id) in declared
    ]
    result = allocate(
        list(entries),
        list(judges),
        round.judges_per_entry,
        conflicts=conflicts,
        existing=existing,
        seed=round.pk if seed is None else seed,
    )
    with transaction.atomic():
        for judge_id, nomination_id in result.new_pairs:
            assignment_create(
                round=round,
                judge=judges[judge_id],
                nomination=entries[nomination_id],
                by=by,
                notify=False,
            )
        counts = Counter(judge_id for judge_id, _nomination_id in result.new_pairs)
        log(round, "judging.round.allocate", user=by, data={"added": len(result.new_pairs)})
        for judge_id, count in counts.items():
            transaction.on_commit(
                lambda judge_id=judge_id, count=count: _enqueue(
                    "send_assignment_notice", judge_id, round.pk, count
                )
            )
    report.added = len(result.new_pairs)
    report.short = {entries[n]: missing for n, missing in result.short.items()}
    report.by_judge = {judges[j]: count for j, count in counts.items()}
    return report


def _scorecard_transition(
    scorecard: Scorecard, *, to, by, action, fields=None, data=None
) -> Scorecard:
    fields = fields or {}
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if to not in SCORECARD_TRANSITIONS[locked.status]:
            raise ScorecardLocked(
                _("This scorecard has been submitted and is locked."), code="locked"
            )
        locked.status = to
        locked.version = F("version") + 1
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "version", "updated_at", *fields])
        locked.refresh_from_db()
        log(locked, action, user=by, data=data or {})
    return locked


def _check_can_change(scorecard: Scorecard, now=None):
    if scorecard.status != Scorecard.Status.DRAFT:
        raise ScorecardLocked(_("This scorecard has been submitted and is locked."), code="locked")
    round = scorecard.assignment.round
    if not round.is_open(now):
        raise ScorecardLocked(
            _("Scoring for %(round)s is closed.") % {"round": round.name}, code="closed"
        )


def scorecard_save(
    *,
    scorecard: Scorecard,
    by,
    version: int,
    scores: dict[int, tuple[int | None, str]],
    overall_comment: str = "",
) -> Scorecard:
    """Save a draft. `scores` maps criterion id to (value or None for "not applicable", comment)."""
    _check_can_change(scorecard)
    round = scorecard.assignment.round
    for value, _comment in scores.values():
        if value is not None and not 0 <= value <= round.scale_max:
            raise ServiceError(
                _("Scores must be between 0 and %(max)s.") % {"max": round.scale_max}, code="range"
            )
        if value is None and not round.allow_not_applicable:
            raise ServiceError(_("This round does not allow 'not applicable'."), code="na")
    with transaction.atomic():
        updated = Scorecard.objects.filter(
            pk=scorecard.pk, version=version, status=Scorecard.Status.DRAFT
        ).update(
            version=F("version") + 1, overall_comment=overall_comment, updated_at=timezone.now()
        )
        if not updated:
            raise ServiceError(
                _(
                    "This scorecard was saved elsewhere (another tab or device). Your scores are below: "
                    "check them and save again."
                ),
                code="conflict",
            )
        for criterion_id, (value, comment) in scores.items():
            Score.objects.update_or_create(
                scorecard=scorecard,
                criterion_id=criterion_id,
                defaults={"value": value, "comment": comment},
            )
        scorecard.refresh_from_db()
    return scorecard


def scorecard_submit(*, scorecard: Scorecard, by) -> Scorecard:
    _check_can_change(scorecard)
    criteria_ids = {c.pk for c in scorecard.assignment.round.award.ordered_criteria}
    scored_ids = set(scorecard.scores.values_list("criterion_id", flat=True))
    if not criteria_ids <= scored_ids:
        raise ScorecardIncomplete(
            _("Score every principle (or mark it not applicable) before you submit."),
            code="incomplete",
        )
    return _scorecard_transition(
        scorecard,
        to=Scorecard.Status.SUBMITTED,
        by=by,
        action="judging.scorecard.submit",
        fields={"submitted_at": timezone.now()},
    )


def scorecard_reopen(*, scorecard: Scorecard, by, reason: str) -> Scorecard:
    if not reason.strip():
        raise ServiceError(_("Give a reason for reopening the scorecard."), code="reason")
    return _scorecard_transition(
        scorecard,
        to=Scorecard.Status.DRAFT,
        by=by,
        action="judging.scorecard.reopen",
        fields={"submitted_at": None},
        data={"reason": reason},
    )


def scorecards_share_comments(*, round: Round, by, score_ids, overall_ids) -> tuple[int, int]:
    """Choose which of the round's submitted comments councils will read with their feedback.

    Everything not chosen is not shared. Returns how many comments of each kind are shared."""
    scores = Score.objects.filter(
        scorecard__assignment__round=round, scorecard__status=Scorecard.Status.SUBMITTED
    ).exclude(comment="")
    cards = Scorecard.objects.filter(
        assignment__round=round, status=Scorecard.Status.SUBMITTED
    ).exclude(overall_comment="")
    score_ids, overall_ids = set(score_ids), set(overall_ids)
    with transaction.atomic():
        scores.filter(pk__in=score_ids).update(shared_with_council=True)
        scores.exclude(pk__in=score_ids).update(shared_with_council=False)
        cards.filter(pk__in=overall_ids).update(overall_comment_shared=True)
        cards.exclude(pk__in=overall_ids).update(overall_comment_shared=False)
        shared = (
            scores.filter(shared_with_council=True).count(),
            cards.filter(overall_comment_shared=True).count(),
        )
        log(
            round,
            "judging.feedback.comments",
            user=by,
            data={"comments": shared[0], "overall": shared[1]},
        )
    return shared


def feedback_release(*, round: Round, by) -> Round:
    """Let the round's councils read their feedback, and email them that it is there."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.feedback_released_at is not None:
            return locked
        locked.feedback_released_at = timezone.now()
        locked.feedback_released_by = by
        locked.save(update_fields=["feedback_released_at", "feedback_released_by"])
        log(locked, "judging.feedback.release", user=by)
        nomination_ids = list(
            Assignment.objects.filter(round=locked)
            .values_list("nomination_id", flat=True)
            .distinct()
            .order_by("nomination_id")
        )
        for nomination_id in nomination_ids:
            transaction.on_commit(
                lambda nomination_id=nomination_id: _enqueue(
                    "send_feedback_notice", nomination_id, locked.pk
                )
            )
    return locked


def feedback_withdraw(*, round: Round, by) -> Round:
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.feedback_released_at is None:
            return locked
        locked.feedback_released_at = None
        locked.feedback_released_by = None
        locked.save(update_fields=["feedback_released_at", "feedback_released_by"])
        log(locked, "judging.feedback.withdraw", user=by)
    return locked


def decision_record(
    *, nomination: Nomination, outcome: str, by, rationale: str = "", round=None
) -> Decision:
    with transaction.atomic():
        decision = Decision.objects.create(
            nomination=nomination, outcome=outcome, rationale=rationale, decided_by=by, round=round
        )
        nomination_set_outcome(nomination=nomination, by=by, outcome=outcome, rationale=rationale)
        log(
            decision,
            "judging.decision.record",
            user=by,
            data={"outcome": outcome, "rationale": rationale},
        )
    return decision


def shortlist(*, round: Round, nominations, by, rationale: str = "") -> list[Decision]:
    """Shortlist the chosen entries of `round` into the next round, one logged decision each."""
    in_round = set(Assignment.objects.filter(round=round).values_list("nomination_id", flat=True))
    chosen = [n for n in nominations if n.pk in in_round]
    if not chosen:
        raise ServiceError(_("Choose at least one entry of this round."), code="empty")
    with transaction.atomic():
        return [
            decision_record(
                nomination=nomination,
                outcome=Decision.Outcome.SHORTLISTED,
                by=by,
                rationale=rationale,
                round=round,
            )
            for nomination in chosen
            if nomination.status != Nomination.Status.SHORTLISTED
        ]


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
                        lambda pk=reminder.pk: _enqueue("send_judging_reminder", pk)
                    )
            except IntegrityError:
                continue  # another run got there first
            queued += 1
    return queued


# --- emails (called by judging.tasks) ---


def _site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


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
        "site_url": _site_url(),
    }
    subject = _("Entries to score: %(round)s, %(year)s award") % {
        "round": round.name,
        "year": round.award.year,
    }
    body = render_to_string("judging/email/assignment_notice.txt", context)
    return send_mail(subject, body, None, [judge.email])


def send_reminder(*, reminder: JudgingReminder) -> int:
    judge, round = reminder.judge, reminder.round
    remaining = _unfinished_count(judge=judge, round=round)
    if not judge.email or not remaining or not round.is_open():
        return 0
    context = {"judge": judge, "round": round, "remaining": remaining, "site_url": _site_url()}
    subject = _("Reminder: %(count)s to score before %(round)s closes") % {
        "count": remaining,
        "round": round.name,
    }
    body = render_to_string("judging/email/reminder.txt", context)
    return send_mail(subject, body, None, [judge.email])


def send_feedback_notice(*, nomination: Nomination, round: Round) -> int:
    """Tell the council's officers that the panel's feedback on their nomination is ready."""
    recipients = sorted(
        {
            email
            for email in CouncilMembership.objects.filter(
                council_id=nomination.council_id,
                status=CouncilMembership.Status.APPROVED,
                user__is_active=True,
            ).values_list("user__email", flat=True)
            if email
        }
    )
    if not recipients or round.feedback_released_at is None:
        return 0
    context = {"nomination": nomination, "round": round, "site_url": _site_url()}
    subject = _("Feedback on your nomination %(reference)s") % {"reference": nomination.reference}
    body = render_to_string("judging/email/feedback_notice.txt", context)
    return send_mail(subject, body, None, recipients)


def send_conflict_notice(*, declaration: ConflictDeclaration) -> int:
    """Tell the award team that a conflict removed assignments, so entries need another judge."""
    if not settings.AWARD_STAFF_EMAILS:
        return 0
    context = {"declaration": declaration, "site_url": _site_url()}
    subject = _("Conflict of interest declared: %(judge)s") % {
        "judge": declaration.judge.get_full_name() or declaration.judge.email
    }
    body = render_to_string("judging/email/conflict_notice.txt", context)
    return send_mail(subject, body, None, list(settings.AWARD_STAFF_EMAILS))


def _enqueue(task_name: str, *args) -> None:
    from . import tasks

    getattr(tasks, task_name).enqueue(*args)
