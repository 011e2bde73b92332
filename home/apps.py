from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .mfa import record_mfa_on_activation

        authenticator_added.connect(record_mfa_on_activation, dispatch_uid="kil_mfa_activation")
