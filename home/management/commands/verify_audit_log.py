"""Check the award's tamper-evident record (home/audit_chain.py): recompute every link of the hash
chain and look for award-record log entries it lacks. Run it daily; it exits non-zero and names the
first entry that was changed, deleted or inserted out of order."""

from django.core.management.base import BaseCommand, CommandError

from home import audit_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain over the award's audit log; exit non-zero if it was tampered with."
    )

    def handle(self, *args, **options):
        result = audit_chain.verify()
        head = f"{result.links} chained entries; head {result.head_seq} {result.head_hash}"
        if not result.problems:
            self.stdout.write(self.style.SUCCESS(f"The award's audit log is intact: {head}."))
            return
        for problem in result.problems:
            self.stdout.write(f"  {problem}")
        raise CommandError(
            f"The award's audit log has been tampered with: {result.problems[0]} "
            f"({len(result.problems)} problem(s) in all; {head})."
        )
