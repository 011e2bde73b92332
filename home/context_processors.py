from django.conf import settings

from home.security import idle_seconds_left

IDLE_WARNING_SECONDS = 5 * 60


def idle_warning(request):
    """For base.html's warning before a judge, staff member or editor is signed out for inactivity."""
    seconds_left = idle_seconds_left(request)
    if seconds_left is None:
        return {}
    return {
        "idle_warning": {
            "seconds_left": seconds_left,
            "timeout": settings.SESSION_IDLE_TIMEOUT_PRIVILEGED,
            # A few minutes before, or half the limit when it is short (as in tests).
            "warn_before": min(IDLE_WARNING_SECONDS, settings.SESSION_IDLE_TIMEOUT_PRIVILEGED // 2),
        }
    }
