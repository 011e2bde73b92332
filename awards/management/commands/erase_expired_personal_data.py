"""Erase the personal data of nominations whose award closed longer ago than
PERSONAL_DATA_RETENTION_DAYS, and delete evidence files removed from their nominations more than
REMOVED_EVIDENCE_KEEP_DAYS ago. Run it daily (cron or a scheduler); --dry-run lists what would go."""

from django.conf import settings
from django.core.management.base import BaseCommand

from awards import privacy
from awards.services import REMOVED_EVIDENCE_KEEP_DAYS
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
        removed = list(privacy.removed_evidence_past_keeping())
        verb = "Would delete" if dry_run else "Deleting"
        self.stdout.write(
            f"{verb} {len(removed)} evidence file(s) removed from their nominations more than "
            f"{REMOVED_EVIDENCE_KEEP_DAYS} days ago."
        )
        for evidence in removed:
            name = evidence.nomination.reference or f"draft {evidence.nomination.uuid}"
            if dry_run:
                self.stdout.write(f"  {name}: {evidence.original_name}")
                continue
            try:
                privacy.erase_removed_evidence(evidence=evidence)
            except ServiceError as error:
                failed += 1
                self.stderr.write(f"  {name}, {evidence.original_name}: {error.message}")
                continue
            self.stdout.write(f"  {name}: {evidence.original_name} deleted")
        if failed:
            self.stderr.write(f"{failed} nomination(s) or file(s) not erased; run again to retry.")
            raise SystemExit(1)
