import logging
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from home.error_pages import came_from
from home.errors import ServiceError
from home.permissions import is_award_staff

from . import evidence_types, permissions, selectors, services
from .forms import (
    EvidenceUploadForm,
    StartNominationForm,
)
from .models import Council, CouncilMembership, Evidence, Nomination

logger = logging.getLogger(__name__)


def _nomination_or_404(
    request, uuid, section: str | None = None, *, for_submit: bool = False
) -> Nomination:
    # 404, not 403: another council's nomination must not be seen to exist.
    try:
        if for_submit:
            nomination = selectors.nomination_for_submit(uuid=uuid)
        elif section is None:
            nomination = selectors.nomination_for_edit(uuid=uuid)
        else:
            nomination = selectors.nomination_for_section(uuid=uuid, section=section)
    except Nomination.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_view_nomination(request.user, nomination):
        raise Http404
    return nomination


@dataclass
class Task:
    slug: str
    title: str
    status: str = "not_started"
    url: str = ""

    STATUS_LABELS = {
        "not_started": gettext_lazy("Not yet started"),
        "in_progress": gettext_lazy("In progress"),
        "completed": gettext_lazy("Completed"),
        "problem": gettext_lazy("There is a problem"),
        "cannot_start": gettext_lazy("Cannot start yet"),
    }

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status]


def _status(filled: bool, problem: bool = False, started: bool = False) -> str:
    if problem:
        return "problem"
    if filled:
        return "completed"
    return "in_progress" if started else "not_started"


def _tasks(nomination: Nomination) -> list[Task]:
    def url(slug):
        return reverse("awards:nomination_section", args=[nomination.uuid, slug])

    award = nomination.award
    about = [
        nomination.contact_name,
        nomination.contact_job_title,
        nomination.title,
        nomination.summary,
    ]
    summary_over = selectors.count_words(nomination.summary) > award.summary_word_limit
    partners = nomination.partner_organisations.all()
    declarations = [nomination.declaration_confirmed, nomination.contacts_consent]
    tasks = [
        Task(
            "about",
            _("About your organisation"),
            _status(all(v.strip() for v in about), summary_over, any(v.strip() for v in about)),
            url("about"),
        ),
        Task(
            "partnership",
            _("The partnership"),
            _status(bool(partners), started=bool(nomination.partners.strip())),
            url("partnership"),
        ),
    ]
    for row in selectors.statement_rows(nomination):
        tasks.append(
            Task(
                row.slug,
                _("Principle %(number)s: %(title)s")
                % {
                    "number": row.criterion.principle.number,
                    "title": row.criterion.principle.title,
                },
                _status(bool(row.text.strip()), row.over_limit),
                url(row.slug),
            )
        )
    tasks.append(
        Task(
            "evidence",
            _("Evidence"),
            _status(bool(nomination.evidence.all())),
            reverse("awards:nomination_evidence", args=[nomination.uuid]),
        )
    )
    tasks.append(
        Task(
            "declaration",
            _("Declarations and consent"),
            _status(
                all(declarations) and nomination.publication_consent is not None,
                started=any(declarations) or nomination.publication_consent is not None,
            ),
            url("declaration"),
        )
    )
    return tasks


@login_required
def nomination_list(request):
    councils = Council.objects.filter(pk__in=permissions.council_ids_for(request.user))
    award = selectors.current_award()
    start_form = StartNominationForm(councils=councils) if award and award.is_open() else None
    return render(
        request,
        "awards/nomination_list.html",
        {
            "nominations": selectors.nominations_for_user(user=request.user),
            "award": award,
            "start_form": start_form,
            "councils": councils,
            "pending_requests": request.user.council_memberships.filter(
                status=CouncilMembership.Status.REQUESTED
            ).select_related("council"),
        },
    )


@login_required
@require_POST
def nomination_start(request):
    councils = Council.objects.filter(pk__in=permissions.council_ids_for(request.user))
    form = StartNominationForm(request.POST, councils=councils)
    award = selectors.current_award()
    if award is None or not form.is_valid():
        messages.error(request, _("Choose the organisation you are nominating."))
        return redirect("awards:nomination_list")
    council = form.cleaned_data["council"]
    if not permissions.can_start_nomination(request.user, council, award):
        messages.error(request, _("Nominations are not open."))
        return redirect("awards:nomination_list")
    withdrawn = services.withdrawn_nomination_for(award=award, council=council)
    if withdrawn is not None and "blank" not in request.POST:
        # Everything the council wrote before withdrawing is still there: offer it back first.
        return render(
            request,
            "awards/nomination_start_withdrawn.html",
            {"nomination": withdrawn, "award": award, "council": council},
        )
    try:
        nomination = services.nomination_start(award=award, council=council, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("awards:nomination_list")
    return redirect("awards:nomination_overview", uuid=nomination.uuid)


@login_required
def nomination_overview(request, uuid):
    nomination = _nomination_or_404(request, uuid)
    if nomination.status != Nomination.Status.DRAFT:
        return redirect("awards:nomination_receipt", uuid=nomination.uuid)
    tasks = _tasks(nomination)
    ready = all(t.status == "completed" for t in tasks)
    check = Task(
        "check",
        _("Check your answers and submit"),
        "not_started" if ready else "cannot_start",
        reverse("awards:nomination_check", args=[nomination.uuid]) if ready else "",
    )
    return render(
        request,
        "awards/nomination_overview.html",
        {
            "nomination": nomination,
            "tasks": [*tasks, check],
            "sections": len(tasks),
            "ready": ready,
            "completed": sum(t.status == "completed" for t in tasks),
            "can_edit": permissions.can_edit_nomination(request.user, nomination),
            "co_editors": selectors.co_editors(nomination),
        },
    )


def _cannot_edit(request, nomination):
    if nomination.status == Nomination.Status.DRAFT and not nomination.accepts_changes():
        messages.error(
            request, _("The deadline has passed. This nomination can no longer be changed.")
        )
    return redirect(
        "awards:nomination_overview"
        if nomination.status == "draft"
        else "awards:nomination_receipt",
        uuid=nomination.uuid,
    )


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


@login_required
def nomination_check(request, uuid):
    nomination = _nomination_or_404(request, uuid, for_submit=request.method == "POST")
    if nomination.status != Nomination.Status.DRAFT:
        # A second click on "Submit" lands here after the first one went through.
        return redirect("awards:nomination_receipt", uuid=nomination.uuid)
    missing = []
    if request.method == "POST":
        if not permissions.can_submit_nomination(request.user, nomination):
            return _cannot_edit(request, nomination)
        try:
            services.nomination_submit(nomination=nomination, by=request.user)
        except services.NominationIncomplete as error:
            missing = error.missing
        except services.TransitionNotAllowed:
            return redirect("awards:nomination_receipt", uuid=nomination.uuid)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("awards:nomination_overview", uuid=nomination.uuid)
        else:
            return redirect("awards:nomination_receipt", uuid=nomination.uuid)
    else:
        missing = selectors.nomination_completeness(nomination).missing
    return render(
        request,
        "awards/nomination_check.html",
        {
            "nomination": nomination,
            "statements": selectors.statement_rows(nomination),
            "evidence_list": nomination.evidence.all(),
            "missing": missing,
            "submitted_attempt": request.method == "POST",
            "can_submit": permissions.can_submit_nomination(request.user, nomination),
        },
    )


@login_required
def nomination_receipt(request, uuid):
    nomination = _nomination_or_404(request, uuid)
    if nomination.status == Nomination.Status.DRAFT:
        return redirect("awards:nomination_overview", uuid=nomination.uuid)
    return render(
        request,
        "awards/nomination_receipt.html",
        {
            "nomination": nomination,
            "statements": selectors.statement_rows(nomination),
            "evidence_list": nomination.evidence.all(),
            "can_withdraw": permissions.can_withdraw_nomination(request.user, nomination),
        },
    )


@login_required
def nomination_withdraw(request, uuid):
    nomination = _nomination_or_404(request, uuid)
    if not permissions.can_withdraw_nomination(request.user, nomination):
        raise Http404
    if request.method == "POST":
        try:
            services.nomination_withdraw(nomination=nomination, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your nomination has been withdrawn."))
        return redirect("awards:nomination_list")
    return render(request, "awards/nomination_withdraw.html", {"nomination": nomination})


@login_required
@require_POST
def nomination_reopen_withdrawn(request, uuid):
    """The council takes back its withdrawn nomination, every answer as it was, as a draft."""
    nomination = _nomination_or_404(request, uuid)
    if (
        not permissions.is_officer_of(request.user, nomination.council_id)
        or nomination.status != Nomination.Status.WITHDRAWN
    ):
        raise Http404
    try:
        services.nomination_reopen_withdrawn(nomination=nomination, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("awards:nomination_list")
    messages.success(
        request, _("Your nomination is a draft again, with everything as you left it.")
    )
    return redirect("awards:nomination_overview", uuid=nomination.uuid)


@login_required
def nomination_print(request, uuid):
    """Every answer on one page, laid out for printing or saving as a PDF from the browser."""
    nomination = _nomination_or_404(request, uuid)
    return render(
        request,
        "awards/nomination_print.html",
        {
            "nomination": nomination,
            "statements": selectors.statement_rows(nomination),
            "evidence_list": nomination.evidence.all(),
        },
    )


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
