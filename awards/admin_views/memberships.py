from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.views import InspectView

from home.errors import ServiceError
from home.permissions import is_award_staff

from .. import memberships
from ..models import CouncilMembership


class MembershipInspectView(InspectView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            membership=self.instance,
            can_decide=self.instance.status == CouncilMembership.Status.REQUESTED,
            can_remove=self.instance.status == CouncilMembership.Status.APPROVED,
            can_restore=self.instance.removed_at is not None
            and self.instance.status != CouncilMembership.Status.APPROVED,
            **kwargs,
        )


MEMBERSHIP_ACTIONS = {
    "approve": (memberships.membership_approve, gettext_lazy("%(person)s has joined %(council)s.")),
    "decline": (
        memberships.membership_decline,
        gettext_lazy("%(person)s's request has been declined."),
    ),
    "remove": (
        memberships.membership_remove,
        gettext_lazy(
            "%(person)s has been removed from %(council)s. They will not rejoin by signing in "
            "until you restore them."
        ),
    ),
    "restore": (
        memberships.membership_restore,
        gettext_lazy("%(person)s is a member of %(council)s again."),
    ),
}


# Taking someone's access away, or giving it back after a removal, is asked again on a page of its
# own; approving or declining a request is one click, as on the team page.
CONFIRMED_ACTIONS = {"remove", "restore"}


class MembershipDecideView(WagtailAdminTemplateMixin, View):
    """GET (remove and restore only): "Are you sure?". POST: do it, through awards.memberships."""

    template_name = "awards/admin/membership_confirm.html"
    header_icon = "user"

    def dispatch(self, request, pk, decision):
        if request.method not in {"GET", "POST"} or (
            request.method == "GET" and decision not in CONFIRMED_ACTIONS
        ):
            return self.http_method_not_allowed(request)
        if not is_award_staff(request.user) or decision not in MEMBERSHIP_ACTIONS:
            raise PermissionDenied
        self.membership = get_object_or_404(
            CouncilMembership.objects.select_related("user", "council"), pk=pk
        )
        self.decision = decision
        return super().dispatch(request, pk, decision)

    def get_page_title(self):
        if self.decision == "restore":
            return _("Restore member")
        return _("Remove member")

    def get_page_subtitle(self):
        return self.membership.user.email

    @property
    def inspect_url(self):
        return reverse("awards_councilmembership_modeladmin_inspect", args=[self.membership.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            membership=self.membership,
            decision=self.decision,
            inspect_url=self.inspect_url,
            **kwargs,
        )

    def get(self, request, pk, decision):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk, decision):
        service, message = MEMBERSHIP_ACTIONS[decision]
        membership = self.membership
        try:
            service(membership=membership, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            if CouncilMembership.objects.filter(pk=membership.pk).exists():
                return redirect(self.inspect_url)
            return redirect("awards_councilmembership_modeladmin_index")
        messages.success(
            request, message % {"person": membership.user.email, "council": membership.council}
        )
        return redirect("awards_councilmembership_modeladmin_index")
