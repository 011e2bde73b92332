from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards and nominations")

    def ready(self):
        from . import signals  # noqa: F401 - connects the allauth receivers
