"""Joining a council or health body: asking to join, and colleagues approving or declining requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.errors import ServiceError

from .. import memberships, permissions, selectors
from ..forms import MembershipRequestForm
from ..models import CouncilMembership


@login_required
def membership_request(request):
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = memberships.membership_request(
            user=request.user,
            council=form.cleaned_data["council"],
            message=form.cleaned_data["message"],
        )
        if membership.status == CouncilMembership.Status.APPROVED:
            messages.info(
                request,
                _("You are already a member of %(council)s.") % {"council": membership.council},
            )
        elif membership.from_removed_member:
            messages.success(
                request,
                _(
                    "Your request to join %(council)s has been sent to the award team, who "
                    "removed you from it before. We will email you if they approve it."
                )
                % {"council": membership.council},
            )
        else:
            messages.success(
                request,
                _(
                    "Your request to join %(council)s has been sent. We will email you when a "
                    "colleague or the award team approves it."
                )
                % {"council": membership.council},
            )
        return redirect("awards:nomination_list")
    return render(request, "awards/membership_request.html", {"form": form})


@login_required
def council_team(request):
    council_ids = permissions.council_ids_for(request.user)
    if not council_ids:
        return redirect("awards:membership_request")
    team = list(selectors.council_team(council_ids=council_ids))
    return render(
        request,
        "awards/council_team.html",
        {
            "members": [m for m in team if m.status == CouncilMembership.Status.APPROVED],
            "requests": [m for m in team if m.status == CouncilMembership.Status.REQUESTED],
        },
    )


@login_required
@require_POST
def membership_decide(request, pk, decision):
    membership = CouncilMembership.objects.select_related("user", "council").filter(pk=pk).first()
    if (
        membership is None
        or decision not in {"approve", "decline"}
        or not permissions.is_officer_of(request.user, membership.council_id)
    ):
        raise Http404
    try:
        if decision == "approve":
            memberships.membership_approve(membership=membership, by=request.user)
            messages.success(
                request,
                _("%(person)s can now work on %(council)s's nominations.")
                % {"person": membership.user.email, "council": membership.council},
            )
        else:
            memberships.membership_decline(membership=membership, by=request.user)
            messages.success(
                request,
                _("You declined %(person)s's request.") % {"person": membership.user.email},
            )
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("awards:council_team")
