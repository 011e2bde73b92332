"""Judging rounds and assignments; assignments go through the service, as allocation does."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from judging import services
from judging.models import Round

from .awards import AwardPageFactory


class RoundFactory(DjangoModelFactory):
    """A round open for scoring now (`closed=True` or `upcoming=True` otherwise)."""

    class Meta:
        model = Round

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=20)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=5)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=20)),
        )

    award = factory.SubFactory(AwardPageFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    judges_per_entry = 3


def assignment(*, round, judge, nomination, by=None, opened: bool = False):
    """Assign `judge` to score `nomination` in `round` (the nomination must enter the round).
    `opened=True`: the judge has also opened the entry and confirmed they have no conflict with it,
    which they must before reading it or downloading its evidence."""
    created = services.assignment_create(round=round, judge=judge, nomination=nomination, by=by)
    if opened:
        services.assignment_confirm_no_conflict(assignment=created, by=judge)
    return created
