"""What the judging services share: their errors and how they queue background work."""

from home.errors import ServiceError


class ScorecardLocked(ServiceError):
    pass


class ScorecardIncomplete(ServiceError):
    pass


class ConflictOfInterest(ServiceError):
    pass


def enqueue(task_name: str, *args) -> None:
    """Queue a judging task by name (imported late: tasks import the services)."""
    from .. import tasks

    getattr(tasks, task_name).enqueue(*args)
