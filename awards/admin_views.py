"""Wagtail admin glue for nominations: who may see what in modeladmin, the inspect view, and the
action views behind its buttons. Every change of state goes through awards.services."""

from django import forms
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import HistoryView, IndexView, InspectView

from home.errors import ServiceError
from home.permissions import is_award_staff, is_editor

from . import memberships, services
from .models import Council, CouncilMembership, Evidence, Nomination, ShowcaseStoryPage
from .permissions import can_mark_eligibility
from .selectors import last_eligibility_mark, nomination_for_edit, statement_rows

Status = Nomination.Status
STORY_STATUSES = frozenset({Status.WINNER, Status.HIGHLY_COMMENDED})

NOMINATION_INDEX_URL = "awards_nomination_modeladmin_index"
NOMINATION_INSPECT_URL = "awards_nomination_modeladmin_inspect"
NOMINATION_HISTORY_URL = "awards_nomination_modeladmin_history"


# --- Permission helpers: the role predicates decide, never Django model permissions alone. ---


class StaffOnlyPermissionHelper(PermissionHelper):
    """Award staff may do everything the ModelAdmin offers; nobody else anything."""

    def user_can_list(self, user):
        return is_award_staff(user)

    def user_can_create(self, user):
        return is_award_staff(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and is_award_staff(user)

    def user_can_edit_obj(self, user, obj):
        return is_award_staff(user)

    def user_can_delete_obj(self, user, obj):
        return is_award_staff(user)


class ReadOnlyStaffPermissionHelper(StaffOnlyPermissionHelper):
    """Staff read; writes happen elsewhere (services, or new versions of reference data)."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class NominationPermissionHelper(ReadOnlyStaffPermissionHelper):
    """Staff read every nomination. Editors read winners and highly commended ones, so that they can
    turn them into showcase stories. Nobody creates, edits or deletes nominations here: officers
    write them on the public site and staff act on them through the services."""

    def user_can_list(self, user):
        return is_editor(user)

    def user_can_inspect_obj(self, user, obj):
        if not self.inspect_view_enabled:
            return False
        return is_award_staff(user) or (is_editor(user) and obj.status in STORY_STATUSES)


def nominations_visible_to(user, queryset):
    if is_award_staff(user):
        return queryset
    if is_editor(user):
        return queryset.filter(status__in=STORY_STATUSES)
    return queryset.none()


class StaffOnlyHistoryView(HistoryView):
    """modeladmin's history view checks nothing beyond sign-in; the audit log is staff reading."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


# --- Forms ---


class IneligibleForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason given to the council"),
        help_text=gettext_lazy("The council will see this. Say which eligibility rule is not met."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": gettext_lazy("Enter the reason the nomination is not eligible")
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Enter the reason the nomination is not eligible"))
        return reason


class DeadlineField(forms.DateTimeField):
    """A date and time in the browser's own picker; read as UK time (the site's time zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class ExtendDeadlineForm(forms.Form):
    until = DeadlineField(
        label=gettext_lazy("New deadline (UK time)"),
        help_text=gettext_lazy("Only this nomination gets the extra time. The council is emailed."),
        error_messages={
            "required": gettext_lazy("Enter the new deadline"),
            "invalid": gettext_lazy("Enter the new deadline as a date and time"),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Kept in the nomination's history, for the award team."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Enter the reason for the extension")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What should the council change?"),
        help_text=gettext_lazy("The council sees this and is emailed it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": gettext_lazy("Enter what the council should change")},
    )
    until = DeadlineField(
        label=gettext_lazy("New deadline (UK time)"),
        help_text=gettext_lazy(
            "Needed when nominations have closed, so that the council has time to make the changes."
        ),
        required=False,
        error_messages={"invalid": gettext_lazy("Enter the new deadline as a date and time")},
    )


class ReinstateForm(forms.Form):
    to = forms.ChoiceField(
        label=gettext_lazy("Reinstate as"),
        choices=[
            ("previous", gettext_lazy("What it was before it was withdrawn")),
            (Status.DRAFT, gettext_lazy("A draft the council can change")),
        ],
        initial="previous",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Kept in the nomination's history, for the award team."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Enter the reason for reinstating it")},
    )


# --- Index view: counts per status, region filter, spreadsheet export ---


class RegionFilter(SimpleListFilter):
    title = gettext_lazy("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = (
            Council.objects.exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        return [(region, region) for region in regions]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(council__region=self.value())
        return queryset


CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class NominationIndexView(IndexView):
    """The nominations list, with how many there are in each status under the other filters."""

    STATUS_PARAMS = ("status", "status__exact")

    def status_counts(self):
        full_params = self.params
        self.params = full_params.copy()
        for key in self.STATUS_PARAMS:
            self.params.pop(key, None)
        try:
            queryset = self.get_queryset(self.request)
        finally:
            self.params = full_params
        counts = dict(
            Nomination.objects.filter(pk__in=queryset.values("pk"))
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        current = self.params.get("status__exact") or self.params.get("status")
        base = self.params.copy()
        for key in (*self.STATUS_PARAMS, self.PAGE_VAR):
            base.pop(key, None)
        rows = []
        for value, label in Nomination.Status.choices:
            params = base.copy()
            params["status__exact"] = value
            rows.append(
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "url": "?" + params.urlencode(),
                    "current": current == value,
                }
            )
        return {"rows": rows, "total": sum(counts.values()), "all_url": "?" + base.urlencode()}

    def get_context_data(self, **kwargs):
        counts = self.status_counts()
        context = super().get_context_data(**kwargs)
        context["status_counts"] = counts
        return context

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # A cell that starts like a formula is run by spreadsheet programs: officers typed these.
        if (
            export_format == self.FORMAT_CSV
            and isinstance(value, str)
            and value.startswith(CSV_FORMULA_PREFIXES)
        ):
            return "'" + value
        return value


# --- Inspect view ---


def evidence_download_url(evidence) -> str | None:
    try:
        return reverse("awards:evidence_download", kwargs={"uuid": evidence.uuid})
    except NoReverseMatch:  # the download view is not wired up (yet)
        return None


def eligibility_actions(nomination: Nomination) -> dict[str, bool]:
    allowed = services.ALLOWED_TRANSITIONS.get(nomination.status, set())
    return {
        "can_mark_eligible": Status.ELIGIBLE in allowed,
        "can_mark_ineligible": Status.INELIGIBLE in allowed,
    }


class NominationInspectView(InspectView):
    """Every answer of the nomination, its evidence, and the actions staff and editors can take."""

    page_title = gettext_lazy("Nomination")

    def get_context_data(self, **kwargs):
        user = self.request.user
        nomination = nomination_for_edit(uuid=self.instance.uuid)
        criteria_by_id = {c.pk: c for c in nomination.award.ordered_criteria}
        staff = is_award_staff(user)
        evidence = [
            {
                "object": item,
                "url": evidence_download_url(item) if staff else None,
                "criteria": [
                    criteria_by_id[c.pk] for c in item.criteria.all() if c.pk in criteria_by_id
                ],
            }
            for item in nomination.evidence.all()
        ]
        removed_evidence = [
            {"object": item, "until": services.removed_evidence_restorable_until(item)}
            for item in Evidence.all_objects.removed()
            .filter(nomination=nomination)
            .order_by("-removed_at")
        ]
        story = None
        can_story = is_editor(user) and nomination.status in STORY_STATUSES
        if can_story:
            story = ShowcaseStoryPage.objects.filter(source_nomination=nomination).first()
        allowed = services.ALLOWED_TRANSITIONS.get(nomination.status, set())
        context = {
            "nomination": nomination,
            "statements": statement_rows(nomination),
            "evidence": evidence,
            "removed_evidence": removed_evidence if staff else [],
            "can_reinstate": can_mark_eligibility(user) and nomination.status == Status.WITHDRAWN,
            "can_act_on_eligibility": can_mark_eligibility(user),
            "can_extend": can_mark_eligibility(user)
            and nomination.status in {Status.DRAFT, Status.SUBMITTED},
            "can_reopen": can_mark_eligibility(user)
            and nomination.status == Status.SUBMITTED
            and Status.DRAFT in allowed,
            "ineligible_form": IneligibleForm(),
            "can_create_story": can_story,
            "story_refused": services.story_consent_problem(nomination) if can_story else "",
            "story": story,
            "history_url": reverse(NOMINATION_HISTORY_URL, args=[nomination.pk]),
            "receipt_problem": _receipt_problem(nomination),
            **eligibility_actions(nomination),
        }
        context.update(kwargs)
        return super().get_context_data(**context)


def _receipt_problem(nomination):
    """The latest failed receipt, unless a receipt has gone since (awards.tasks retries them)."""
    from wagtail.models import ModelLogEntry

    latest = (
        ModelLogEntry.objects.for_instance(nomination)
        .filter(action__in=["awards.nomination.receipt_failed", "awards.nomination.receipt_sent"])
        .order_by("-timestamp", "-pk")
        .first()
    )
    if latest and latest.action == "awards.nomination.receipt_failed":
        return latest
    return None


# --- Action views ---


def _inspect_redirect(nomination):
    return redirect(NOMINATION_INSPECT_URL, nomination.pk)


def _nomination_for_staff(request, pk) -> Nomination:
    if not can_mark_eligibility(request.user):
        raise PermissionDenied
    return get_object_or_404(Nomination.objects.select_related("award", "council"), pk=pk)


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
        return self.nomination.status in {Status.DRAFT, Status.SUBMITTED}

    def act(self, data):
        services.nomination_extend_deadline(
            nomination=self.nomination,
            by=self.request.user,
            until=data["until"],
            reason=data["reason"],
        )
        return _("%(nomination)s now closes at %(time)s.") % {
            "nomination": self.nomination,
            "time": services._format_time(data["until"]),
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


# --- Memberships ---


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
        if is_award_staff(request.user) or nomination.status in STORY_STATUSES:
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


app_name = "awards_admin"
urlpatterns = [
    path("nominations/<int:pk>/eligible/", nomination_mark_eligible, name="nomination_eligible"),
    path(
        "nominations/<int:pk>/ineligible/",
        NominationIneligibleView.as_view(),
        name="nomination_ineligible",
    ),
    path("nominations/<int:pk>/story/", nomination_create_story, name="nomination_story"),
    path("nominations/<int:pk>/extend/", NominationExtendView.as_view(), name="nomination_extend"),
    path("nominations/<int:pk>/reopen/", NominationReopenView.as_view(), name="nomination_reopen"),
    path(
        "nominations/<int:pk>/reinstate/",
        NominationReinstateView.as_view(),
        name="nomination_reinstate",
    ),
    path(
        "nominations/<int:pk>/evidence/<uuid:evidence_uuid>/restore/",
        evidence_restore,
        name="evidence_restore",
    ),
    path(
        "memberships/<int:pk>/<str:decision>/",
        MembershipDecideView.as_view(),
        name="membership_decide",
    ),
]
