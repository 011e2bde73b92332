from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .mfa import record_mfa_on_activation

        authenticator_added.connect(record_mfa_on_activation, dispatch_uid="kil_mfa_activation")

        from wagtail.signals import page_published, page_unpublished

        from .cache import clear_page_cache

        # A published change reaches anonymous readers at once, not when the cached copy expires.
        page_published.connect(clear_page_cache, dispatch_uid="kil_page_cache_publish")
        page_unpublished.connect(clear_page_cache, dispatch_uid="kil_page_cache_unpublish")
