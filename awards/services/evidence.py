import hashlib
import os
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.errors import ServiceError

from .. import evidence_types
from ..models import (
    Evidence,
    Nomination,
)
from .common import (
    STORAGE_ERRORS,
    EvidenceRejected,
    StorageUnavailable,
    _check_accepts_changes,
    logger,
)


def evidence_add(
    *, nomination: Nomination, by, uploaded_file, description: str = "", criteria=()
) -> Evidence:
    """Check and store one evidence file privately. Nothing is stored when a check fails."""
    _check_accepts_changes(nomination)
    award = nomination.award
    if nomination.evidence.count() >= award.max_files:
        raise EvidenceRejected(
            _("You can upload up to %(count)s files. Remove one before adding another.")
            % {"count": award.max_files},
            code="too_many",
        )
    if uploaded_file.size == 0:
        raise EvidenceRejected(_("The selected file is empty"), code="empty")
    if uploaded_file.size > award.max_file_size_mb * 1024 * 1024:
        raise EvidenceRejected(
            _("The selected file must be smaller than %(size)s MB")
            % {"size": award.max_file_size_mb},
            code="too_large",
        )
    evidence_type = evidence_types.sniff(uploaded_file)
    if evidence_type is None:
        raise EvidenceRejected(evidence_types.allowed_types_sentence(), code="type")
    problem = evidence_types.structure_problem(uploaded_file, evidence_type)
    if problem:
        raise EvidenceRejected(problem, code="structure")
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    # Only the last path segment of what the browser sent, printable characters only, for display.
    original_name = "".join(
        ch for ch in os.path.basename(uploaded_file.name.replace("\\", "/")) if ch.isprintable()
    )
    original_name = original_name[-200:] or "evidence"
    evidence = Evidence(
        nomination=nomination,
        original_name=original_name,
        description=description,
        content_type=evidence_type.mime_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    duplicate = _recent_duplicate(nomination, evidence.sha256, by)
    if duplicate:
        return duplicate
    try:
        evidence.file.save("evidence", uploaded_file, save=False)
    except STORAGE_ERRORS as error:
        logger.warning("Evidence storage unavailable for nomination %s: %r", nomination.pk, error)
        raise StorageUnavailable(
            _("The file could not be saved. Try again."), code="storage"
        ) from error
    try:
        with transaction.atomic():
            Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
            duplicate = _recent_duplicate(nomination, evidence.sha256, by)
            if duplicate:
                # The other click of a double click got here first: keep its copy only.
                evidence.file.storage.delete(evidence.file.name)
                return duplicate
            evidence.save()
            if criteria:
                evidence.criteria.set(criteria)
            log(
                nomination,
                "awards.evidence.add",
                user=by,
                data=evidence_log_data(evidence),
            )
    except BaseException:
        # No stored object without its row: the database refused, so the file goes too.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


# The same bytes uploaded again this soon by the same person is a double click or a resubmitted form.
DUPLICATE_UPLOAD_WINDOW = timedelta(minutes=2)


def _recent_duplicate(nomination, sha256: str, by) -> Evidence | None:
    return (
        Evidence.objects.filter(
            nomination=nomination,
            sha256=sha256,
            uploaded_by=by,
            uploaded_at__gte=timezone.now() - DUPLICATE_UPLOAD_WINDOW,
        )
        .order_by("pk")
        .first()
    )


# Removed evidence keeps its file this long, for the officer's undo and for staff to restore; then
# awards.privacy.erase_removed_evidence (run by erase_expired_personal_data) deletes it for good.
REMOVED_EVIDENCE_KEEP_DAYS = 30


def evidence_log_data(evidence: Evidence) -> dict:
    """What the history says about a file: enough to know which one it was once it has gone."""
    return {
        "evidence": str(evidence.uuid),
        "name": evidence.original_name,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "principles": sorted(c.principle.number for c in evidence.criteria.all()),
    }


def evidence_remove(*, evidence: Evidence, by) -> Evidence:
    """Take a file out of the nomination. It is kept, hidden, for REMOVED_EVIDENCE_KEEP_DAYS."""
    _check_accepts_changes(evidence.nomination)
    with transaction.atomic():
        updated = Evidence.objects.filter(pk=evidence.pk).update(
            removed_at=timezone.now(), removed_by=by
        )
        if updated:
            evidence.refresh_from_db(fields=["removed_at", "removed_by"])
            log(
                evidence.nomination,
                "awards.evidence.remove",
                user=by,
                data=evidence_log_data(evidence),
            )
    return evidence


def removed_evidence_restorable_until(evidence: Evidence):
    return evidence.removed_at + timedelta(days=REMOVED_EVIDENCE_KEEP_DAYS)


def evidence_restore(*, evidence: Evidence, by, staff: bool = False) -> Evidence:
    """Put a removed file back. The officer's undo needs a draft that still accepts changes; staff
    may restore at any status, while the file is still kept."""
    nomination = evidence.nomination
    if not staff:
        _check_accepts_changes(nomination)
    with transaction.atomic():
        Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        locked = Evidence.all_objects.select_for_update().get(pk=evidence.pk)
        if locked.removed_at is None:
            return locked
        if timezone.now() >= removed_evidence_restorable_until(locked):
            raise ServiceError(
                _("%(name)s was removed more than %(days)s days ago and cannot be restored.")
                % {"name": locked.original_name, "days": REMOVED_EVIDENCE_KEEP_DAYS},
                code="evidence_expired",
            )
        if nomination.evidence.count() >= nomination.award.max_files:
            raise EvidenceRejected(
                _("You can upload up to %(count)s files. Remove one before restoring %(name)s.")
                % {"count": nomination.award.max_files, "name": locked.original_name},
                code="too_many",
            )
        locked.removed_at = None
        locked.removed_by = None
        locked.save(update_fields=["removed_at", "removed_by"])
        log(nomination, "awards.evidence.restore", user=by, data=evidence_log_data(locked))
    return locked
