from django.core.management.base import BaseCommand

from judging.services import reminders_send_due


class Command(BaseCommand):
    help = (
        "Email judges who have unfinished scorecards when a round's reminder time has come "
        "(Round.reminder_days). Run it from a scheduler, e.g. hourly; each reminder goes once."
    )

    def handle(self, *args, **options):
        queued = reminders_send_due()
        self.stdout.write(f"Reminders queued: {queued}")
