"""Every role predicate in home/permissions.py, asked about every kind of person, against a table of
the answers; and the rules built on is_privileged (the second factor) asking the same question.

Whether a judge is assigned to anything does not enter these roles (tests/judging/test_permissions.py
covers that); nor does which council an officer belongs to, but both officers are here to show it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import home.permissions
from home.mfa import needs_mfa
from home.permissions import (
    anonymous,
    is_award_staff,
    is_editor,
    is_judge,
    is_privileged,
    is_signed_in,
)
from tests.factories import UserFactory, judge_user, moderator_user

pytestmark = pytest.mark.django_db

PREDICATES = (is_signed_in, is_award_staff, is_judge, is_editor, is_privileged)

T, F = True, False
EXPECTED = {
    #                     signed_in  award_staff  judge  editor  privileged
    "anonymous":          (F,        F,           F,     F,      F),
    "officer_a":          (T,        F,           F,     F,      F),
    "officer_b":          (T,        F,           F,     F,      F),
    "judge":              (T,        F,           T,     F,      T),
    "staff":              (T,        T,           F,     T,      T),
    "editor":             (T,        F,           F,     T,      T),
    "moderator":          (T,        F,           F,     T,      T),
    "superuser":          (T,        T,           F,     T,      T),
    # Admin access granted to the person, outside any group: the admin's second factor asked
    # has_perm, so they needed it before is_privileged existed.
    "own_admin_access":   (T,        F,           F,     F,      T),
    # A group the award team made in the admin: the idle limit counted any group.
    "other_group":        (T,        F,           F,     F,      T),
    # Roles are the account's: a deactivated judge cannot sign in, but their account still may not
    # be deleted by themselves (the scores stay).
    "deactivated_judge":  (F,        F,           F,     F,      T),
}  # fmt: skip


@pytest.fixture
def person(request):
    """`person(role)`: a fresh user of that kind (roles are cached on the user object)."""

    def make(role):
        match role:
            case "anonymous":
                return anonymous()
            case "officer_a":
                return request.getfixturevalue("officer")
            case "officer_b":
                return request.getfixturevalue("other_officer")
            case "judge" | "staff" | "editor":
                return request.getfixturevalue(role)
            case "moderator":
                return moderator_user()
            case "superuser":
                return UserFactory(is_superuser=True)
            case "own_admin_access":
                user = UserFactory()
                user.user_permissions.add(
                    Permission.objects.get(
                        content_type__app_label="wagtailadmin", codename="access_admin"
                    )
                )
                return user
            case "other_group":
                user = UserFactory()
                user.groups.add(Group.objects.create(name="Communications team"))
                return user
            case "deactivated_judge":
                return judge_user(is_active=False)
        raise AssertionError(role)

    return make


def _cases() -> list:
    return [
        pytest.param(role, predicate, expected, id=f"{role}-{predicate.__name__}")
        for role, row in EXPECTED.items()
        for predicate, expected in zip(PREDICATES, row, strict=True)
    ]


@pytest.mark.parametrize(("role", "predicate", "expected"), _cases())
def test_role_predicate(role, predicate, expected, person):
    assert predicate(person(role)) is expected


def test_every_predicate_has_a_yes_and_a_no():
    for column, predicate in enumerate(PREDICATES):
        answers = {row[column] for row in EXPECTED.values()}
        assert answers == {True, False}, predicate.__name__


def test_the_table_has_every_role_predicate_in_the_module():
    predicates = {
        value
        for value in vars(home.permissions).values()
        if callable(value)
        and getattr(value, "__module__", None) == "home.permissions"
        and getattr(value, "__annotations__", {}).get("return") is bool
        and not value.__name__.startswith("_")
    }
    assert predicates == set(PREDICATES)


# --- the second factor asks is_privileged, whatever the path ------------------------------------


def _paths():
    return {
        "admin": reverse("wagtailadmin_home"),
        "admin page": reverse("awards_nomination_modeladmin_index"),
        "judging": reverse("judging:dashboard"),
        "nominations": reverse("awards:nomination_list"),
    }


@pytest.mark.parametrize("role", EXPECTED)
def test_the_second_factor_is_for_the_privileged_on_every_protected_path(role, person):
    user = person(role)
    privileged = EXPECTED[role][PREDICATES.index(is_privileged)]

    assert {name: needs_mfa(user, path) for name, path in _paths().items()} == dict.fromkeys(
        _paths(), privileged
    )


@pytest.mark.parametrize("role", ["judge", "staff", "superuser", "own_admin_access"])
def test_public_pages_and_signing_out_never_need_a_second_factor(role, person):
    user = person(role)

    assert needs_mfa(user, "/") is False
    assert needs_mfa(user, reverse("wagtailadmin_logout")) is False
