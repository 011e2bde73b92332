"""Feedback for councils, once the award's results are announced (and for staff, a preview)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from awards.models import Nomination
from home.permissions import is_award_staff

from .. import permissions
from ..results import nomination_feedback


@login_required
def feedback(request, uuid):
    try:
        nomination = Nomination.objects.select_related("award", "council").get(uuid=uuid)
    except Nomination.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_read_feedback(request.user, nomination):
        raise Http404
    preview = is_award_staff(request.user)
    return render(
        request,
        "judging/feedback.html",
        {
            "nomination": nomination,
            "feedback": nomination_feedback(nomination=nomination, include_unreleased=preview),
            "preview": preview,
            "receipt_url": reverse("awards:nomination_receipt", args=[nomination.uuid]),
        },
    )
