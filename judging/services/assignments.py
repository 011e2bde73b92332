"""Conflicts of interest, assignments and allocation. A conflict declared after allocation takes the
judge's assignments to that council's entries out of judging (removed, or in a blind round set aside:
see conflict_declare), logged, and tells the award team."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from awards.models import AwardPage, Council, Nomination
from home.errors import ServiceError
from home.permissions import is_judge

from ..allocation import allocate
from ..models import (
    Assignment,
    ConflictDeclaration,
    ConflictReview,
    Round,
    Score,
    Scorecard,
)
from ..selectors import ENTRY_STATUSES, panel_judges, round_entries
from .common import ConflictOfInterest, enqueue

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

    Allocation never gives the judge that council's entries afterwards. Entries they already have
    are taken out of judging, each change written to the audit log, and the award team is told
    which entries need another judge:

    - In an open round (the judge sees council names), and for the entry the judge declared a
      conflict with on opening it (`nomination`: they pointed at it, so its going tells them
      nothing), the assignment is removed with its scorecard, submitted or not.
    - In a blind round, a declaration that names the organisation must teach the judge nothing
      about who wrote which entry, nor whether the organisation entered at all. Removing the entry
      would do both (the one that vanishes is the organisation's), and so would any refusal shown
      on that entry alone: a "reassigned" notice, a 404 on opening it, a locked scorecard. A random
      decoy refused alongside only narrows the guess, and costs a genuine entry its judge; holding
      the whole list until staff reallocate only moves the tell to the moment it comes back. So
      the assignment is *set aside* instead (`Assignment.conflicted_at`): it stays on the judge's
      list and opens, reads and saves exactly as the others do, and the judge is told only
      something that is true of every list ("if one of your entries is theirs, your scores for it
      will not count"). What the judge cannot do is score it in any way that matters: a set-aside
      assignment's scores are left out of the results, the ranking, the feedback and comments
      councils read, other judges' view of the panel's scores and allocation's count of judges per
      entry, so allocating again gives the entry another judge (a change to another judge's list,
      which says nothing to this one). Staff see every set-aside assignment on the round's page.
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
        removed, set_aside = [], []
        for assignment in (
            Assignment.objects.select_for_update(of=("self",))
            .filter(judge=judge, round__award=award, nomination__council=council)
            .select_related("nomination", "round", "scorecard")
        ):
            if not assignment.round.is_blind or (
                nomination is not None and assignment.nomination_id == nomination.pk
            ):
                removed.append(assignment)
            elif assignment.conflicted_at is None:
                set_aside.append(assignment)
        for assignment in removed:
            _assignment_delete(
                assignment,
                by=by,
                reason=_("Conflict of interest declared"),
                action="judging.assignment.conflict",
            )
        now = timezone.now()
        for assignment in set_aside:
            Assignment.objects.filter(pk=assignment.pk).update(conflicted_at=now)
            log(
                assignment,
                "judging.assignment.set_aside",
                user=by,
                data={
                    "judge": assignment.judge_id,
                    "nomination": assignment.nomination_id,
                    "round": assignment.round_id,
                    "scorecard": getattr(getattr(assignment, "scorecard", None), "status", None),
                },
            )
        if removed or set_aside:
            ConflictDeclaration.objects.filter(pk=declaration.pk).update(
                assignments_removed=F("assignments_removed") + len(removed),
                assignments_set_aside=F("assignments_set_aside") + len(set_aside),
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
                "set_aside": [
                    {"round": a.round_id, "nomination": a.nomination_id} for a in set_aside
                ],
            },
        )
        if removed or set_aside:
            transaction.on_commit(lambda: enqueue("send_conflict_notice", declaration.pk))
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
    if (
        Assignment.all_objects.removed()
        .filter(round=round, judge=judge, nomination=nomination)
        .exists()
    ):
        raise ServiceError(
            _(
                "%(name)s was removed from this entry. Restore the assignment under "
                '"Removed assignments" if they should judge it after all.'
            )
            % {"name": judge.get_full_name() or judge},
            code="removed",
        )
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
                    lambda: enqueue("send_assignment_notice", judge.pk, round.pk, 1)
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


def _scorecard_record(scorecard: Scorecard | None) -> dict | None:
    """What a scorecard says, for the audit log: enough to see what a removal took out of the
    results without restoring it."""
    if scorecard is None:
        return None
    return {
        "status": scorecard.status,
        "version": scorecard.version,
        "submitted_at": scorecard.submitted_at.isoformat() if scorecard.submitted_at else None,
        "overall_comment": scorecard.overall_comment,
        "scores": [
            {"criterion": score.criterion_id, "value": score.value, "comment": score.comment}
            for score in Score.all_objects.filter(scorecard=scorecard).order_by("criterion_id")
        ],
    }


def assignment_remove(*, assignment: Assignment, by, reason: str) -> Assignment:
    """Award staff take an entry off a judge's list, with a reason. Nothing is deleted: the
    assignment is marked removed, which hides it (and its scorecard) from the judge, progress and
    results until staff restore it; the log entry holds the scores as they were."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for removing the assignment."), code="reason")
    with transaction.atomic():
        locked = (
            Assignment.all_objects.select_for_update(of=("self",))
            .select_related("scorecard")
            .filter(pk=assignment.pk)
            .first()
        )
        if locked is None or locked.removed_at is not None:
            raise ServiceError(_("This assignment has already been removed."), code="removed")
        scorecard = getattr(locked, "scorecard", None)
        locked.removed_at = timezone.now()
        locked.removed_by = by
        locked.removal_reason = reason
        locked.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        log(
            locked,
            "judging.assignment.remove",
            user=by,
            data={
                "judge": locked.judge_id,
                "nomination": locked.nomination_id,
                "round": locked.round_id,
                "reason": reason,
                "scorecard": _scorecard_record(scorecard),
            },
        )
    return locked


def assignment_restore(*, assignment: Assignment, by) -> Assignment:
    """Undo a staff removal: the assignment, scorecard and scores come back exactly as they were."""
    with transaction.atomic():
        locked = (
            Assignment.all_objects.select_for_update(of=("self",)).filter(pk=assignment.pk).first()
        )
        if locked is None or locked.removed_at is None:
            raise ServiceError(_("This assignment is not removed."), code="not_removed")
        if ConflictDeclaration.objects.filter(
            judge_id=locked.judge_id,
            award_id=locked.round.award_id,
            council_id=locked.nomination.council_id,
        ).exists():
            raise ConflictOfInterest(
                _("The judge has since declared a conflict of interest with this entry's council."),
                code="conflict",
            )
        removed = {
            "removed_at": locked.removed_at.isoformat(),
            "removed_by": locked.removed_by_id,
            "reason": locked.removal_reason,
        }
        locked.removed_at = None
        locked.removed_by = None
        locked.removal_reason = ""
        locked.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        log(
            locked,
            "judging.assignment.restore",
            user=by,
            data={
                "judge": locked.judge_id,
                "nomination": locked.nomination_id,
                "round": locked.round_id,
                "removed": removed,
            },
        )
    return locked


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
    # A set-aside assignment fills no place: the entry gets another judge. Its judge is not chosen
    # again, being in `conflicts`.
    existing = list(
        Assignment.objects.filter(round=round).counting().values_list("judge_id", "nomination_id")
    )
    declared = ConflictDeclaration.objects.pairs(award=round.award)
    conflicts = [
        (judge_id, nomination.pk)
        for nomination in entries.values()
        for judge_id in judges
        if (judge_id, nomination.council_id) in declared
    ]
    # Staff took these judges off these entries: the gap is filled, but by someone else.
    conflicts += list(
        Assignment.all_objects.removed()
        .filter(round=round)
        .values_list("judge_id", "nomination_id")
    )
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
                lambda judge_id=judge_id, count=count: enqueue(
                    "send_assignment_notice", judge_id, round.pk, count
                )
            )
    report.added = len(result.new_pairs)
    report.short = {entries[n]: missing for n, missing in result.short.items()}
    report.by_judge = {judges[j]: count for j, count in counts.items()}
    return report
