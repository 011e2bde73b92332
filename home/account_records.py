"""People who hold records the award must keep (scores, decisions, nominations) are deactivated,
never deleted. The Wagtail admin's "Delete user" (one, or several at once) is refused for them with
that advice; each app registers `before_delete_user` and `before_bulk_action` hooks that call
`refuse_deletion` with its own description of what a person holds. Deactivating is logged."""

from collections.abc import Callable, Iterable

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.log_actions import log

ACCOUNT_DEACTIVATE = "home.account.deactivate"
ACCOUNT_REACTIVATE = "home.account.reactivate"


def refuse_deletion(request, users: Iterable, records_of: Callable[[object], list[str]]):
    """A redirect with an error for each person who holds records, or None if nobody does."""
    held = [(user, records) for user in users for records in [records_of(user)] if records]
    if not held:
        return None
    for user, records in held:
        messages.error(
            request,
            _(
                "%(name)s cannot be deleted: they have %(records)s, which the award keeps. "
                "Deactivate the account instead: edit the user and untick “Active”. They can no "
                "longer sign in, and their records stay."
            )
            % {"name": user.get_full_name() or user.get_username(), "records": ", ".join(records)},
            buttons=[
                messages.button(
                    reverse("wagtailusers_users:edit", args=[user.pk]),
                    _("Edit %(name)s") % {"name": user.get_full_name() or user.get_username()},
                )
            ],
        )
    if len(held) == 1:
        return redirect("wagtailusers_users:edit", held[0][0].pk)
    return redirect("wagtailusers_users:index")


def log_active_change(user, *, was_active: bool, by) -> None:
    if user.is_active == was_active:
        return
    log(user, ACCOUNT_REACTIVATE if user.is_active else ACCOUNT_DEACTIVATE, user=by)
