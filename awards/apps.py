from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards and nominations")

    def ready(self):
        from home.cache import register_next_change

        from . import signals  # noqa: F401 - connects the allauth receivers
        from .selectors import next_public_change_at

        # An award opening, closing or announcing its results changes public pages with nothing saved.
        register_next_change(next_public_change_at)
