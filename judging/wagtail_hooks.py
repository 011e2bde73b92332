"""Judging in the Wagtail admin: the "Judging" menu (rounds, decisions), the round pages (manage,
results), and the labels of the audit-log actions judging's services write."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from home.account_records import refuse_deletion
from home.modeladmin import ReadOnlyStaffPermissionHelper, StaffModelAdmin

from . import admin_views
from .models import Assignment, ConflictDeclaration, Decision, Round, Scorecard
from .selectors import rounds_with_progress


class RoundAdmin(StaffModelAdmin):
    model = Round
    menu_label = _("Rounds")
    menu_icon = "tasks"
    list_display = ("name", "award_year", "opens_at", "closes_at", "progress")
    list_filter = ("award",)
    permission_helper_class = admin_views.RoundPermissionHelper
    button_helper_class = admin_views.RoundButtonHelper
    panels = [
        FieldPanel("award"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        MultiFieldPanel(
            [
                FieldPanel("entries_from"),
                FieldPanel("judges_per_entry"),
                FieldPanel("scale_max"),
                FieldPanel("is_blind"),
                FieldPanel("allow_not_applicable"),
                FieldPanel("others_scores_after_submit"),
                FieldPanel("ranking_method"),
            ],
            heading=_("How the round is judged"),
        ),
        FieldPanel("reminder_days"),
    ]

    def get_queryset(self, request):
        queryset = rounds_with_progress()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    @admin.display(description=_("award"), ordering="award__year")
    def award_year(self, obj):
        return obj.award.year

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return _("%(submitted)s of %(total)s scorecards submitted") % {
            "submitted": obj.submitted_count,
            "total": obj.assignment_count,
        }


class DecisionAdmin(StaffModelAdmin):
    """Read-only record of the panel's decisions; new ones are made on a round's results page."""

    model = Decision
    menu_label = _("Decisions")
    menu_icon = "success"
    list_display = ("nomination", "council", "outcome", "round", "decided_by", "decided_at")
    list_filter = ("outcome",)
    list_select_related = ("nomination__council", "round__award", "decided_by")
    search_fields = ("nomination__reference", "nomination__council__name")
    permission_helper_class = ReadOnlyStaffPermissionHelper
    inspect_view_enabled = True
    inspect_view_fields = (
        "nomination",
        "outcome",
        "rationale",
        "round",
        "decided_by",
        "decided_at",
    )

    @admin.display(description=_("council"), ordering="nomination__council__name")
    def council(self, obj):
        return obj.nomination.council.name

    def get_admin_urls_for_registration(self):
        hidden = {self.url_helper.get_action_url_name(a) for a in ("create", "edit", "delete")}
        return tuple(
            url for url in super().get_admin_urls_for_registration() if url.name not in hidden
        )


class ConflictDeclarationAdmin(StaffModelAdmin):
    """Every conflict of interest judges have declared. Read-only: judges declare, services record."""

    model = ConflictDeclaration
    menu_label = _("Conflicts of interest")
    menu_icon = "warning"
    list_display = ("judge_name", "council", "award_year", "source", "declared_at", "removed")
    list_filter = ("award", "source")
    list_select_related = ("judge", "council", "award")
    search_fields = ("council__name", "judge__email", "judge__last_name", "reason")
    permission_helper_class = ReadOnlyStaffPermissionHelper
    inspect_view_enabled = True
    inspect_view_fields = (
        "judge",
        "council",
        "award",
        "nomination",
        "reason",
        "source",
        "declared_at",
        "assignments_removed",
        "assignments_set_aside",
    )

    @admin.display(description=_("judge"), ordering="judge__last_name")
    def judge_name(self, obj):
        return admin_views.judge_label(obj.judge)

    @admin.display(description=_("award"), ordering="award__year")
    def award_year(self, obj):
        return obj.award.year

    @admin.display(description=_("assignments removed"))
    def removed(self, obj):
        return obj.assignments_removed

    def get_admin_urls_for_registration(self):
        hidden = {self.url_helper.get_action_url_name(a) for a in ("create", "edit", "delete")}
        return tuple(
            url for url in super().get_admin_urls_for_registration() if url.name not in hidden
        )


@modeladmin_register
class JudgingAdminGroup(ModelAdminGroup):
    menu_label = _("Judging")
    menu_icon = "tasks"
    menu_order = 210
    items = (RoundAdmin, ConflictDeclarationAdmin, DecisionAdmin)


@hooks.register("register_admin_urls")
def register_judging_admin_urls():
    return [
        path(
            "judging/",
            include(
                (admin_views.urlpatterns, admin_views.app_name), namespace=admin_views.app_name
            ),
        )
    ]


@hooks.register("insert_global_admin_css")
def judging_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/judging-admin.css"))


@hooks.register("register_log_actions")
def register_judging_log_actions(actions):
    actions.register_action(
        "judging.scorecard.submit", _("Submit scorecard"), _("Scorecard submitted")
    )
    actions.register_action(
        "judging.round.allocate", _("Allocate judges"), _("Judges allocated automatically")
    )
    actions.register_action(
        "judging.assignment.no_conflict",
        _("Confirm no conflict"),
        _("Judge confirmed no conflict of interest"),
    )
    actions.register_action(
        "judging.assignment.set_aside",
        _("Set assignment aside (conflict)"),
        _("Assignment set aside because of a conflict of interest: its scores do not count"),
    )
    actions.register_action(
        "judging.conflict.review", _("Confirm declarations"), _("Judge confirmed declarations")
    )
    actions.register_action(
        "judging.feedback.release", _("Release feedback"), _("Feedback released to councils")
    )
    actions.register_action(
        "judging.feedback.withdraw", _("Withdraw feedback"), _("Feedback withdrawn")
    )
    actions.register_action(
        "judging.feedback.comments", _("Choose comments"), _("Comments to share chosen")
    )
    actions.register_action(
        "judging.results.announce", _("Announce results"), _("Results announced")
    )
    actions.register_action(
        "judging.results.schedule", _("Schedule announcement"), _("Results announcement scheduled")
    )
    actions.register_action(
        "judging.results.unschedule",
        _("Withdraw announcement"),
        _("Scheduled results announcement withdrawn"),
    )

    class ReasonFormatter(LogFormatter):
        done = ""

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason")
            if reason:
                return _("%(done)s: %(reason)s") % {"done": self.done, "reason": reason}
            return str(self.done)

    @actions.register_action("judging.assignment.remove")
    class RemoveFormatter(ReasonFormatter):
        label = _("Remove assignment")
        done = _("Assignment removed")

    actions.register_action(
        "judging.assignment.restore", _("Restore assignment"), _("Assignment restored")
    )

    @actions.register_action("judging.assignment.conflict")
    class ConflictRemoveFormatter(ReasonFormatter):
        label = _("Remove assignment (conflict)")
        done = _("Assignment removed because of a conflict of interest")

    @actions.register_action("judging.conflict.declare")
    class DeclareFormatter(ReasonFormatter):
        label = _("Declare conflict of interest")
        done = _("Conflict of interest declared")

    @actions.register_action("judging.scorecard.reopen")
    class ReopenFormatter(LogFormatter):
        label = _("Reopen scorecard")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason")
            if reason:
                return _("Scorecard reopened: %(reason)s") % {"reason": reason}
            return _("Scorecard reopened")

    @actions.register_action("judging.decision.record")
    class DecisionFormatter(LogFormatter):
        label = _("Record decision")

        def format_message(self, log_entry):
            outcome = (log_entry.data or {}).get("outcome")
            labels = dict(Decision.Outcome.choices)
            if outcome in labels:
                return _("Decision recorded: %(outcome)s") % {"outcome": labels[outcome]}
            return _("Decision recorded")


def judging_records(user) -> list[str]:
    """What a person holds in judging that deleting their account would lose."""
    assignments = Assignment.all_objects.filter(judge=user).count()
    submitted = Scorecard.all_objects.filter(
        assignment__judge=user, status=Scorecard.Status.SUBMITTED
    ).count()
    declarations = ConflictDeclaration.objects.filter(judge=user).count()
    decisions = Decision.objects.filter(decided_by=user).count()
    records = [
        assignments
        and ngettext("%(count)s judging assignment", "%(count)s judging assignments", assignments),
        submitted
        and ngettext("%(count)s submitted scorecard", "%(count)s submitted scorecards", submitted),
        declarations
        and ngettext(
            "%(count)s conflict of interest declaration",
            "%(count)s conflict of interest declarations",
            declarations,
        ),
        decisions
        and ngettext("%(count)s recorded decision", "%(count)s recorded decisions", decisions),
    ]
    counts = [assignments, submitted, declarations, decisions]
    return [text % {"count": count} for text, count in zip(records, counts, strict=True) if count]


@hooks.register("before_delete_user")
def refuse_deleting_judges(request, user):
    return refuse_deletion(request, [user], judging_records)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_judges(request, action_type, objects, action_class_instance):
    if (
        action_type == "delete"
        and getattr(action_class_instance, "model", None) is get_user_model()
    ):
        return refuse_deletion(request, objects, judging_records)
    return None
