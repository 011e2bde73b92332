"""People: a user signs in with a verified email address; roles come from groups and council membership."""

import itertools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from home.permissions import AWARD_ADMINISTRATORS, EDITORS, JUDGES

PASSWORD = "correct-horse-battery"
_officer_numbers = itertools.count(1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda user: user.email)
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def email_address(self, create, extracted, **kwargs):
        """allauth's record of the address; verified unless `email_address=False` (unverified)."""
        if not create:
            return
        EmailAddress.objects.get_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """`groups=["Judges"]`: names of groups the data migrations created."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


def judge_user(**kwargs):
    return UserFactory(groups=[JUDGES], **kwargs)


def staff_user(**kwargs):
    """An award administrator (Locality staff). Wagtail admin access comes from the group's
    `wagtailadmin.access_admin` permission, not from is_staff."""
    return UserFactory(groups=[AWARD_ADMINISTRATORS], **kwargs)


def editor_user(**kwargs):
    return UserFactory(groups=[EDITORS], **kwargs)


def officer_user(council=None, **kwargs):
    """A council officer: a verified work address at the council's domain and an approved membership."""
    from .awards import CouncilFactory, MembershipFactory

    council = council or CouncilFactory()
    domain = council.domains[0] if council.domains else "example.gov.uk"
    kwargs.setdefault("email", f"officer{next(_officer_numbers)}@{domain}")
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, council=council)
    return user


def council_of(user):
    """The council an officer made by `officer_user` belongs to."""
    from awards.models import CouncilMembership

    return user.council_memberships.get(status=CouncilMembership.Status.APPROVED).council
