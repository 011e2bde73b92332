"""Background work for judging. Tasks take ids, fetch, and delegate to judging.services."""

from django.contrib.auth import get_user_model
from django_tasks import task

from awards.models import Nomination

from . import services
from .models import ConflictDeclaration, JudgingReminder, Round
from .services.common import register_task


@register_task
@task()
def send_assignment_notice(judge_id: int, round_id: int, count: int) -> int:
    judge = get_user_model().objects.get(pk=judge_id)
    round = Round.objects.select_related("award").get(pk=round_id)
    return services.send_assignment_notice(judge=judge, round=round, count=count)


@register_task
@task()
def send_judging_reminder(reminder_id: int) -> int:
    reminder = JudgingReminder.objects.select_related("judge", "round__award").get(pk=reminder_id)
    return services.send_reminder(reminder=reminder)


@register_task
@task()
def send_judging_reminders() -> int:
    """What a scheduler runs (or `manage.py send_judging_reminders`): queue every reminder due."""
    return services.reminders_send_due()


@register_task
@task()
def send_feedback_notice(nomination_id: int, round_id: int) -> int:
    nomination = Nomination.objects.select_related("award", "council").get(pk=nomination_id)
    round = Round.objects.select_related("award").get(pk=round_id)
    return services.send_feedback_notice(nomination=nomination, round=round)


@register_task
@task()
def send_conflict_notice(declaration_id: int) -> int:
    declaration = ConflictDeclaration.objects.select_related("judge", "council", "award").get(
        pk=declaration_id
    )
    return services.send_conflict_notice(declaration=declaration)
