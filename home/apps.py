from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .mfa import record_mfa_on_activation

        authenticator_added.connect(record_mfa_on_activation, dispatch_uid="kil_mfa_activation")

        from django.contrib.auth.signals import user_logged_in

        from .held_forms import drop_other_peoples_forms

        user_logged_in.connect(drop_other_peoples_forms, dispatch_uid="kil_held_forms_owner")

        self._clear_public_caches_on_change()
        self._chain_the_award_record()

    @staticmethod
    def _chain_the_award_record():
        from django.db.models.signals import post_save, pre_save
        from wagtail import log_actions

        from . import audit_chain

        for model in audit_chain.log_models():
            pre_save.connect(
                audit_chain.before_log_entry_saved, sender=model, dispatch_uid="kil_audit_chain"
            )
            post_save.connect(
                audit_chain.after_log_entry_saved, sender=model, dispatch_uid="kil_audit_chain"
            )
        registry = log_actions.registry
        if not getattr(registry.log, "in_one_transaction", False):
            registry.log = audit_chain.in_one_transaction(registry.log)

    @staticmethod
    def _clear_public_caches_on_change():
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .cache import clear_public_caches_on_commit

        # A change reaches anonymous readers at once, not when a cached copy expires: pages published,
        # unpublished, moved or deleted, and what public pages show besides a page's own fields.
        page_published.connect(clear_public_caches_on_commit, dispatch_uid="kil_cache_publish")
        page_unpublished.connect(clear_public_caches_on_commit, dispatch_uid="kil_cache_unpublish")
        post_page_move.connect(clear_public_caches_on_commit, dispatch_uid="kil_cache_move")
        post_delete.connect(
            clear_public_caches_on_commit, sender=Page, dispatch_uid="kil_cache_page"
        )
        for label in ("awards.Principle", "awards.Council", "home.SiteImage"):
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(
                    clear_public_caches_on_commit, sender=model, dispatch_uid=f"kil_cache_{label}"
                )
