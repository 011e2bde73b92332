from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.errors import ServiceError

from .. import permissions, selectors, services
from ..forms import (
    StartNominationForm,
)
from ..models import Council, CouncilMembership, Nomination
from .common import Task, _cannot_edit, _nomination_or_404, _tasks


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
