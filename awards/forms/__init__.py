"""The award's forms, a module per concern: the sections of a nomination (nominations), the
showcase's filters, a request to join a council, and the forms behind award staff's actions (staff).

Everything is importable from `awards.forms`."""

from .memberships import MembershipRequestForm
from .nominations import (
    MAX_TEXT_CHARS,
    AboutForm,
    BasePartnerFormSet,
    DeclarationForm,
    EvidenceUploadForm,
    PartnerForm,
    PartnerFormSet,
    PartnershipForm,
    StartNominationForm,
    StatementForm,
    VersionedForm,
    word_limit_warnings,
)
from .showcase import ShowcaseFilterForm
from .staff import DeadlineField, ExtendDeadlineForm, IneligibleForm, ReinstateForm, ReopenForm

__all__ = [
    "MAX_TEXT_CHARS",
    "AboutForm",
    "BasePartnerFormSet",
    "DeadlineField",
    "DeclarationForm",
    "EvidenceUploadForm",
    "ExtendDeadlineForm",
    "IneligibleForm",
    "MembershipRequestForm",
    "PartnerForm",
    "PartnerFormSet",
    "PartnershipForm",
    "ReinstateForm",
    "ReopenForm",
    "ShowcaseFilterForm",
    "StartNominationForm",
    "StatementForm",
    "VersionedForm",
    "word_limit_warnings",
]
