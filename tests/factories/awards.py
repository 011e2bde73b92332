"""Councils, awards and nominations, made the way the product makes them: pages under the awards index,
nominations moved on by the services."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.db.models import Max
from django.utils import timezone
from factory.django import DjangoModelFactory

from awards import services
from awards.models import (
    AwardCriterion,
    AwardIndexPage,
    AwardPage,
    Council,
    CouncilMembership,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    Principle,
)

from .files import pdf_file
from .users import UserFactory, officer_user, staff_user


def _next_free_year() -> int:
    """This year for the first award of a test, then the years after it (year is unique)."""
    latest = AwardPage.objects.aggregate(latest=Max("year"))["latest"]
    return max(latest or 0, timezone.now().year - 1) + 1


def _days_from_now(days: int):
    return factory.LazyFunction(lambda: timezone.now() + timedelta(days=days))


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    kind = Council.Kind.UNITARY
    region = "West Midlands"
    email_domains = factory.Sequence(lambda n: f"testshire{n}.gov.uk")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = CouncilMembership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    status = CouncilMembership.Status.APPROVED


class AwardPageFactory(DjangoModelFactory):
    """An award page under the awards index, open for nominations unless `closed=True` or
    `upcoming=True`, judged on the six principles (version 1) with weight 1 each.

    `criteria={5: Decimal("1.5")}` changes weights by principle number; `criteria=[1, 2, 3]` judges only
    those principles (weight 1).
    """

    class Meta:
        model = AwardPage
        skip_postgeneration_save = True

    class Params:
        closed = factory.Trait(opens_at=_days_from_now(-60), closes_at=_days_from_now(-10))
        upcoming = factory.Trait(opens_at=_days_from_now(10), closes_at=_days_from_now(40))

    year = factory.LazyFunction(_next_free_year)
    title = factory.LazyAttribute(lambda award: f"Keep it Local Award {award.year}")
    slug = factory.LazyAttribute(lambda award: str(award.year))
    intro = "<p>Recognising councils that work with local community organisations.</p>"
    eligibility = "<p>Councils and integrated care boards in England and Wales.</p>"
    opens_at = _days_from_now(-10)
    closes_at = _days_from_now(20)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        award = model_class(*args, **kwargs)
        AwardIndexPage.objects.get().add_child(instance=award)
        return award

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        principles = {p.number: p for p in Principle.objects.filter(version=1)}
        if isinstance(extracted, dict):
            weights = {number: Decimal("1") for number in principles} | {
                number: Decimal(str(weight)) for number, weight in extracted.items()
            }
        elif extracted:
            weights = {number: Decimal("1") for number in extracted}
        else:
            weights = {number: Decimal("1") for number in principles}
        AwardCriterion.objects.bulk_create(
            AwardCriterion(
                award=self, principle=principles[number], weight=weight, sort_order=index
            )
            for index, (number, weight) in enumerate(sorted(weights.items()))
        )


def _an_officer_of(council):
    membership = (
        CouncilMembership.objects.filter(council=council, status=CouncilMembership.Status.APPROVED)
        .select_related("user")
        .first()
    )
    return membership.user if membership else officer_user(council=council)


class NominationFactory(DjangoModelFactory):
    """A complete draft: lead contact, title, summary, two partner organisations (`partner_organisations=
    False` for none), the declarations and a statement for every principle (`statements=False` for none,
    `statements={1: "text"}` for only those). Evidence is not included: a submitted nomination comes
    from `submitted_nomination`."""

    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    award = factory.SubFactory(AwardPageFactory)
    council = factory.SubFactory(CouncilFactory)
    created_by = factory.LazyAttribute(lambda nomination: _an_officer_of(nomination.council))
    contact_name = "Sam Patel"
    contact_job_title = "Head of Communities"
    contact_phone = "01632 960 001"
    title = factory.Sequence(lambda n: f"Neighbourhood partnership {n}")
    summary = (
        "Our council and local community organisations redesigned early help around neighbourhoods, "
        "moving money and decisions closer to the people who use them."
    )
    partners = "A partnership board with a shared budget, chaired by the community sector."
    declaration_confirmed = True
    contacts_consent = True
    publication_consent = True

    @factory.post_generation
    def partner_organisations(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        PartnerOrganisation.objects.bulk_create(
            [
                PartnerOrganisation(
                    nomination=self,
                    position=0,
                    name="Testshire Community Voluntary Service",
                    kind=PartnerOrganisation.Kind.CHARITY,
                    contact_name="Alex Jones",
                    contact_email="alex@testshire-cvs.org.uk",
                ),
                PartnerOrganisation(
                    nomination=self,
                    position=1,
                    name="Northside Community Centre",
                    kind=PartnerOrganisation.Kind.COMMUNITY_ANCHOR,
                    contact_name="Priya Shah",
                    contact_email="priya@northside.org.uk",
                    contact_phone="01632 960 002",
                ),
            ]
        )

    @factory.post_generation
    def statements(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        criteria = self.award.criteria.select_related("principle")
        texts = (
            extracted
            if isinstance(extracted, dict)
            else {
                c.principle.number: f"How we put principle {c.principle.number} into practice: "
                "we co-designed the service with community organisations and measured the effect."
                for c in criteria
            }
        )
        NominationStatement.objects.bulk_create(
            NominationStatement(nomination=self, criterion=c, text=texts[c.principle.number])
            for c in criteria
            if c.principle.number in texts
        )


def submitted_nomination(*, by=None, evidence_files: int = 1, **kwargs) -> Nomination:
    """A nomination submitted through the services: evidence uploaded, reference allocated.
    The award must be open (the services refuse otherwise)."""
    nomination = NominationFactory(**kwargs)
    by = by or nomination.created_by
    for number in range(1, evidence_files + 1):
        services.evidence_add(
            nomination=nomination,
            by=by,
            uploaded_file=pdf_file(f"evidence-{number}.pdf"),
            description=f"Evidence {number}",
        )
    return services.nomination_submit(nomination=nomination, by=by)


def eligible_nomination(*, staff=None, **kwargs) -> Nomination:
    """A submitted nomination an award administrator has marked eligible."""
    nomination = submitted_nomination(**kwargs)
    return services.nomination_mark_eligibility(
        nomination=nomination, by=staff or staff_user(), eligible=True
    )


def announce_results(award, *, at=None) -> AwardPage:
    """Set the award's results as announced (at `at`, a minute ago by default), as a past award's
    would be. Announcing through the admin is judging.services.results_announce; this is for tests
    that need an announced award without running judging first."""
    at = at or timezone.now() - timedelta(minutes=1)
    AwardPage.objects.filter(pk=award.pk).update(results_announced_at=at)
    award.results_announced_at = at
    return award
