"""The award in the Wagtail admin: the "Award" menu (nominations, councils, principles), the action
views behind the nomination buttons, and the labels of the audit-log actions the services write."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import ModelAdminURLFinder
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from home.account_records import (
    ACCOUNT_DEACTIVATE,
    ACCOUNT_REACTIVATE,
    log_active_change,
    refuse_deletion,
)
from home.modeladmin import StaffModelAdmin

from . import admin_views
from .models import Council, CouncilMembership, Nomination, Principle


class NominationAdmin(StaffModelAdmin):
    model = Nomination
    menu_label = _("Nominations")
    menu_icon = "clipboard-list"
    list_display = (
        "reference_display",
        "council",
        "award_year",
        "status",
        "submitted_at",
        "deadline",
    )
    list_display_add_buttons = "reference_display"
    list_filter = ("award", "status", "council", admin_views.RegionFilter)
    list_select_related = ("award", "council")
    search_fields = ("reference", "council__name", "title", "contact_name")
    index_view_class = admin_views.NominationIndexView
    index_template_name = "awards/admin/nomination_index.html"
    list_export = (
        "reference_display",
        "council",
        "council_kind",
        "council_region",
        "award_year",
        "status_label",
        "title",
        "contact_name",
        "contact_job_title",
        "submitted_at",
        "deadline",
        "eligibility_reason",
    )
    export_filename = "nominations"
    inspect_view_enabled = True
    inspect_view_class = admin_views.NominationInspectView
    inspect_template_name = "awards/admin/nomination_inspect.html"
    history_view_class = admin_views.StaffOnlyHistoryView
    permission_helper_class = admin_views.NominationPermissionHelper

    def get_queryset(self, request):
        return admin_views.nominations_visible_to(request.user, super().get_queryset(request))

    @admin.display(description=_("reference"), ordering="reference")
    def reference_display(self, obj):
        return obj.reference or _("Draft (no reference yet)")

    @admin.display(description=_("award year"), ordering="award__year")
    def award_year(self, obj):
        return obj.award.year

    @admin.display(description=_("type of organisation"))
    def council_kind(self, obj):
        return obj.council.get_kind_display()

    @admin.display(description=_("region"))
    def council_region(self, obj):
        return obj.council.region

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("deadline"))
    def deadline(self, obj):
        return obj.closes_at

    def get_admin_urls_for_registration(self):
        # No create, edit or delete views: nominations change only through the services.
        hidden = {self.url_helper.get_action_url_name(a) for a in ("create", "edit", "delete")}
        return tuple(
            url for url in super().get_admin_urls_for_registration() if url.name not in hidden
        )

    def register_admin_url_finders(self):
        # Audit-log listings link a nomination to its inspect view (there is no edit view).
        url_helper = self.url_helper
        permission_helper = self.permission_helper

        class NominationURLFinder(ModelAdminURLFinder):
            def get_edit_url(self, instance):
                if self.user is None or permission_helper.user_can_inspect_obj(self.user, instance):
                    return url_helper.get_action_url("inspect", instance.pk)
                return None

        register_admin_url_finder(self.model, NominationURLFinder)


class CouncilAdmin(StaffModelAdmin):
    model = Council
    menu_label = _("Councils")
    menu_icon = "group"
    list_display = ("name", "kind", "region", "gss_code")
    list_filter = ("kind",)
    search_fields = ("name", "gss_code", "region")
    permission_helper_class = admin_views.StaffOnlyPermissionHelper


class MembershipAdmin(StaffModelAdmin):
    """Who belongs to which council, and requests to join. Changes go through awards.memberships."""

    model = CouncilMembership
    menu_label = _("Memberships")
    menu_icon = "user"
    list_display = ("user", "council", "status", "created_at", "decided_by")
    list_filter = ("status", "council")
    list_select_related = ("user", "council", "decided_by")
    search_fields = ("user__email", "user__first_name", "user__last_name", "council__name")
    inspect_view_enabled = True
    inspect_view_class = admin_views.MembershipInspectView
    inspect_view_fields = (
        "user",
        "council",
        "status",
        "message",
        "created_at",
        "decided_by",
        "removed_at",
        "removed_by",
    )
    inspect_template_name = "awards/admin/membership_inspect.html"
    permission_helper_class = admin_views.ReadOnlyStaffPermissionHelper
    history_view_class = admin_views.StaffOnlyHistoryView

    def get_admin_urls_for_registration(self):
        hidden = {self.url_helper.get_action_url_name(a) for a in ("create", "edit", "delete")}
        return tuple(
            url for url in super().get_admin_urls_for_registration() if url.name not in hidden
        )


class PrincipleAdmin(StaffModelAdmin):
    """Read-only: a change of wording is a new version, made deliberately (data migration)."""

    model = Principle
    menu_label = _("Principles")
    menu_icon = "list-ol"
    list_display = ("number", "version", "title")
    inspect_view_enabled = True
    inspect_view_fields = ("number", "version", "title", "description", "rubric")
    permission_helper_class = admin_views.ReadOnlyStaffPermissionHelper
    history_view_enabled = False

    def get_admin_urls_for_registration(self):
        hidden = {self.url_helper.get_action_url_name(a) for a in ("create", "edit", "delete")}
        return tuple(
            url for url in super().get_admin_urls_for_registration() if url.name not in hidden
        )


@modeladmin_register
class AwardAdminGroup(ModelAdminGroup):
    menu_label = _("Award")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (NominationAdmin, CouncilAdmin, MembershipAdmin, PrincipleAdmin)


@hooks.register("register_admin_urls")
def register_awards_admin_urls():
    return [
        path(
            "awards/",
            include(
                (admin_views.urlpatterns, admin_views.app_name), namespace=admin_views.app_name
            ),
        )
    ]


AWARD_LOG_ACTIONS = {
    "awards.nomination.submit": (_("Submit nomination"), _("Nomination submitted")),
    "awards.nomination.withdraw": (_("Withdraw nomination"), _("Nomination withdrawn")),
    "awards.nomination.eligible": (_("Mark eligible"), _("Marked eligible")),
    "awards.nomination.story": (_("Create showcase story"), _("Showcase story created")),
    "awards.nomination.receipt_sent": (
        _("Receipt sent"),
        _("Receipt email sent after an earlier failure"),
    ),
    "awards.nomination.erase": (
        _("Erase personal data"),
        _("Personal data erased at the end of the retention period"),
    ),
    "awards.evidence.add": (_("Add evidence"), _("Evidence file added")),
    "awards.evidence.restore": (_("Restore evidence"), _("Removed evidence file restored")),
    "awards.evidence.erase": (
        _("Delete removed evidence"),
        _("Removed evidence file deleted for good at the end of its keeping period"),
    ),
    "awards.nomination.reopen_withdrawn": (
        _("Reopen withdrawn nomination"),
        _("Withdrawn nomination reopened by the council as a draft"),
    ),
    "awards.evidence.download": (_("Download evidence"), _("Evidence file downloaded")),
    "awards.membership.domain": (
        _("Join by email domain"),
        _("Joined through a verified work email address"),
    ),
    "awards.membership.request": (_("Ask to join"), _("Asked to join")),
    "awards.membership.approve": (_("Approve membership"), _("Request to join approved")),
    "awards.membership.decline": (_("Decline membership"), _("Request to join declined")),
    "awards.membership.remove": (_("Remove member"), _("Removed from the organisation")),
    "awards.membership.restore": (_("Restore member"), _("Restored to the organisation")),
}


@hooks.register("register_log_actions")
def register_award_log_actions(actions):
    for action, (label, message) in AWARD_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action(ACCOUNT_DEACTIVATE, _("Deactivate account"), _("Account deactivated"))
    actions.register_action(ACCOUNT_REACTIVATE, _("Reactivate account"), _("Account reactivated"))

    @actions.register_action("awards.nomination.ineligible")
    class IneligibleFormatter(LogFormatter):
        label = _("Mark not eligible")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason")
            if reason:
                return _("Marked not eligible: %(reason)s") % {"reason": reason}
            return _("Marked not eligible")

    @actions.register_action("awards.nomination.receipt_failed")
    class ReceiptFailedFormatter(LogFormatter):
        label = _("Receipt not sent")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = _(
                "Receipt email not sent (attempt %(attempt)s of %(attempts)s): %(error)s."
            ) % {
                "attempt": data.get("attempt"),
                "attempts": data.get("attempts"),
                "error": data.get("error", ""),
            }
            if data.get("retry_at"):
                return message + " " + _("Trying again at %(time)s.") % {"time": data["retry_at"]}
            return (
                message + " " + _("No more attempts: send the reference to the council yourself.")
            )

    @actions.register_action("awards.story.publish_refused")
    class PublishRefusedFormatter(LogFormatter):
        label = _("Scheduled publishing refused")

        def format_message(self, log_entry):
            problems = (log_entry.data or {}).get("problems") or []
            return _("Scheduled publishing refused: %(problems)s") % {
                "problems": " ".join(problems)
            }

    @actions.register_action("awards.nomination.extend")
    class ExtendFormatter(LogFormatter):
        label = _("Extend deadline")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Deadline extended to %(until)s: %(reason)s") % {
                "until": data.get("until", ""),
                "reason": data.get("reason", ""),
            }

    @actions.register_action("awards.nomination.reopen")
    class ReopenFormatter(LogFormatter):
        label = _("Reopen for edits")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return _("Reopened for edits: %(reason)s") % {"reason": reason}

    @actions.register_action("awards.evidence.remove")
    class EvidenceRemoveFormatter(LogFormatter):
        label = _("Remove evidence")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if not data.get("name"):
                return _("Evidence file removed")
            return _(
                "Evidence file removed: %(name)s (%(size)s bytes, SHA-256 %(sha256)s, principles "
                "%(principles)s)"
            ) % {
                "name": data["name"],
                "size": data.get("size", ""),
                "sha256": data.get("sha256", ""),
                "principles": ", ".join(str(n) for n in data.get("principles") or []) or "–",
            }

    @actions.register_action("awards.nomination.reinstate")
    class ReinstateFormatter(LogFormatter):
        label = _("Reinstate withdrawn nomination")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            labels = dict(Nomination.Status.choices)
            return _("Reinstated as %(status)s: %(reason)s") % {
                "status": labels.get(data.get("to"), data.get("to", "")),
                "reason": data.get("reason", ""),
            }

    @actions.register_action("awards.nomination.outcome")
    class OutcomeFormatter(LogFormatter):
        label = _("Record outcome")

        def format_message(self, log_entry):
            to = (log_entry.data or {}).get("to")
            labels = dict(Nomination.Status.choices)
            if to in labels:
                return _("Outcome recorded: %(outcome)s") % {"outcome": labels[to]}
            return _("Outcome recorded")


# --- accounts: people with nominations are deactivated, not deleted (home.accounts) ---


def nomination_records(user) -> list[str]:
    """What a person holds in nominations that deleting their account from the admin would lose.
    An officer's own "delete my account" (awards.privacy) is the designed exception."""
    nominations = Nomination.objects.filter(Q(created_by=user) | Q(submitted_by=user)).count()
    memberships = CouncilMembership.objects.filter(user=user).count()
    records = []
    if nominations:
        records.append(
            ngettext(
                "%(count)s nomination they started or submitted",
                "%(count)s nominations they started or submitted",
                nominations,
            )
            % {"count": nominations}
        )
    if memberships:
        records.append(
            ngettext(
                "%(count)s organisation membership",
                "%(count)s organisation memberships",
                memberships,
            )
            % {"count": memberships}
        )
    return records


@hooks.register("before_delete_user")
def refuse_deleting_nominators(request, user):
    return refuse_deletion(request, [user], nomination_records)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_nominators(request, action_type, objects, action_class_instance):
    if (
        action_type == "delete"
        and getattr(action_class_instance, "model", None) is get_user_model()
    ):
        return refuse_deletion(request, objects, nomination_records)
    return None


@hooks.register("before_edit_user")
def remember_active_state(request, user):
    request.kil_user_was_active = get_user_model().objects.get(pk=user.pk).is_active


@hooks.register("after_edit_user")
def log_deactivation(request, user):
    was_active = getattr(request, "kil_user_was_active", user.is_active)
    log_active_change(user, was_active=was_active, by=request.user)


@hooks.register("before_bulk_action")
def remember_bulk_active_states(request, action_type, objects, action_class_instance):
    if action_type == "set_active_state":
        request.kil_users_were_active = {user.pk: user.is_active for user in objects}


@hooks.register("after_bulk_action")
def log_bulk_deactivation(request, action_type, objects, action_class_instance):
    if action_type != "set_active_state":
        return
    before = getattr(request, "kil_users_were_active", {})
    for user in get_user_model().objects.filter(pk__in=list(before)):
        log_active_change(user, was_active=before[user.pk], by=request.user)
