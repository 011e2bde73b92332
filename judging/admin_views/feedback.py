"""Feedback for councils: staff choose which judges' comments each council reads, preview it,
and release (or withdraw) the round's feedback."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from home.errors import ServiceError

from .. import selectors, services
from .common import RoundAdminView, judge_label


class RoundFeedbackView(RoundAdminView):
    template_name = "judging/admin/round_feedback.html"
    page_title = gettext_lazy("Feedback to councils")

    def get_context_data(self, **kwargs):
        entries: dict[int, dict] = {}
        for card in selectors.round_comments(round=self.round):
            nomination = card.assignment.nomination
            entry = entries.setdefault(nomination.pk, {"nomination": nomination, "scorecards": []})
            comments = sorted(
                (s for s in card.scores.all() if s.comment.strip()),
                key=lambda s: s.criterion.principle.number,
            )
            entry["scorecards"].append(
                {"scorecard": card, "judge": judge_label(card.assignment.judge), "scores": comments}
            )
        return super().get_context_data(entries=list(entries.values()), **kwargs)

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "release":
            try:
                services.feedback_release(round=self.round, by=request.user)
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Feedback released. Each council has been emailed a link to its feedback."),
                )
        elif action == "withdraw":
            services.feedback_withdraw(round=self.round, by=request.user)
            messages.success(request, _("Feedback withdrawn. Councils can no longer read it."))
        else:
            score_ids = [int(v) for v in request.POST.getlist("score") if v.isdigit()]
            overall_ids = [int(v) for v in request.POST.getlist("overall") if v.isdigit()]
            comments, overall = services.scorecards_share_comments(
                round=self.round, by=request.user, score_ids=score_ids, overall_ids=overall_ids
            )
            messages.success(
                request,
                _("Saved: %(comments)s comments and %(overall)s overall comments will be shared.")
                % {"comments": comments, "overall": overall},
            )
        return redirect("judging_admin:round_feedback", self.round.pk)
