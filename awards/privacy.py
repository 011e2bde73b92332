"""Personal data: erasing it when the retention period runs out, a person's own copy, and deleting an
account. What counts as personal, and for how long it is kept, is set out on the privacy notice (/privacy/).

Erasure leaves an anonymous record: the council, award year, status, reference, title, scores,
decisions and the audit trail stay, so results and statistics still add up.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from home.errors import ServiceError
from home.permissions import is_editor, is_judge

from .models import (
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    ShowcaseStoryPage,
)
from .services import REMOVED_EVIDENCE_KEEP_DAYS, STORAGE_ERRORS

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
    with transaction.atomic():
        Evidence.all_objects.filter(pk=evidence.pk).delete()
        log(
            evidence.nomination,
            "awards.evidence.erase",
            user=by,
            data={
                "evidence": str(evidence.uuid),
                "name": evidence.original_name,
                "size": evidence.size,
                "sha256": evidence.sha256,
            },
        )


# --- a person's own data -----------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def user_data_export(*, user) -> dict:
    """Everything the award holds about `user`, as JSON-ready data (their 'subject access' copy)."""
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
            }
            for m in memberships
        ],
        "nominations": [
            {
                "reference": n.reference,
                "award_year": n.award.year,
                "organisation": n.council.name,
                "status": n.status,
                "you_started_it": n.created_by_id == user.pk,
                "you_submitted_it": n.submitted_by_id == user.pk,
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
                "statements": {
                    s.criterion.principle.title: s.text for s in n.statements.all() if s.text
                },
                "created": _when(n.created_at),
                "submitted": _when(n.submitted_at),
            }
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
    the award must keep, so the award team closes those accounts."""
    return not (
        user.is_superuser
        or is_judge(user)
        or is_editor(user)
        or user.has_perm("wagtailadmin.access_admin")
    )


def account_delete(*, user) -> None:
    """Delete an officer's account. Nominations stay with the council: who started, submitted or
    uploaded to them becomes nobody (the foreign keys are SET_NULL); memberships go with the account."""
    if not can_delete_own_account(user):
        raise ServiceError(
            _("Judges and award staff cannot delete their own accounts. Ask the award team."),
            code="privileged",
        )
    with transaction.atomic():
        user.delete()
