"""What officers and partners see of the award, a module per concern: their nominations (list,
start, overview, check and submit, receipt, withdraw, print), each section of the form with its
autosave, the evidence, and the council's team.

Every write goes through awards.services; these views only read, validate input and report."""

from .evidence import evidence_download, evidence_remove, evidence_restore, nomination_evidence
from .memberships import council_team, membership_decide, membership_request
from .nominations import (
    nomination_check,
    nomination_list,
    nomination_overview,
    nomination_print,
    nomination_receipt,
    nomination_reopen_withdrawn,
    nomination_start,
    nomination_withdraw,
)
from .sections import nomination_section, nomination_section_autosave

__all__ = [
    "council_team",
    "evidence_download",
    "evidence_remove",
    "evidence_restore",
    "membership_decide",
    "membership_request",
    "nomination_check",
    "nomination_evidence",
    "nomination_list",
    "nomination_overview",
    "nomination_print",
    "nomination_receipt",
    "nomination_reopen_withdrawn",
    "nomination_section",
    "nomination_section_autosave",
    "nomination_start",
    "nomination_withdraw",
]
