"""Announcing an award's results: until then every outcome is provisional and nothing of it is
public or told to councils. Here, not in awards, because announcing checks the panel's decisions.

The announcement is a time on the award (`results_announced_at`) that staff set now or for the
ceremony; every public view compares it with the clock, so nothing has to run at that moment. Once
the time is reached the announcement is final; a scheduled time can be moved or withdrawn only while
it is still in the future (no story of the award can have gone live by then: the publishing gate
refuses any go-live before the announcement).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from awards.models import AwardPage, Nomination
from home.cache import clear_public_caches
from home.dates import format_datetime
from home.errors import ServiceError


class AnnouncementRefused(ServiceError):
    pass


def announcement_problem(award: AwardPage, now=None) -> str:
    """Why the award's results cannot be announced (or rescheduled) now, or ""."""
    now = now or timezone.now()
    if award.results_announced(now):
        return _("The %(year)s results were announced at %(when)s. An announcement is final.") % {
            "year": award.year,
            "when": format_datetime(award.results_announced_at),
        }
    if now < award.closes_at or (
        Nomination.objects.filter(
            award=award, status=Nomination.Status.DRAFT, deadline_extended_until__gt=now
        ).exists()
    ):
        return _(
            "Nominations for the %(year)s award are still open. Announce the results after "
            "they close and the panel has decided."
        ) % {"year": award.year}
    if not Nomination.objects.filter(award=award, status__in=Nomination.RECOGNISED).exists():
        return _(
            "No winner or highly commended entry has been decided for %(year)s yet. Record the "
            "panel's decisions on a round's results page first."
        ) % {"year": award.year}
    return ""


def results_announce(*, award: AwardPage, by, at=None) -> AwardPage:
    """Announce the award's results now, or schedule the announcement for `at` (the ceremony)."""
    now = timezone.now()
    at = at or now
    with transaction.atomic():
        locked = AwardPage.objects.select_for_update().get(pk=award.pk)
        problem = announcement_problem(locked, now)
        if problem:
            raise AnnouncementRefused(problem, code="refused")
        if at < now:
            raise AnnouncementRefused(
                _("Choose a time in the future, or announce the results now."), code="past"
            )
        previous = locked.results_announced_at
        locked.results_announced_at = at
        locked.save(update_fields=["results_announced_at"])
        log(
            locked,
            "judging.results.announce" if at <= now else "judging.results.schedule",
            user=by,
            data={
                "at": at.isoformat(),
                "previous": previous.isoformat() if previous else None,
            },
        )
        # The award page, the showcase and the feeds change at once (or, for a scheduled time, the
        # caches keep nothing past it: home.cache asks awards when the next change is due).
        transaction.on_commit(clear_public_caches)
    return locked


def results_announcement_cancel(*, award: AwardPage, by) -> AwardPage:
    """Withdraw an announcement that is scheduled and not yet reached."""
    now = timezone.now()
    with transaction.atomic():
        locked = AwardPage.objects.select_for_update().get(pk=award.pk)
        if locked.results_announced_at is None:
            return locked
        if locked.results_announced(now):
            raise AnnouncementRefused(announcement_problem(locked, now), code="announced")
        previous = locked.results_announced_at
        locked.results_announced_at = None
        locked.save(update_fields=["results_announced_at"])
        log(
            locked,
            "judging.results.unschedule",
            user=by,
            data={"previous": previous.isoformat()},
        )
        transaction.on_commit(clear_public_caches)
    return locked
