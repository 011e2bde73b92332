"""Every write that matters to a nomination, its evidence and its story, a module per concern:
common (the allowed transitions and the one function that moves a status), nominations (what a
council does), evidence, decisions (what award staff decide) and stories.

Nomination status moves only through `common._transition`: it checks the allowed-transition map,
locks the row, saves with update_fields, writes Wagtail's audit log and queues side effects after
commit. Everything public is importable from `awards.services`."""

from ..publishing import story_refuse_scheduled_publication
from .common import (
    ALLOWED_TRANSITIONS,
    STORAGE_ERRORS,
    ConcurrentEdit,
    DeadlinePassed,
    EvidenceRejected,
    NominationIncomplete,
    StorageUnavailable,
    TransitionNotAllowed,
)
from .decisions import (
    nomination_extend_deadline,
    nomination_mark_eligibility,
    nomination_reinstate,
    nomination_reopen,
    nomination_set_outcome,
)
from .evidence import (
    DUPLICATE_UPLOAD_WINDOW,
    REMOVED_EVIDENCE_KEEP_DAYS,
    evidence_add,
    evidence_log_data,
    evidence_remove,
    evidence_restore,
    removed_evidence_restorable_until,
)
from .nominations import (
    nomination_reopen_withdrawn,
    nomination_save,
    nomination_start,
    nomination_submit,
    nomination_withdraw,
    withdrawn_nomination_for,
)
from .stories import story_consent_problem, story_create_from_nomination

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DUPLICATE_UPLOAD_WINDOW",
    "REMOVED_EVIDENCE_KEEP_DAYS",
    "STORAGE_ERRORS",
    "ConcurrentEdit",
    "DeadlinePassed",
    "EvidenceRejected",
    "NominationIncomplete",
    "StorageUnavailable",
    "TransitionNotAllowed",
    "evidence_add",
    "evidence_log_data",
    "evidence_remove",
    "evidence_restore",
    "nomination_extend_deadline",
    "nomination_mark_eligibility",
    "nomination_reinstate",
    "nomination_reopen",
    "nomination_reopen_withdrawn",
    "nomination_save",
    "nomination_set_outcome",
    "nomination_start",
    "nomination_submit",
    "nomination_withdraw",
    "removed_evidence_restorable_until",
    "story_consent_problem",
    "story_create_from_nomination",
    "story_refuse_scheduled_publication",
    "withdrawn_nomination_for",
]
