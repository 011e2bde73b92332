"""Erase the personal data of nominations whose award closed longer ago than
PERSONAL_DATA_RETENTION_DAYS. Run it daily (cron or a scheduler); --dry-run lists what would go."""

from django.conf import settings
from django.core.management.base import BaseCommand

from awards import privacy
from home.errors import ServiceError


class Command(BaseCommand):
    help = "Erase personal data of nominations past the retention period (see the privacy notice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the nominations; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        due = list(privacy.nominations_past_retention())
        verb = "Would erase" if dry_run else "Erasing"
        self.stdout.write(
            f"{verb} personal data of {len(due)} nomination(s) from awards closed more than "
            f"{days} days ago."
        )
        failed = 0
        for nomination in due:
            name = nomination.reference or f"draft {nomination.uuid}"
            published = privacy.published_with_consent(nomination)
            note = " (story published with consent: its text is kept)" if published else ""
            if dry_run:
                self.stdout.write(f"  {name}, {nomination.council.name}{note}")
                continue
            try:
                erasure = privacy.nomination_erase_personal_data(nomination=nomination)
            except ServiceError as error:
                failed += 1
                self.stderr.write(f"  {name}: {error.message}")
                continue
            self.stdout.write(
                f"  {name}, {nomination.council.name}: erased, "
                f"{erasure.evidence_files} evidence file(s) deleted{note}"
            )
        if failed:
            self.stderr.write(f"{failed} nomination(s) not erased; run again to retry.")
            raise SystemExit(1)
