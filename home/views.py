from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from awards.permissions import is_officer
from home.permissions import is_award_staff, is_judge


@login_required
def after_sign_in(request):
    """Send each person to where their work is."""
    user = request.user
    if is_award_staff(user):
        return redirect("wagtailadmin_home")
    if is_judge(user):
        return redirect("judging:dashboard")
    if is_officer(user):
        return redirect("awards:nomination_list")
    return redirect("/")
