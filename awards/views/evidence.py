from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from home.error_pages import came_from
from home.errors import ServiceError
from home.permissions import is_award_staff

from .. import evidence_types, permissions, selectors, services
from ..forms import (
    EvidenceUploadForm,
)
from ..models import Evidence, Nomination
from .common import _cannot_edit, _nomination_or_404, logger


def typed_evidence_rows(form) -> list[dict]:
    """An upload's description and principles as the officer chose them, to show back when the
    upload is refused for good (the deadline passed): the file itself is never kept."""
    data = form.data
    rows = []
    description = data.get("description", "").strip()
    if description:
        rows.append({"label": form.fields["description"].label, "value": description})
    chosen = set(data.getlist("criteria")) if hasattr(data, "getlist") else set()
    names = [label for value, label in form.fields["criteria"].choices if value in chosen]
    if names:
        rows.append(
            {"label": form.fields["criteria"].label, "value": "\n".join(names), "long": True}
        )
    return rows


@login_required
def nomination_evidence(request, uuid):
    nomination = _nomination_or_404(request, uuid)
    can_edit = permissions.can_edit_nomination(request.user, nomination)
    form = EvidenceUploadForm(award=nomination.award)
    typed_rows = []
    if request.method == "POST":
        form = EvidenceUploadForm(request.POST, request.FILES, award=nomination.award)
        if not can_edit:
            if not (
                permissions.is_officer_of(request.user, nomination.council_id)
                and nomination.status == Nomination.Status.DRAFT
            ):
                return _cannot_edit(request, nomination)
            # Too late to upload: say so on this page, with what they typed to copy and keep.
            messages.error(
                request,
                _("The deadline has passed. This nomination can no longer be changed.")
                + " "
                + _("Your file was not uploaded."),
            )
            typed_rows = typed_evidence_rows(form)
            form = EvidenceUploadForm(award=nomination.award)
        elif form.is_valid():
            try:
                evidence = services.evidence_add(
                    nomination=nomination,
                    by=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    criteria=[int(pk) for pk in form.cleaned_data["criteria"]],
                )
            except services.EvidenceRejected as error:
                form.add_error("file", error.message)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("%(name)s has been uploaded.") % {"name": evidence.original_name}
                )
                return redirect("awards:nomination_evidence", uuid=nomination.uuid)
    removed = []
    if can_edit:
        removed = (
            Evidence.all_objects.removed().filter(nomination=nomination).order_by("-removed_at")
        )
    return render(
        request,
        "awards/nomination_evidence.html",
        {
            "nomination": nomination,
            "form": form,
            "evidence_list": nomination.evidence.all(),
            "removed_list": removed,
            "can_edit": can_edit,
            "typed_rows": typed_rows,
        },
    )


def _evidence_of(nomination, evidence_uuid, *, removed: bool = False) -> Evidence:
    evidence = Evidence.all_objects.filter(
        nomination=nomination, uuid=evidence_uuid, removed_at__isnull=not removed
    ).first()
    if evidence is None:
        raise Http404
    evidence.nomination = nomination
    return evidence


@login_required
def evidence_remove(request, uuid, evidence_uuid):
    """A confirmation page first (a plain form, so it works without JavaScript); confirmed, the file
    is taken out of the nomination but kept, and the evidence page offers to restore it."""
    nomination = _nomination_or_404(request, uuid)
    evidence = _evidence_of(nomination, evidence_uuid)
    if not permissions.can_edit_nomination(request.user, nomination):
        return _cannot_edit(request, nomination)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.evidence_remove(evidence=evidence, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(name)s has been removed. You can restore it from ‘Removed files’ below "
                    "until you submit."
                )
                % {"name": evidence.original_name},
            )
        return redirect("awards:nomination_evidence", uuid=nomination.uuid)
    return render(
        request,
        "awards/evidence_remove.html",
        {"nomination": nomination, "evidence": evidence},
    )


@login_required
@require_POST
def evidence_restore(request, uuid, evidence_uuid):
    """The officer's undo of a removal, while the nomination is a draft that accepts changes."""
    nomination = _nomination_or_404(request, uuid)
    evidence = _evidence_of(nomination, evidence_uuid, removed=True)
    if not permissions.can_edit_nomination(request.user, nomination):
        return _cannot_edit(request, nomination)
    try:
        services.evidence_restore(evidence=evidence, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s has been restored.") % {"name": evidence.original_name}
        )
    return redirect("awards:nomination_evidence", uuid=nomination.uuid)


def evidence_download(request, uuid):
    # No sign-in redirect: to anyone who may not have it, a file answers 404 whether it exists or not.
    try:
        evidence = selectors.evidence_for_download(uuid=uuid)
    except Evidence.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_download_evidence(request.user, evidence):
        raise Http404
    if not permissions.is_officer_of(request.user, evidence.nomination.council_id):
        # Downloads by anyone outside the council (staff, judges) are part of the audit trail.
        log(
            evidence.nomination,
            "awards.evidence.download",
            user=request.user,
            data={"evidence": str(evidence.uuid)},
        )
    filename = evidence_types.download_name(evidence.original_name, evidence.content_type)
    if not (
        is_award_staff(request.user)
        or permissions.is_officer_of(request.user, evidence.nomination.council_id)
    ):
        # Judges get a neutral name: an original file name can reveal the council in a blind round.
        filename = (
            f"evidence-{evidence.uuid.hex[:8]}{evidence_types.extension_for(evidence.content_type)}"
        )
    try:
        stored = evidence.file.open("rb")
        stored.read(0)  # S3 fetches the object on first read: fail here, not mid-download
    except services.STORAGE_ERRORS as error:
        # A file the storage cannot give back (S3 down, or the object gone) is the service's fault,
        # never the person's: say so plainly, keep their way back, and leave the record untouched.
        logger.error("Evidence %s could not be fetched from storage: %r", evidence.uuid, error)
        response = render(
            request,
            "awards/evidence_unavailable.html",
            {
                "original_name": filename,
                "back_url": came_from(request),
            },
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=filename,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
