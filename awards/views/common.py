import logging
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, selectors
from ..models import Nomination

logger = logging.getLogger(__name__)


def _nomination_or_404(
    request, uuid, section: str | None = None, *, for_submit: bool = False
) -> Nomination:
    # 404, not 403: another council's nomination must not be seen to exist.
    try:
        if for_submit:
            nomination = selectors.nomination_for_submit(uuid=uuid)
        elif section is None:
            nomination = selectors.nomination_for_edit(uuid=uuid)
        else:
            nomination = selectors.nomination_for_section(uuid=uuid, section=section)
    except Nomination.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_view_nomination(request.user, nomination):
        raise Http404
    return nomination


@dataclass
class Task:
    slug: str
    title: str
    status: str = "not_started"
    url: str = ""

    STATUS_LABELS = {
        "not_started": gettext_lazy("Not yet started"),
        "in_progress": gettext_lazy("In progress"),
        "completed": gettext_lazy("Completed"),
        "problem": gettext_lazy("There is a problem"),
        "cannot_start": gettext_lazy("Cannot start yet"),
    }

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status]


def _tasks(nomination: Nomination) -> list[Task]:
    """The task list: the sections as selectors.nomination_sections defines them, with their links."""
    return [
        Task(
            section.slug,
            section.title,
            section.status,
            reverse("awards:nomination_evidence", args=[nomination.uuid])
            if section.slug == "evidence"
            else reverse("awards:nomination_section", args=[nomination.uuid, section.slug]),
        )
        for section in selectors.nomination_sections(nomination)
    ]


def _cannot_edit(request, nomination):
    if nomination.status == Nomination.Status.DRAFT and not nomination.accepts_changes():
        messages.error(
            request, _("The deadline has passed. This nomination can no longer be changed.")
        )
    return redirect(
        "awards:nomination_overview"
        if nomination.status == "draft"
        else "awards:nomination_receipt",
        uuid=nomination.uuid,
    )
