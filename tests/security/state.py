"""A fingerprint of everything a refused request must not change."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, User
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from awards.models import Council, CouncilMembership, Evidence, Nomination
from judging.models import Assignment, ConflictDeclaration, Decision, Round, Scorecard

WATCHED = (
    Nomination,
    Evidence,
    Council,
    CouncilMembership,
    Round,
    Assignment,
    Scorecard,
    ConflictDeclaration,
    Decision,
    Page,
    Revision,
    ModelLogEntry,
    PageLogEntry,
    User,
    Group,
    Authenticator,
)
# Changed by every sign-in or use of a code, refused or not.
UNWATCHED_FIELDS = {"last_login", "last_used_at"}


def fingerprint() -> frozenset:
    """Every row of the watched tables, as (model, values) pairs."""
    rows = set()
    for model in WATCHED:
        fields = [
            f.attname for f in model._meta.concrete_fields if f.attname not in UNWATCHED_FIELDS
        ]
        # The base manager: rows a default manager hides (removed assignments) are watched too.
        for values in model._base_manager.order_by().values_list(*fields):
            rows.add((model.__name__, tuple(str(v) for v in values)))
    return frozenset(rows)
