"""The award's records, a module per concern: the principles, the award and its criteria, councils and
who belongs to them, nominations with their statements, partners and evidence, and the showcase.

Everything is importable from `awards.models`, as the migrations and the rest of the site expect."""

from .award import AwardCriterion, AwardIndexPage, AwardPage
from .councils import Council, CouncilMembership
from .nominations import (
    CurrentEvidenceManager,
    Evidence,
    EvidenceQuerySet,
    Nomination,
    NominationQuerySet,
    NominationStatement,
    PartnerOrganisation,
    evidence_key,
)
from .principles import SCORE_LEVELS, Principle
from .showcase import ShowcaseIndexPage, ShowcaseStoryPage, ShowcaseStoryQuerySet

__all__ = [
    "SCORE_LEVELS",
    "AwardCriterion",
    "AwardIndexPage",
    "AwardPage",
    "Council",
    "CouncilMembership",
    "CurrentEvidenceManager",
    "Evidence",
    "EvidenceQuerySet",
    "Nomination",
    "NominationQuerySet",
    "NominationStatement",
    "PartnerOrganisation",
    "Principle",
    "ShowcaseIndexPage",
    "ShowcaseStoryPage",
    "ShowcaseStoryQuerySet",
    "evidence_key",
]
