"""What the site's navigation needs to know about who is signed in."""

from django.utils.functional import SimpleLazyObject

from home.permissions import is_award_staff, is_judge

from .permissions import is_officer


def roles(request):
    # Lazy, so pages that never show the navigation (files, feeds) pay no query for it.
    user = getattr(request, "user", None)
    return {
        "user_is_officer": SimpleLazyObject(lambda: bool(user and is_officer(user))),
        "user_is_judge": SimpleLazyObject(lambda: bool(user and is_judge(user))),
        "user_is_award_staff": SimpleLazyObject(lambda: bool(user and is_award_staff(user))),
    }
