from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from home.permissions import is_award_staff, is_editor, is_judge


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
