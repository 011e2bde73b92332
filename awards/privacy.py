"""Personal data: erasing it when the retention period runs out, a person's own copy, and deleting an
account. What counts as personal, and for how long it is kept, is set out on the privacy notice (/privacy/).

Erasure leaves an anonymous record: the council, award year, status, reference, title, scores,
decisions and the audit trail stay, so results and statistics still add up.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from home import audit_chain
from home.errors import ServiceError
from home.permissions import is_privileged

from .models import (
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    ShowcaseStoryPage,
)
from .permissions import can_view_nomination
from .services import REMOVED_EVIDENCE_KEEP_DAYS, STORAGE_ERRORS, evidence_log_data

logger = logging.getLogger(__name__)

# Always personal: who to contact and how.
CONTACT_FIELDS = {"contact_name": "", "contact_job_title": "", "contact_phone": ""}
# Free text officers wrote, which often names people; kept only where it was published with consent.
FREE_TEXT_FIELDS = {"summary": "", "partners": ""}


def retention_cutoff(now=None):
    now = now or timezone.now()
    return now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def nominations_past_retention(now=None):
    """Nominations whose award closed longer ago than the retention period and not yet erased."""
    return (
        Nomination.objects.filter(
            award__closes_at__lt=retention_cutoff(now), personal_data_erased_at__isnull=True
        )
        .select_related("award", "council")
        .order_by("pk")
    )


def published_with_consent(nomination: Nomination) -> bool:
    return (
        nomination.publication_consent is True
        and ShowcaseStoryPage.objects.live().filter(source_nomination=nomination).exists()
    )


@dataclass
class Erasure:
    nomination: Nomination
    published: bool
    evidence_files: int


def nomination_erase_personal_data(*, nomination: Nomination, by=None) -> Erasure:
    """Erase one nomination's personal data. Evidence files go from storage first: if storage cannot
    be reached nothing is changed, and the next run tries again."""
    evidence = list(Evidence.all_objects.filter(nomination=nomination))
    for item in evidence:
        try:
            item.file.storage.delete(item.file.name)
        except STORAGE_ERRORS as error:
            raise ServiceError(
                _("Evidence storage could not be reached; nothing was erased."), code="storage"
            ) from error
    published = published_with_consent(nomination)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        fields = {**CONTACT_FIELDS, "created_by": None, "submitted_by": None}
        if not published:
            fields |= FREE_TEXT_FIELDS
            NominationStatement.objects.filter(nomination=locked).update(text="")
        PartnerOrganisation.objects.filter(nomination=locked).update(
            contact_name="", contact_email="", contact_phone=""
        )
        Evidence.all_objects.filter(pk__in=[item.pk for item in evidence]).delete()
        Nomination.objects.filter(pk=locked.pk).update(
            personal_data_erased_at=timezone.now(), **fields
        )
        locked.refresh_from_db()
        log(
            locked,
            "awards.nomination.erase",
            user=by,
            data={"evidence_files": len(evidence), "published_text_kept": published},
        )
    return Erasure(nomination=locked, published=published, evidence_files=len(evidence))


def removed_evidence_past_keeping(now=None):
    """Evidence removed from its nomination longer ago than REMOVED_EVIDENCE_KEEP_DAYS."""
    now = now or timezone.now()
    return (
        Evidence.all_objects.filter(removed_at__lt=now - timedelta(days=REMOVED_EVIDENCE_KEEP_DAYS))
        .select_related("nomination")
        .order_by("pk")
    )


def erase_removed_evidence(*, evidence: Evidence, by=None) -> None:
    """Delete a removed file for good: from storage first (if it cannot be reached nothing changes and
    the next run tries again), then its row. The history keeps its name, size and checksum."""
    try:
        evidence.file.storage.delete(evidence.file.name)
    except STORAGE_ERRORS as error:
        raise ServiceError(
            _("Evidence storage could not be reached; nothing was erased."), code="storage"
        ) from error
    data = evidence_log_data(evidence)
    with transaction.atomic():
        Evidence.all_objects.filter(pk=evidence.pk).delete()
        log(evidence.nomination, "awards.evidence.erase", user=by, data=data)


# --- a person's own data -----------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def _nomination_in_full(n: Nomination, user) -> dict:
    return {
        **_authorship(n, user),
        "status": n.status,
        "title": n.title,
        "summary": n.summary,
        "lead_contact": {
            "name": n.contact_name,
            "job_title": n.contact_job_title,
            "telephone": n.contact_phone,
        },
        "partnership": n.partners,
        "partner_organisations": [
            {
                "name": p.name,
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
                "contact_phone": p.contact_phone,
            }
            for p in n.partner_organisations.all()
        ],
        "statements": {s.criterion.principle.title: s.text for s in n.statements.all() if s.text},
        "created": _when(n.created_at),
        "submitted": _when(n.submitted_at),
    }


def _authorship(n: Nomination, user) -> dict:
    started, submitted = n.created_by_id == user.pk, n.submitted_by_id == user.pk
    return {
        "reference": n.reference,
        "award_year": n.award.year,
        "organisation": n.council.name,
        "you_started_it": started,
        "you_submitted_it": submitted,
        "created": _when(n.created_at) if started else None,
        "submitted": _when(n.submitted_at) if submitted else None,
    }


def _nomination_after_access_ended(n: Nomination, user, saves: list) -> dict:
    """A nomination of an organisation `user` no longer belongs to (removed, or left).

    Its text is the organisation's, and colleagues may have rewritten all of it since, with other
    people's names and telephone numbers: the site keeps no revisions of a nomination, so what this
    person wrote cannot be told apart from what was written after they lost access. So the copy holds
    their part as it was recorded at the time, and nothing of the nomination as it is now: that they
    started or submitted it (and when), and each save they made (when, and which answers), from the
    audit log. Their evidence files and their whole audit trail are listed in their own sections."""
    return {
        **_authorship(n, user),
        "your_access": "ended",
        "your_saves": [
            {
                "when": _when(entry.timestamp),
                "answers": (entry.data or {}).get("fields", []),
                "principle_statements": (entry.data or {}).get("statements", 0),
                "partner_organisations": (entry.data or {}).get("partners"),
            }
            for entry in saves
        ],
    }


def user_data_export(*, user) -> dict:
    """Everything the award holds about `user`, as JSON-ready data (their 'subject access' copy).

    Nominations appear in full only while the person can still see them (see
    _nomination_after_access_ended for the others)."""
    nominations = (
        Nomination.objects.filter(Q(created_by=user) | Q(submitted_by=user))
        .select_related("award", "council")
        .prefetch_related("partner_organisations", "statements__criterion__principle")
        .order_by("pk")
    )
    memberships = CouncilMembership.objects.filter(user=user).select_related("council")
    entries = [
        *ModelLogEntry.objects.filter(user_id=user.pk).select_related("content_type"),
        *PageLogEntry.objects.filter(user_id=user.pk).select_related("content_type"),
    ]
    nomination_type = ContentType.objects.get_for_model(Nomination)
    saves = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.timestamp):
        if entry.content_type_id == nomination_type.pk and entry.action == "wagtail.edit":
            saves[entry.object_id].append(entry)
    return {
        "account": {
            "email": user.email,
            "name": user.get_full_name(),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified}
                for address in user.emailaddress_set.all()
            ],
        },
        "memberships": [
            {
                "organisation": m.council.name,
                "status": m.status,
                "message": m.message,
                "requested": _when(m.created_at),
                "decided": _when(m.decided_at),
                "removed": _when(m.removed_at),
            }
            for m in memberships
        ],
        "nominations": [
            _nomination_in_full(n, user)
            if can_view_nomination(user, n)
            else _nomination_after_access_ended(n, user, saves[str(n.pk)])
            for n in nominations
        ],
        "evidence_you_uploaded": [
            {
                "nomination": e.nomination.reference or str(e.nomination.uuid),
                "file_name": e.original_name,
                "uploaded": _when(e.uploaded_at),
                "removed": _when(e.removed_at),
            }
            for e in Evidence.all_objects.filter(uploaded_by=user).select_related("nomination")
        ],
        "audit_log": sorted(
            (
                {
                    "action": entry.action,
                    "about": f"{entry.content_type.name}: {entry.label}",
                    "when": _when(entry.timestamp),
                }
                for entry in entries
            ),
            key=lambda row: row["when"],
        ),
    }


def can_delete_own_account(user) -> bool:
    """Officers delete their own accounts; judges, staff and editors hold scores and decisions that
    the award must keep, so the award team closes those accounts. Who counts is
    home.permissions.is_privileged, the same people who need a second factor."""
    return not is_privileged(user)


def account_delete(*, user) -> None:
    """Delete an officer's account. Nominations stay with the council: who started, submitted or
    uploaded to them becomes nobody (the foreign keys are SET_NULL); memberships go with the account,
    and the audit log's entries about them lose the person's name and email (the chained record of
    what happened stays, see home/audit_chain.py).

    The admin refuses to delete people with nominations (they are deactivated there instead); this
    is the one way an officer's account goes, at their own request. Records that must outlive the
    account (a former judge's scores) are PROTECTed, and then nothing is deleted."""
    if not can_delete_own_account(user):
        raise ServiceError(
            _("Judges and award staff cannot delete their own accounts. Ask the award team."),
            code="privileged",
        )
    try:
        with transaction.atomic():
            _erase_membership_log(user)
            user.delete()
    except ProtectedError as error:
        raise ServiceError(
            _(
                "Your account holds records the award must keep, such as judging scores, so it "
                "cannot be deleted here. Ask the award team to close it."
            ),
            code="protected",
        ) from error


def _erase_membership_log(user) -> int:
    # A membership's log entries carry the person in their label; a removed or declined one's also
    # in data["person"], and the membership itself is gone by then.
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CouncilMembership)
    )
    ids = {
        str(pk) for pk in CouncilMembership.objects.filter(user=user).values_list("pk", flat=True)
    }
    emails = {user.email, *user.emailaddress_set.values_list("email", flat=True)} - {""}
    ids |= set(entries.filter(data__person__in=emails).values_list("object_id", flat=True))
    return audit_chain.erase_personal_parts(entries.filter(object_id__in=ids))
