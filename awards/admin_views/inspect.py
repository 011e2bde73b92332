from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy
from wagtail.models import ModelLogEntry
from wagtail_modeladmin.views import InspectView

from home.permissions import is_award_staff, is_editor

from .. import services
from ..forms.staff import IneligibleForm
from ..models import Evidence, Nomination, ShowcaseStoryPage
from ..permissions import can_mark_eligibility
from ..selectors import nomination_for_edit, statement_rows
from .common import NOMINATION_HISTORY_URL, Status


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
        can_story = is_editor(user) and nomination.status in Nomination.RECOGNISED
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
            "can_extend": can_mark_eligibility(user) and nomination.status in Nomination.UNCHECKED,
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
    latest = (
        ModelLogEntry.objects.for_instance(nomination)
        .filter(action__in=["awards.nomination.receipt_failed", "awards.nomination.receipt_sent"])
        .order_by("-timestamp", "-pk")
        .first()
    )
    if latest and latest.action == "awards.nomination.receipt_failed":
        return latest
    return None
