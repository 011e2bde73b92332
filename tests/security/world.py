"""The world the permission matrix asks about, built once: two councils with officers, A's nomination
submitted, eligible, with evidence and in an open judging round, and every kind of person."""

from dataclasses import dataclass, field

from django.db.models import Model
from django.test import Client

from awards.memberships import membership_request
from awards.models import (
    AwardIndexPage,
    AwardPage,
    Council,
    CouncilMembership,
    Evidence,
    Nomination,
    ShowcaseIndexPage,
)
from home.models import HomePage, StandardPage
from judging import services as judging_services
from judging.models import Assignment, ConflictDeclaration, Decision, Round
from tests.auth import mfa_session, needs_second_factor
from tests.factories import (
    AwardPageFactory,
    CouncilFactory,
    NominationFactory,
    RoundFactory,
    UserFactory,
    assignment,
    editor_user,
    eligible_nomination,
    judge_user,
    officer_user,
    site_image,
    staff_user,
    story_page,
)

ROLES = (
    "anonymous",
    "officer_a",
    "officer_b",
    "judge_assigned",
    "judge_unassigned",
    "judge_conflicted",
    "editor",
    "staff",
)
# The world's pages by name, known before the world is built: the matrix asks for each one at its URL.
PAGES = (
    "home",
    "award_index",
    "award",
    "showcase_index",
    "story_live",
    "story_draft",
    "standard_live",
    "standard_draft",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    council_a: Council = None
    council_b: Council = None
    award: AwardPage = None
    nomination_a: Nomination = None
    nomination_b: Nomination = None
    evidence_a: Evidence = None
    round: Round = None
    assignment_a: Assignment = None
    pending_membership_a: CouncilMembership = None
    decision_a: Decision = None
    conflict_a: ConflictDeclaration = None
    pages: dict = field(default_factory=dict)
    image: Model = None

    def client(self, role: str) -> Client:
        # Answers, not exceptions: a 500 is an outcome the matrix reports. Each person asks from
        # an address of their own, as people do: the sign-in throttles count per address.
        client = Client(
            raise_request_exception=False, REMOTE_ADDR=f"198.51.100.{ROLES.index(role) + 1}"
        )
        user = self.users.get(role)
        if user is not None:
            client.force_login(user)
            if needs_second_factor(user):
                mfa_session(client, user)
        return client


def build_world() -> World:
    world = World()
    staff = staff_user()
    world.council_a = CouncilFactory(name="Aville Council")
    world.council_b = CouncilFactory(name="Beeton Council")
    officer_a = officer_user(council=world.council_a)
    officer_b = officer_user(council=world.council_b)
    world.award = AwardPageFactory()
    world.nomination_a = eligible_nomination(
        award=world.award, council=world.council_a, staff=staff
    )
    world.nomination_b = NominationFactory(award=world.award, council=world.council_b)
    world.evidence_a = world.nomination_a.evidence.get()
    world.round = RoundFactory(award=world.award)

    judge_assigned = judge_user()
    judge_unassigned = judge_user()
    judge_conflicted = judge_user()
    world.assignment_a = assignment(
        round=world.round, judge=judge_assigned, nomination=world.nomination_a, opened=True
    )
    world.conflict_a = judging_services.conflict_declare(
        judge=judge_conflicted,
        award=world.award,
        council=world.council_a,
        reason="I chair a charity Aville Council funds.",
        by=judge_conflicted,
    )
    world.decision_a = Decision.objects.create(
        nomination=world.nomination_a, round=world.round, outcome=Decision.Outcome.SHORTLISTED
    )
    world.pending_membership_a = membership_request(
        user=UserFactory(email="newcomer@elsewhere.example.org"), council=world.council_a
    )

    world.users = {
        "officer_a": officer_a,
        "officer_b": officer_b,
        "judge_assigned": judge_assigned,
        "judge_unassigned": judge_unassigned,
        "judge_conflicted": judge_conflicted,
        "editor": editor_user(),
        "staff": staff,
    }
    world.image = site_image()
    standard = StandardPage(title="About the award", slug="about", body="<p>About</p>")
    HomePage.objects.get().add_child(instance=standard)
    standard.save_revision().publish()
    draft_standard = StandardPage(title="Draft page", slug="draft-page", live=False)
    HomePage.objects.get().add_child(instance=draft_standard)
    draft_standard.save_revision()
    world.pages = {
        "home": HomePage.objects.get(),
        "award_index": AwardIndexPage.objects.get(),
        "award": world.award,
        "showcase_index": ShowcaseIndexPage.objects.get(),
        "story_live": story_page(live=True),
        "story_draft": story_page(live=False),
        "standard_live": standard,
        "standard_draft": draft_standard,
    }
    assert tuple(world.pages) == PAGES, "PAGES names every page of the world, in order"
    return world
