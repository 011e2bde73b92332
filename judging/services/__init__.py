"""Every write in judging: conflicts of interest, assignments and allocation, scorecards and their
transitions, reminders, decisions and the feedback councils read. Emails go out after commit.

A package of modules by concern; everything public is importable from `judging.services`."""

from home.errors import ServiceError

from .announcements import (
    AnnouncementRefused,
    announcement_problem,
    results_announce,
    results_announcement_cancel,
)
from .assignments import (
    AllocationReport,
    assignment_confirm_no_conflict,
    assignment_create,
    assignment_remove,
    assignment_restore,
    conflict_declare,
    conflict_declare_on_opening,
    conflict_review_confirm,
    round_allocate,
)
from .common import ConflictOfInterest, ScorecardIncomplete, ScorecardLocked
from .decisions import (
    DecisionNeedsConfirmation,
    decision_record,
    feedback_release,
    feedback_withdraw,
    scorecards_share_comments,
    shortlist,
)
from .reminders import (
    reminders_send_due,
    send_assignment_notice,
    send_conflict_notice,
    send_feedback_notice,
    send_reminder,
)
from .scorecards import (
    SCORECARD_TRANSITIONS,
    scorecard_reopen,
    scorecard_save,
    scorecard_submit,
)

__all__ = [
    "SCORECARD_TRANSITIONS",
    "AllocationReport",
    "AnnouncementRefused",
    "ConflictOfInterest",
    "DecisionNeedsConfirmation",
    "ScorecardIncomplete",
    "ScorecardLocked",
    "ServiceError",
    "announcement_problem",
    "assignment_confirm_no_conflict",
    "assignment_create",
    "assignment_remove",
    "assignment_restore",
    "conflict_declare",
    "conflict_declare_on_opening",
    "conflict_review_confirm",
    "decision_record",
    "feedback_release",
    "feedback_withdraw",
    "reminders_send_due",
    "results_announce",
    "results_announcement_cancel",
    "round_allocate",
    "scorecard_reopen",
    "scorecard_save",
    "scorecard_submit",
    "scorecards_share_comments",
    "send_assignment_notice",
    "send_conflict_notice",
    "send_feedback_notice",
    "send_reminder",
    "shortlist",
]
