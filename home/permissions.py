"""Site-wide roles. Every permission question in the project is answered by a predicate built on these."""

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db.models import Value

AWARD_ADMINISTRATORS = "Award administrators"
JUDGES = "Judges"
EDITORS = "Editors"
MODERATORS = "Moderators"


# Wagtail's permission to enter its admin. Groups grant it; a person can also hold it on their own.
ADMIN_ACCESS_APP, ADMIN_ACCESS_CODENAME = "wagtailadmin", "access_admin"


def _load_roles(user) -> None:
    # Cached on the user object: a page asks several role questions per request. One query for both
    # the groups and admin access held outside any group, because is_privileged asks about every
    # signed-in person on every request (home/security.py) and an officer's request must not pay
    # for Django's two permission queries.
    if hasattr(user, "_kil_group_names"):
        return
    groups = (
        Group.objects.filter(user=user)
        .annotate(direct=Value(False))
        .values_list("name", "direct")
        .order_by()
    )
    direct = (
        Permission.objects.filter(
            user=user,
            content_type__app_label=ADMIN_ACCESS_APP,
            codename=ADMIN_ACCESS_CODENAME,
        )
        .annotate(label=Value(""), direct=Value(True))
        .values_list("label", "direct")
        .order_by()
    )
    rows = list(groups.union(direct, all=True))
    user._kil_group_names = frozenset(name for name, is_direct in rows if not is_direct)
    user._kil_own_admin_access = any(is_direct for _, is_direct in rows)


def _group_names(user) -> frozenset[str]:
    _load_roles(user)
    return user._kil_group_names


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_award_staff(user) -> bool:
    if not is_signed_in(user):
        return False
    return user.is_superuser or AWARD_ADMINISTRATORS in _group_names(user)


def is_judge(user) -> bool:
    return is_signed_in(user) and JUDGES in _group_names(user)


def is_editor(user) -> bool:
    if not is_signed_in(user):
        return False
    return is_award_staff(user) or bool({EDITORS, MODERATORS} & _group_names(user))


def is_privileged(user) -> bool:
    """Does this account hold a role beyond an officer's: superuser, a member of any group (award
    administrators, judges, editors, moderators: each of them sees entries, scores or the admin), or
    admin access granted to the person directly?

    The one answer to "who is privileged" for every rule that treats these people differently from
    officers: the second factor (home/mfa.py), the short idle limit (home/security.py), and not
    deleting one's own account (awards/privacy.py), so those rules can never disagree about a person.
    It is the union of what each of them asked before, so nobody who was covered by one of them is
    left out: any group at all counts (a group the award team adds in the admin is for staff work;
    officers belong to none), and so does admin access held outside a group.

    It asks about the account, not the session: a deactivated judge is still a judge, whose scores
    the award keeps. Answered from one cached query (see _load_roles), none for a superuser."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or _group_names(user):
        return True
    return user._kil_own_admin_access


def anonymous() -> AnonymousUser:
    return AnonymousUser()
