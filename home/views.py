from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from home.permissions import is_award_staff, is_editor, is_judge
from home.security import idle_seconds_left


@login_required
def after_sign_in(request):
    """Send each person to where their work is."""
    user = request.user
    if is_award_staff(user):
        return redirect("wagtailadmin_home")
    if is_judge(user):
        return redirect("judging:dashboard")
    if is_editor(user):
        return redirect("wagtailadmin_home")
    # Officers, and people who have not joined their council yet: "Your nominations" offers to join.
    return redirect("awards:nomination_list")


def _signed_out():
    return JsonResponse(
        {
            "signed_in": False,
            "message": _("You have been signed out."),
            "sign_in_url": reverse(settings.LOGIN_URL),
        },
        status=401,
    )


@never_cache
@require_GET
def session_status(request):
    """For site.js's idle warning: how long this person has left before they are signed out for
    inactivity. Asking is not activity: it does not restart the clock."""
    if not request.user.is_authenticated:
        return _signed_out()
    return JsonResponse({"signed_in": True, "seconds_left": idle_seconds_left(request)})


@never_cache
@require_POST
def stay_signed_in(request):
    """ "Stay signed in" on the idle warning: any request restarts the idle clock, this one says so."""
    if not request.user.is_authenticated:
        return _signed_out()
    return JsonResponse(
        {
            "signed_in": True,
            "seconds_left": idle_seconds_left(request),
            "message": _("You are still signed in."),
        }
    )


@require_GET
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("icons/favicon.ico"), permanent=True)
