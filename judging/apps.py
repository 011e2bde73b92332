from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        from awards.permissions import register_evidence_reader

        # Its tasks register with the services, which queue them by name (services.common: why).
        from . import tasks  # noqa: F401
        from .permissions import judge_is_assigned_to

        # A judge reads the evidence of the entries assigned to them; awards does not know judges.
        register_evidence_reader(judge_is_assigned_to)
