"""What the judging services share: their errors and how they queue background work."""

from django_tasks.base import Task

from home.errors import ServiceError


class ScorecardLocked(ServiceError):
    pass


class ScorecardIncomplete(ServiceError):
    pass


class ConflictOfInterest(ServiceError):
    pass


# judging.tasks calls the services to do the work, so the services cannot import it: its tasks
# register here as it is imported (JudgingConfig.ready imports it), and are queued by name.
_TASKS: dict[str, Task] = {}


def register_task(task: Task) -> Task:
    """Let the services queue `task` by its name (judging.tasks registers each of its tasks)."""
    _TASKS[task.name] = task
    return task


def enqueue(task_name: str, *args) -> None:
    """Queue a judging task by name."""
    _TASKS[task_name].enqueue(*args)
