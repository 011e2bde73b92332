"""Factories for tests: `from tests.factories import NominationFactory, submitted_nomination, pdf_file`."""

from .awards import (
    AwardPageFactory,
    CouncilFactory,
    MembershipFactory,
    NominationFactory,
    announce_results,
    eligible_nomination,
    submitted_nomination,
)
from .files import pdf_bytes, pdf_file
from .judging import RoundFactory, assignment
from .showcase import moderator_user, png_file, site_image, story_page
from .users import (
    PASSWORD,
    UserFactory,
    council_of,
    editor_user,
    judge_user,
    officer_user,
    staff_user,
)

__all__ = [
    "PASSWORD",
    "AwardPageFactory",
    "CouncilFactory",
    "MembershipFactory",
    "NominationFactory",
    "RoundFactory",
    "UserFactory",
    "announce_results",
    "assignment",
    "council_of",
    "editor_user",
    "eligible_nomination",
    "judge_user",
    "moderator_user",
    "officer_user",
    "pdf_bytes",
    "pdf_file",
    "png_file",
    "site_image",
    "staff_user",
    "story_page",
    "submitted_nomination",
]
