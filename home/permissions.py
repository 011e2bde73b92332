"""Site-wide roles. Every permission question in the project is answered by a predicate built on these."""

from django.contrib.auth.models import AnonymousUser

AWARD_ADMINISTRATORS = "Award administrators"
JUDGES = "Judges"
EDITORS = "Editors"
MODERATORS = "Moderators"


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: a page asks several role questions per request.
    if not hasattr(user, "_kil_group_names"):
        user._kil_group_names = frozenset(user.groups.values_list("name", flat=True))
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


def has_a_role(user) -> bool:
    """Signed in as a superuser or a member of any of the site's groups: each of them (award
    administrators, judges, editors, moderators) sees entries, scores or the admin; officers belong to
    none. Answered from the groups already loaded for the other role questions, with no permission
    query."""
    return is_signed_in(user) and (user.is_superuser or bool(_group_names(user)))


def anonymous() -> AnonymousUser:
    return AnonymousUser()
