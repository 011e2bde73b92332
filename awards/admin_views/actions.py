from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.dates import format_datetime
from home.errors import ServiceError
from home.permissions import is_award_staff, is_editor

from .. import services
from ..forms.staff import ExtendDeadlineForm, IneligibleForm, ReinstateForm, ReopenForm
from ..models import Evidence, Nomination, ShowcaseStoryPage
from ..selectors import last_eligibility_mark
from .common import (
    NOMINATION_INDEX_URL,
    NOMINATION_INSPECT_URL,
    Status,
    _inspect_redirect,
    _nomination_for_staff,
    nominations_visible_to,
)


@require_POST
def nomination_mark_eligible(request, pk):
    nomination = _nomination_for_staff(request, pk)
    try:
        services.nomination_mark_eligibility(nomination=nomination, by=request.user, eligible=True)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(nomination)s is marked eligible.") % {"nomination": nomination}
        )
    return _inspect_redirect(nomination)


class NominationIneligibleView(WagtailAdminTemplateMixin, View):
    """GET: the reason form on its own page. POST: mark not eligible, or show the form again with
    the error and what was typed."""

    template_name = "awards/admin/nomination_ineligible.html"
    header_icon = "clipboard-list"
    page_title = gettext_lazy("Mark not eligible")

    def dispatch(self, request, pk):
        self.nomination = _nomination_for_staff(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.nomination)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(NOMINATION_INDEX_URL), "label": _("Nominations")},
            {"url": self.inspect_url, "label": str(self.nomination)},
            {"url": None, "label": self.get_page_title()},
        ]

    @property
    def inspect_url(self):
        return reverse(NOMINATION_INSPECT_URL, args=[self.nomination.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nomination=self.nomination, inspect_url=self.inspect_url, **kwargs
        )

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data(form=IneligibleForm()))

    def post(self, request, pk):
        form = IneligibleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The nomination has not been marked. Fix the error below."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.nomination_mark_eligibility(
                nomination=self.nomination,
                by=request.user,
                eligible=False,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            # Usually another member of staff got there first: show what they decided and why,
            # with this person's reason still in the field to add to theirs or copy.
            self.nomination.refresh_from_db()
            form.add_error(None, error.message)
            return self.render_to_response(
                self.get_context_data(form=form, already=last_eligibility_mark(self.nomination))
            )
        else:
            messages.success(
                request,
                _("%(nomination)s is marked not eligible.") % {"nomination": self.nomination},
            )
        return _inspect_redirect(self.nomination)


class NominationFormActionView(NominationIneligibleView):
    """A staff action with a form on its own page: extend the deadline, reopen for edits."""

    template_name = "awards/admin/nomination_action.html"
    form_class = None
    submit_label = ""
    url_name = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submit_label=self.submit_label,
            action_url=reverse(f"awards_admin:{self.url_name}", args=[self.nomination.pk]),
            **kwargs,
        )

    def offered(self) -> bool:
        return True

    def get(self, request, pk):
        if not self.offered():
            messages.error(
                request,
                _("This nomination is %(status)s: that action is not available.")
                % {"status": self.nomination.get_status_display().lower()},
            )
            return _inspect_redirect(self.nomination)
        return self.render_to_response(self.get_context_data(form=self.form_class()))

    def post(self, request, pk):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.act(form.cleaned_data)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, message)
                return _inspect_redirect(self.nomination)
        messages.error(request, _("Nothing has changed yet. Fix the error below."))
        return self.render_to_response(self.get_context_data(form=form))


class NominationExtendView(NominationFormActionView):
    page_title = gettext_lazy("Extend the deadline")
    form_class = ExtendDeadlineForm
    submit_label = gettext_lazy("Extend the deadline")
    url_name = "nomination_extend"

    def offered(self):
        return self.nomination.status in Nomination.UNCHECKED

    def act(self, data):
        services.nomination_extend_deadline(
            nomination=self.nomination,
            by=self.request.user,
            until=data["until"],
            reason=data["reason"],
        )
        return _("%(nomination)s now closes at %(time)s.") % {
            "nomination": self.nomination,
            "time": format_datetime(data["until"]),
        }


class NominationReopenView(NominationFormActionView):
    page_title = gettext_lazy("Reopen for edits")
    form_class = ReopenForm
    submit_label = gettext_lazy("Reopen for edits")
    url_name = "nomination_reopen"

    def offered(self):
        return self.nomination.status == Status.SUBMITTED

    def act(self, data):
        services.nomination_reopen(
            nomination=self.nomination,
            by=self.request.user,
            reason=data["reason"],
            until=data["until"],
        )
        return _("%(nomination)s is a draft again: the council has been told what to change.") % {
            "nomination": self.nomination
        }


class NominationReinstateView(NominationFormActionView):
    page_title = gettext_lazy("Reinstate the withdrawn nomination")
    form_class = ReinstateForm
    submit_label = gettext_lazy("Reinstate")
    url_name = "nomination_reinstate"

    def offered(self):
        return self.nomination.status == Status.WITHDRAWN

    def act(self, data):
        reinstated = services.nomination_reinstate(
            nomination=self.nomination,
            by=self.request.user,
            reason=data["reason"],
            to=None if data["to"] == "previous" else data["to"],
        )
        return _("%(nomination)s is reinstated: it is %(status)s again, everything as it was.") % {
            "nomination": reinstated,
            "status": reinstated.get_status_display().lower(),
        }


@require_POST
def evidence_restore(request, pk, evidence_uuid):
    """Staff put back a file the council removed, while it is still kept."""
    nomination = _nomination_for_staff(request, pk)
    evidence = get_object_or_404(
        Evidence.all_objects.removed(), nomination=nomination, uuid=evidence_uuid
    )
    evidence.nomination = nomination
    try:
        services.evidence_restore(evidence=evidence, by=request.user, staff=True)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s is part of the nomination again.") % {"name": evidence}
        )
    return _inspect_redirect(nomination)


@require_POST
def nomination_create_story(request, pk):
    if not is_editor(request.user):
        raise PermissionDenied
    nomination = get_object_or_404(
        nominations_visible_to(request.user, Nomination.objects.select_related("award", "council")),
        pk=pk,
    )
    existed = ShowcaseStoryPage.objects.filter(source_nomination=nomination).exists()
    try:
        story = services.story_create_from_nomination(nomination=nomination, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        if is_award_staff(request.user) or nomination.status in Nomination.RECOGNISED:
            return _inspect_redirect(nomination)
        return redirect(NOMINATION_INDEX_URL)
    if existed:
        messages.info(request, _("This nomination already has a showcase story: here it is."))
    else:
        messages.success(
            request,
            _(
                "Draft showcase story created from %(nomination)s. "
                "Edit it, then send it for moderation."
            )
            % {"nomination": nomination},
        )
    return redirect("wagtailadmin_pages:edit", story.pk)
