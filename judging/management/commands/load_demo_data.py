"""`manage.py load_demo_data`: a believable world to try the site in.

This year's award open for nominations (drafts, submitted and eligible entries), last year's award
judged and announced with its winner's story live in the showcase, and someone to sign in as for
every role. Every write goes through the same services the site uses. Running it again changes
nothing: each object is looked for first and made only when missing. Last year's entries were made
while that award was open, so the command opens it for a moment while it nominates and scores, then
puts the real dates back.

Nothing is emailed: receipts are queued to a dummy task backend while the command runs.
"""

import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import quote, urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from awards import services as award_services
from awards.models import (
    AwardCriterion,
    AwardIndexPage,
    AwardPage,
    Council,
    CouncilMembership,
    Evidence,
    Nomination,
    Principle,
    ShowcaseIndexPage,
    ShowcaseStoryPage,
)
from awards.sample_files import pdf_bytes
from home import audit_chain
from home.permissions import AWARD_ADMINISTRATORS, EDITORS, JUDGES, MODERATORS
from judging import services as judging_services
from judging.models import Assignment, Decision, Round, Scorecard

DEMO_PASSWORD = "keep-it-local-demo"  # the published demo sign-in, never a real account  # nosec B105
LONDON = zoneinfo.ZoneInfo("Europe/London")
Status = Nomination.Status


# --- the world ---------------------------------------------------------------------------------

# The real past winners: only what is publicly known is said about them (PAST_WINNERS below).
REAL_COUNCILS = [
    # name, kind, region, ONS/GSS code, email domain
    (
        "Kirklees Council",
        Council.Kind.METROPOLITAN,
        "Yorkshire and the Humber",
        "E08000034",
        "kirklees.gov.uk",
    ),
    ("Trafford Council", Council.Kind.METROPOLITAN, "North West", "E08000009", "trafford.gov.uk"),
    ("Shropshire Council", Council.Kind.UNITARY, "West Midlands", "E06000051", "shropshire.gov.uk"),
    (
        "West Yorkshire ICB",
        Council.Kind.ICB,
        "Yorkshire and the Humber",
        "E54000054",
        "westyorkshire.icb.nhs.uk",
    ),
]
# Every invented entry, score, figure and story belongs to one of these fictional organisations, so
# that nothing made up is ever put in a real council's mouth. They have no GSS code and their email
# domains are under .example, which can never be registered.
FICTIONAL_COUNCILS = [
    ("Testshire County Council", Council.Kind.COUNTY, "East Midlands", "", "testshire.example"),
    (
        "Cwm Enghraifft County Borough Council",
        Council.Kind.WELSH_PRINCIPAL,
        "Wales",
        "",
        "cwmenghraifft.example",
    ),
    (
        "Sampleton Metropolitan Borough Council",
        Council.Kind.METROPOLITAN,
        "North West",
        "",
        "sampleton.example",
    ),
    (
        "Demoshire Integrated Care Board",
        Council.Kind.ICB,
        "South West",
        "",
        "demoshire-icb.example",
    ),
    ("Exampleford City Council", Council.Kind.UNITARY, "South West", "", "exampleford.example"),
    ("Mockford Borough Council", Council.Kind.DISTRICT, "South East", "", "mockford.example"),
]
COUNCILS = REAL_COUNCILS + FICTIONAL_COUNCILS
REAL_COUNCIL_NAMES = frozenset(spec[0] for spec in REAL_COUNCILS)


@dataclass(frozen=True)
class Person:
    role: str
    first_name: str
    last_name: str
    email: str
    groups: tuple[str, ...] = ()
    council: str = ""
    superuser: bool = False

    @property
    def privileged(self) -> bool:
        """Sees entries or the admin, so signs in with an authenticator app as well."""
        return self.superuser or bool(self.groups)


PEOPLE = [
    Person("Superuser", "Site", "Administrator", "admin@keepitlocal.example", superuser=True),
    # The award administrator approves stories too: a story in review is locked to everyone
    # outside the "Showcase review" task's group (Moderators), award administrators included.
    Person(
        "Award administrator",
        "Priya",
        "Shah",
        "priya.shah@keepitlocal.example",
        (AWARD_ADMINISTRATORS, MODERATORS),
    ),
    Person("Editor", "Tom", "Ellis", "tom.ellis@keepitlocal.example", (EDITORS,)),
    Person("Moderator", "Nadia", "Brooks", "nadia.brooks@keepitlocal.example", (MODERATORS,)),
    Person("Judge", "Amina", "Okafor", "amina.okafor@keepitlocal.example", (JUDGES,)),
    Person("Judge", "Gareth", "Hughes", "gareth.hughes@keepitlocal.example", (JUDGES,)),
    Person("Judge", "Helen", "Marsh", "helen.marsh@keepitlocal.example", (JUDGES,)),
    Person(
        "Council officer",
        "Sarah",
        "Whitaker",
        "sarah.whitaker@testshire.example",
        council="Testshire County Council",
    ),
    Person(
        "Council officer",
        "Rhys",
        "Morgan",
        "rhys.morgan@cwmenghraifft.example",
        council="Cwm Enghraifft County Borough Council",
    ),
    Person(
        "Council officer",
        "Imran",
        "Hussain",
        "imran.hussain@sampleton.example",
        council="Sampleton Metropolitan Borough Council",
    ),
    Person(
        "Council officer",
        "Claire",
        "Dawson",
        "claire.dawson@demoshire-icb.example",
        council="Demoshire Integrated Care Board",
    ),
    Person(
        "Council officer",
        "Laura",
        "Bennett",
        "laura.bennett@exampleford.example",
        council="Exampleford City Council",
    ),
    Person(
        "Council officer",
        "Daniel",
        "Okoro",
        "daniel.okoro@mockford.example",
        council="Mockford Borough Council",
    ),
]
ADMIN_EMAIL = "admin@keepitlocal.example"
STAFF_EMAIL = "priya.shah@keepitlocal.example"
EDITOR_EMAIL = "tom.ellis@keepitlocal.example"
MODERATOR_EMAIL = "nadia.brooks@keepitlocal.example"
JUDGE_EMAILS = [p.email for p in PEOPLE if JUDGES in p.groups]
DEMO_JUDGE_EMAIL = JUDGE_EMAILS[0]
# The privileged demo accounts' authenticator app, fixed so that anyone trying the demo can sign in
# with `manage.py demo_totp_code`. Published, so never set outside development and test.
DEMO_TOTP_SECRET = "KEEPITLOCALDEMOTOTPSECRETKEYABCD"  # nosec B105


@dataclass(frozen=True)
class Project:
    title: str
    place: str
    initiative: str
    lead_partner: str
    partners: tuple[str, ...]
    neighbourhoods: int
    example_place: str
    budget: str
    local_share: int
    local_share_actual: int
    new_suppliers: int
    prevention_share: int
    outcome: str
    years: int
    old_days: int
    new_days: int
    evidence: tuple[str, ...] = field(default=())


# Invented projects of the fictional councils, partners included: every name and figure is made up.
PROJECTS = {
    "Testshire County Council": Project(
        title="Community anchors: everyone's place in Testshire",
        place="Testshire",
        initiative="Our community anchors programme",
        lead_partner="the Testshire Community Anchors Network",
        partners=(
            "Testshire Community Trust",
            "North Testshire Neighbourhood Network",
            "Testing Vale Community Hub",
            "Testbury Youth and Family Centre",
        ),
        neighbourhoods=12,
        example_place="Little Testing",
        budget="2.4 million",
        local_share=60,
        local_share_actual=68,
        new_suppliers=23,
        prevention_share=45,
        outcome="that adult social care referrals from pilot areas fell by 14% in two years",
        years=5,
        old_days=94,
        new_days=21,
        evidence=("Community anchors evaluation.pdf", "Partnership covenant.pdf"),
    ),
    "Cwm Enghraifft County Borough Council": Project(
        title="Cwm Enghraifft community hubs: local by default",
        place="Cwm Enghraifft",
        initiative="The community hubs partnership",
        lead_partner="Cwm Enghraifft Voluntary Council",
        partners=(
            "Upper Cwm Community Hub",
            "Enghraifft Valley Volunteers",
            "Cwm Food Partnership",
        ),
        neighbourhoods=9,
        example_place="Upper Cwm",
        budget="1.6 million",
        local_share=50,
        local_share_actual=57,
        new_suppliers=15,
        prevention_share=38,
        outcome="that people supported early were half as likely to reach crisis housing services",
        years=3,
        old_days=80,
        new_days=28,
        evidence=("Community hubs annual report.pdf",),
    ),
    "Sampleton Metropolitan Borough Council": Project(
        title="Sampleton neighbourhood partnerships",
        place="Sampleton",
        initiative="Our neighbourhood partnerships",
        lead_partner="Sampleton Community Action",
        partners=(
            "Sampleton Moor Community Partnership",
            "East Sampleton Together",
            "Sampleton Residents' Trust",
        ),
        neighbourhoods=7,
        example_place="Sampleton Moor",
        budget="1.1 million",
        local_share=40,
        local_share_actual=46,
        new_suppliers=9,
        prevention_share=30,
        outcome="that repeat visits to the council's emergency support scheme fell by a fifth",
        years=3,
        old_days=70,
        new_days=35,
        evidence=("Neighbourhood partnerships review.pdf",),
    ),
    "Demoshire Integrated Care Board": Project(
        title="Health inequalities community fund",
        place="Demoshire",
        initiative="The health inequalities community fund",
        lead_partner="the Demoshire Voluntary and Community Sector Partnership",
        partners=(
            "Demoshire Community Health Forum",
            "Demoford Together",
            "Demoshire Older People's Network",
        ),
        neighbourhoods=5,
        example_place="Demoford",
        budget="3 million",
        local_share=55,
        local_share_actual=61,
        new_suppliers=31,
        prevention_share=70,
        outcome="better uptake of health checks among people who had not seen a GP in three years",
        years=3,
        old_days=120,
        new_days=30,
        evidence=("Community fund learning report.pdf",),
    ),
    "Exampleford City Council": Project(
        title="Exampleford community resilience partnership",
        place="Exampleford",
        initiative="The community resilience partnership",
        lead_partner="Exampleford Voluntary Action",
        partners=(
            "Exampleford Settlement",
            "Exampleford West Community Trust",
            "Riverside Exampleford Neighbourhood Forum",
        ),
        neighbourhoods=10,
        example_place="Exampleford West",
        budget="1.9 million",
        local_share=55,
        local_share_actual=59,
        new_suppliers=18,
        prevention_share=42,
        outcome="that families supported by community groups needed fewer statutory interventions",
        years=4,
        old_days=88,
        new_days=25,
        evidence=("Resilience partnership impact report.pdf",),
    ),
    "Mockford Borough Council": Project(
        title="Mockford locality partnerships: working with, not doing to",
        place="Mockford",
        initiative="Our locality partnerships",
        lead_partner="Mockford Community Collective",
        partners=("Mockford Green Community Hub", "Old Mockford Forum", "Mockford West Together"),
        neighbourhoods=4,
        example_place="Mockford Green",
        budget="900,000",
        local_share=50,
        local_share_actual=54,
        new_suppliers=12,
        prevention_share=40,
        outcome="that waits for early help fell from six weeks to nine days",
        years=3,
        old_days=75,
        new_days=20,
        evidence=("Locality partnerships evaluation.pdf",),
    ),
}


def _prose(text: str) -> str:
    """A triple-quoted block as the officer typed it: paragraphs separated by one blank line."""
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.strip().split("\n\n"))


STATEMENTS = {
    1: _prose(
        """
        {initiative} began with a question residents kept asking us: why do I have to tell my story
        five times? We brought adult social care, public health, housing and children's services
        together with {lead_partner} in one partnership board for {place}, with a shared budget of
        £{budget}. We now plan around people and places rather than around contracts, and the board
        reviews one set of shared outcomes every quarter.
        """
    ),
    2: _prose(
        """
        We organised the work around {neighbourhoods} neighbourhoods, each anchored by a community
        organisation that knows the place. Every neighbourhood has a named officer, a weekly drop-in
        and a small fund that local people decide how to spend.

        In {example_place} the anchor now hosts health visitors, welfare rights advice and the
        library's digital support under one roof.
        """
    ),
    3: _prose(
        """
        With our procurement team we set a target that at least {local_share}% of the programme
        budget is spent with organisations based in {place}. We split large lots, pay invoices
        within ten days and publish a pipeline of opportunities six months ahead. Last year
        {local_share_actual}% was spent locally, and {new_suppliers} community organisations
        delivered funded work for the first time.
        """
    ),
    4: _prose(
        """
        Money moved upstream: {prevention_share}% of the programme funds early help delivered by
        community organisations (befriending, debt advice, family support) before needs reach
        statutory services. An independent evaluation found {outcome}. Our finance team tracks the
        costs avoided, and part of the saving is reinvested in the neighbourhoods.
        """
    ),
    5: _prose(
        """
        We signed a {years}-year partnership agreement with {lead_partner}. It commits us to multi-
        year core funding, shared training, free use of council buildings and a seat for community
        organisations where budgets are decided. When costs rose, we agreed an inflation uplift
        within a fortnight, because the relationship was already there.
        """
    ),
    6: _prose(
        """
        We replaced tendering for small contracts with a grants programme designed with community
        organisations: a two-page application, a conversation instead of a scoring panel, and light-
        touch reporting. The time from application to payment fell from {old_days} days to
        {new_days}, and local is now our default choice.
        """
    ),
}
SUMMARY = _prose(
    """
    {initiative} puts community organisations at the centre of how {place} supports people. Working
    across {neighbourhoods} neighbourhoods with {lead_partner}, we moved money and decisions closer
    to residents, simplified how we commission, and invested in prevention. The result is a
    partnership that residents recognise and that other parts of the system now copy.
    """
)

# The council's entry this year: how far it has got.
CURRENT_NOMINATIONS = [
    ("Testshire County Council", "partial"),
    ("Cwm Enghraifft County Borough Council", "started"),
    ("Exampleford City Council", Status.SUBMITTED),
    ("Mockford Borough Council", Status.ELIGIBLE),
    ("Sampleton Metropolitan Borough Council", Status.ELIGIBLE),
    ("Demoshire Integrated Care Board", Status.ELIGIBLE),
]
# Last year's entries, the scores the panel gave them (None: not applicable) and the outcome.
PAST_NOMINATIONS = [
    (
        "Testshire County Council",
        (5, 4, 5, 4, 5, 5),
        Decision.Outcome.WINNER,
        "Outstanding on all six principles; the anchors model is embedded and others can learn.",
    ),
    (
        "Cwm Enghraifft County Borough Council",
        (4, 4, 4, 3, 5, 4),
        Decision.Outcome.HIGHLY_COMMENDED,
        "A strong partnership, committed to community organisations; impact evidence is growing.",
    ),
    (
        "Sampleton Metropolitan Borough Council",
        (3, 4, 3, 3, 3, 2),
        Decision.Outcome.NOT_SELECTED,
        "Promising neighbourhood work; commissioning has further to go.",
    ),
    (
        "Demoshire Integrated Care Board",
        (4, 3, 2, 4, 3, None),
        Decision.Outcome.NOT_SELECTED,
        "Impressive prevention focus; less evidence on local spend and commissioning.",
    ),
]


@dataclass(frozen=True)
class PastWinner:
    """A real winner from before this site, with only what is publicly known about it."""

    year: int
    council: str
    title: str
    summary: str


# Real past winners. Nothing here goes beyond what Locality has announced: editors complete each story.
PAST_WINNERS = [
    PastWinner(
        2021,
        "Kirklees Council",
        "Kirklees Council: winner of the 2021 Keep it Local Award",
        "Kirklees Council won the 2021 Keep it Local Award.",
    ),
    PastWinner(
        2023,
        "Trafford Council",
        "Trafford Council: winner of the 2023 Keep it Local Award",
        "Trafford Council won the 2023 Keep it Local Award.",
    ),
    PastWinner(
        2024,
        "West Yorkshire ICB",
        "West Yorkshire ICB: winner of the 2024 Keep it Local Award",
        "West Yorkshire Integrated Care Board (ICB) won the 2024 Keep it Local Award.",
    ),
    PastWinner(
        2025,
        "Shropshire Council",
        "Shropshire Council Public Health: the Market Drayton Community Covenant",
        "Shropshire Council Public Health won the 2025 Keep it Local Award with the Market "
        "Drayton Community Covenant.",
    ),
]
# Said on every real winner's page, so that no one takes the starter summary for the whole story.
ANNOUNCED_ONLY = "This page gives only the result as announced; the story of the work is to follow."
PAST_WINNER_NOTE = (
    "Summary of what is publicly known about this winner, loaded as starter content. To do: "
    "write the full story with the organisation (what they did, with which community "
    "organisations, what changed), add the principles it illustrates, quotes with consent "
    "recorded and images with alt text and credit, then untick 'short summary'."
)
DEMO_STORY_NOTE = (
    "Demonstration content made by load_demo_data from a fictional nomination: not a real "
    "story. Delete it before the site goes live."
)

SCORE_COMMENTS = {
    5: "Exemplary, with strong evidence of impact.",
    4: "Consistent practice and clear evidence of benefit.",
    3: "Good practice in places; the evidence is thinner.",
    2: "Developing: mostly intent so far.",
    1: "Little evidence of practice yet.",
    0: "Not evidenced.",
    None: "Not applicable to this entry.",
}


def _london(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@dataclass
class Timeline:
    """The two awards' dates, from the current date: the award cycle runs November to February."""

    open_year: int
    opens_at: datetime
    closes_at: datetime
    past_year: int
    past_opens_at: datetime
    past_closes_at: datetime
    round_opens_at: datetime
    round_closes_at: datetime
    decided_at: datetime
    results_announced_at: datetime

    @classmethod
    def for_now(cls, now) -> "Timeline":
        local = timezone.localtime(now, LONDON)
        open_year = local.year + 1 if local.month >= 10 else local.year
        opens_at = _london(open_year - 1, 11, 1, 9)
        closes_at = _london(open_year, 2, 27, 17)
        # Outside the usual season the demo still needs an award open for nominations.
        if now < opens_at:
            opens_at = (local - timedelta(days=7)).replace(
                hour=9, minute=0, second=0, microsecond=0
            )
        if now >= closes_at:
            closes_at = (local + timedelta(days=90)).replace(
                hour=17, minute=0, second=0, microsecond=0
            )
        past_year = open_year - 1
        return cls(
            open_year=open_year,
            opens_at=opens_at,
            closes_at=closes_at,
            past_year=past_year,
            past_opens_at=_london(past_year - 1, 11, 1, 9),
            past_closes_at=_london(past_year, 2, 27, 17),
            round_opens_at=_london(past_year, 3, 9, 9),
            round_closes_at=_london(past_year, 4, 24, 17),
            decided_at=_london(past_year, 5, 14, 15),
            results_announced_at=_london(past_year, 6, 18, 12),
        )


@contextmanager
def _open_for_now(model, pk):
    """Open an award or round for a moment, so that the services accept last year's entries and
    scores; the real dates go back afterwards, whatever happens."""
    real_opens_at, real_closes_at = (
        model.objects.filter(pk=pk).values_list("opens_at", "closes_at").get()
    )
    now = timezone.now()
    model.objects.filter(pk=pk).update(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1)
    )
    try:
        yield model.objects.get(pk=pk)
    finally:
        model.objects.filter(pk=pk).update(opens_at=real_opens_at, closes_at=real_closes_at)


# --- the command -------------------------------------------------------------------------------


@dataclass
class PastNominationDates:
    created_at: datetime
    submitted_at: datetime
    eligible_at: datetime
    log: dict


class Command(BaseCommand):
    help = "Load a believable demo world (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even with DJANGO_ENV=production (never on the live site).",
        )

    def handle(self, *args, allow_production=False, **options):
        if getattr(settings, "IS_PRODUCTION", False) and not allow_production:
            raise CommandError("Refusing to load demo data with DJANGO_ENV=production.")
        self.created = 0
        self.timeline = Timeline.for_now(timezone.now())
        quiet = {
            "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        with override_settings(**quiet):
            self.password_hash = make_password(DEMO_PASSWORD)
            with transaction.atomic():
                self._site()
                self.councils = {spec[0]: self._council(*spec) for spec in COUNCILS}
                self.users = {person.email: self._user(person) for person in PEOPLE}
            self._authenticators(
                allow_known_secret=not settings.IS_PRODUCTION, verbosity=options["verbosity"]
            )
            self._current_award()
            self._current_round()
            self._past_award()
            self._past_winners()
            self._story_in_review()
        if self.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded ({self.created} objects created).")
            )
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        self._print_sign_ins()

    # --- site, people and councils -------------------------------------------------------------

    def _site(self):
        """Wagtail's links (sitemap, the API's html_url, page URLs in emails) come from the default
        Site: point it at wherever the demo is served (WAGTAILADMIN_BASE_URL, which `make run` sets
        from HOST and PORT), again whenever that changes."""
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        hostname = base.hostname or "localhost"
        port = base.port or (443 if base.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or (site.hostname, site.port) == (hostname, port):
            return
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        self._made(True)

    def _authenticators(self, *, allow_known_secret, verbosity=1):
        """The privileged demo accounts get the one published authenticator secret, encrypted at rest
        by allauth's MFA adapter like any other. Someone who set up their own app keeps it."""
        if not allow_known_secret:
            if verbosity:
                self.stderr.write(
                    "Not setting the demo authenticator secret with DJANGO_ENV=production: privileged "
                    "accounts set up their own app at first sign-in."
                )
            return
        for person in PEOPLE:
            user = self.users[person.email]
            if not person.privileged:
                continue
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                continue
            TOTP.activate(user, DEMO_TOTP_SECRET)
            self._made(True)

    def _made(self, created: bool):
        self.created += int(created)

    def _council(self, name, kind, region, gss_code, domain):
        council, created = Council.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "region": region,
                "gss_code": gss_code,
                "email_domains": domain,
            },
        )
        self._made(created)
        return council

    def _user(self, person: Person):
        user, created = get_user_model().objects.get_or_create(
            username=person.email,
            defaults={
                "email": person.email,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "password": self.password_hash,
                "is_staff": person.superuser,
                "is_superuser": person.superuser,
            },
        )
        self._made(created)
        _, created = EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        self._made(created)
        for name in person.groups:
            group = Group.objects.get(name=name)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
                self._made(True)
        if person.council:
            _, created = CouncilMembership.objects.get_or_create(
                user=user,
                council=self.councils[person.council],
                defaults={"status": CouncilMembership.Status.APPROVED},
            )
            self._made(created)
        return user

    def _officer(self, council_name):
        return next(self.users[p.email] for p in PEOPLE if p.council == council_name)

    # --- awards --------------------------------------------------------------------------------

    def _award(self, *, year, opens_at, closes_at, results_announced_at=None, intro):
        award = AwardPage.objects.filter(year=year).first()
        if award:
            return award
        award = AwardPage(
            title=f"Keep it Local Award {year}",
            slug=str(year),
            year=year,
            intro=intro,
            eligibility=(
                "<p>Councils in England and Wales (county, district, unitary, metropolitan, "
                "London borough and Welsh principal councils), combined authorities and integrated "
                "care boards may enter. Your nomination must describe work done with local "
                "community organisations.</p>"
            ),
            opens_at=opens_at,
            closes_at=closes_at,
            results_announced_at=results_announced_at,
        )
        AwardIndexPage.objects.get().add_child(instance=award)
        principles = Principle.objects.filter(version=1).order_by("number")
        AwardCriterion.objects.bulk_create(
            AwardCriterion(
                award=award, principle=principle, weight=Decimal("1.00"), sort_order=index
            )
            for index, principle in enumerate(principles)
        )
        admin = self.users[ADMIN_EMAIL]
        award.save_revision(user=admin, log_action=True).publish(user=admin)
        self._made(True)
        return AwardPage.objects.get(pk=award.pk)

    def _nominate(self, *, award_id, council, progress):
        """A nomination written by the council's officer through the services, up to `progress`."""
        officer = self._officer(council.name)
        project = PROJECTS[council.name]
        values = vars(project)
        award = AwardPage.objects.get(pk=award_id)
        nomination = award_services.nomination_start(award=award, council=council, by=officer)
        criteria = award.ordered_criteria
        if progress == "started":
            numbers = []
            fields = {"title": project.title}
        elif progress == "partial":
            numbers = [1, 2, 3]
            fields = {"title": project.title, "summary": SUMMARY.format(**values), "partners": ""}
        else:
            numbers = [c.principle.number for c in criteria]
            fields = {
                "contact_name": officer.get_full_name() or officer.email,
                "contact_job_title": "Head of Communities",
                "title": project.title,
                "summary": SUMMARY.format(**values),
                "partners": "A partnership board with a shared budget and a long-term agreement.",
                "declaration_confirmed": True,
                "contacts_consent": True,
                "publication_consent": True,
            }
        partners = None
        if progress not in {"started", "partial"}:
            partners = [
                {
                    "name": name,
                    "kind": "community_group",
                    "contact_name": "Partnership lead",
                    "contact_email": f"partnerships@{slugify(name)}.example",
                    "contact_phone": "",
                }
                for name in project.partners
            ]
        nomination = award_services.nomination_save(
            nomination=nomination,
            by=officer,
            version=nomination.version,
            fields=fields,
            statements={
                c.pk: STATEMENTS[c.principle.number].format(**values)
                for c in criteria
                if c.principle.number in numbers
            },
            partners=partners,
        )
        if progress in {"started", "partial"}:
            return nomination
        for index, name in enumerate(project.evidence):
            award_services.evidence_add(
                nomination=nomination,
                by=officer,
                uploaded_file=SimpleUploadedFile(
                    name,
                    pdf_bytes(f"{council.name}: {name.removesuffix('.pdf')}"),
                    content_type="application/pdf",
                ),
                description=name.removesuffix(".pdf"),
                criteria=[
                    c for c in criteria if c.principle.number % len(project.evidence) == index
                ],
            )
        nomination = award_services.nomination_submit(nomination=nomination, by=officer)
        if progress == Status.ELIGIBLE:
            nomination = award_services.nomination_mark_eligibility(
                nomination=nomination, by=self.users[STAFF_EMAIL], eligible=True
            )
        return nomination

    def _current_award(self):
        t = self.timeline
        with transaction.atomic():
            award = self._award(
                year=t.open_year,
                opens_at=t.opens_at,
                closes_at=t.closes_at,
                intro=(
                    f"<p>Nominations for the {t.open_year} Keep it Local Award are open. "
                    "Tell us how your council works with local community organisations to put "
                    "the six Keep it Local principles into practice.</p>"
                ),
            )
        for council_name, progress in CURRENT_NOMINATIONS:
            council = self.councils[council_name]
            if Nomination.objects.filter(award=award, council=council).exists():
                continue
            with transaction.atomic():
                self._nominate(award_id=award.pk, council=council, progress=progress)
                self._made(True)

    def _current_round(self):
        """This year's first round, open now and allocated, so that the judges have work from the
        first minute: the first demo judge is part-way through one scorecard, another judge has
        submitted one."""
        t = self.timeline
        award = AwardPage.objects.get(year=t.open_year)
        now = timezone.localtime(timezone.now(), LONDON)
        with transaction.atomic():
            round_, created = Round.objects.get_or_create(
                award=award,
                name="Shortlisting",
                defaults={
                    "opens_at": (now - timedelta(days=3)).replace(
                        hour=9, minute=0, second=0, microsecond=0
                    ),
                    "closes_at": t.closes_at + timedelta(days=30),
                    "judges_per_entry": 2,
                },
            )
            self._made(created)
            if not round_.is_open():
                return  # staff have closed it: leave their round alone
            if not Assignment.objects.filter(round=round_).exists():
                judging_services.round_allocate(round=round_, by=self.users[STAFF_EMAIL])
                self._made(True)
        judges = [self.users[email] for email in JUDGE_EMAILS]
        for judge_number, judge, submit in ((0, judges[0], False), (1, judges[1], True)):
            assignment = (
                Assignment.objects.filter(round=round_, judge=judge)
                .select_related("scorecard", "nomination__council")
                .order_by("pk")
                .first()
            )
            if assignment is None or assignment.scorecard.scores.exists():
                continue
            with transaction.atomic():
                judging_services.conflict_review_confirm(judge=judge, award=award)
                judging_services.assignment_confirm_no_conflict(assignment=assignment, by=judge)
                scores = PAST_NOMINATIONS[judge_number][1]
                criteria = award.ordered_criteria
                scorecard = judging_services.scorecard_save(
                    scorecard=assignment.scorecard,
                    by=judge,
                    version=assignment.scorecard.version,
                    scores={
                        c.pk: (
                            scores[c.principle.number - 1],
                            SCORE_COMMENTS[scores[c.principle.number - 1]],
                        )
                        for c in (criteria if submit else criteria[:3])
                    },
                    overall_comment="" if not submit else "Clear and well evidenced.",
                )
                if submit:
                    judging_services.scorecard_submit(scorecard=scorecard, by=judge)
                self._made(True)

    def _past_award(self):
        t = self.timeline
        with transaction.atomic():
            award = self._award(
                year=t.past_year,
                opens_at=t.past_opens_at,
                closes_at=t.past_closes_at,
                results_announced_at=t.results_announced_at,
                intro=(
                    f"<p>The {t.past_year} Keep it Local Award has been judged. Congratulations to "
                    "the winner and to everyone who entered.</p>"
                    "<p>Demonstration data: this year's entries, scores and story are fictional.</p>"
                ),
            )
        nominations = {}
        for number, (council_name, _scores, _outcome, _rationale) in enumerate(
            PAST_NOMINATIONS, start=1
        ):
            council = self.councils[council_name]
            nomination = Nomination.objects.filter(award=award, council=council).first()
            if nomination is None:
                dates = self._past_nomination_dates(number)
                with (
                    transaction.atomic(),
                    _open_for_now(AwardPage, award.pk),
                    audit_chain.backdated(dates.log),
                ):
                    nomination = self._nominate(
                        award_id=award.pk, council=council, progress=Status.ELIGIBLE
                    )
                    self._backdate_nomination(nomination, dates)
                    self._made(True)
            nominations[council_name] = nomination

        with transaction.atomic():
            round_, created = Round.objects.get_or_create(
                award=award,
                name="Judging panel",
                defaults={
                    "opens_at": t.round_opens_at,
                    "closes_at": t.round_closes_at,
                    "judges_per_entry": 3,
                },
            )
            self._made(created)
        judges = [self.users[email] for email in JUDGE_EMAILS]
        for council_name, scores, _outcome, _rationale in PAST_NOMINATIONS:
            nomination = Nomination.objects.get(pk=nominations[council_name].pk)
            for judge_number, judge in enumerate(judges):
                if nomination.status != Status.ELIGIBLE:
                    break  # decided already: the panel has finished with it
                if Assignment.objects.filter(
                    round=round_, judge=judge, nomination=nomination
                ).exists():
                    continue
                with transaction.atomic(), _open_for_now(Round, round_.pk) as open_round:
                    self._score(open_round, judge, judge_number, nomination, scores)
                    self._made(True)

        for council_name, _scores, outcome, rationale in PAST_NOMINATIONS:
            nomination = Nomination.objects.get(pk=nominations[council_name].pk)
            if nomination.status != Status.ELIGIBLE or nomination.decisions.exists():
                continue
            with (
                transaction.atomic(),
                audit_chain.backdated({"awards.nomination.outcome": t.decided_at}),
            ):
                decision = judging_services.decision_record(
                    nomination=nomination,
                    outcome=outcome,
                    by=self.users[STAFF_EMAIL],
                    rationale=rationale,
                    round=round_,
                )
                Decision.objects.filter(pk=decision.pk).update(decided_at=t.decided_at)
                self._made(True)

        self._stories(award)

    def _past_winners(self):
        """The real winners of earlier years: a finished award page for each year and a published
        story holding only what is publicly known, flagged for editors to complete. The award
        pages' nomination dates are placeholders in the usual cycle; the public page of a finished
        award shows its winners, not those dates."""
        staff = self.users[STAFF_EMAIL]
        for winner in PAST_WINNERS:
            if winner.year >= self.timeline.past_year:
                continue  # the demo's own judged year: never overwrite it
            with transaction.atomic():
                award = self._award(
                    year=winner.year,
                    opens_at=_london(winner.year - 1, 11, 1, 9),
                    closes_at=_london(winner.year, 2, 27, 17),
                    results_announced_at=_london(winner.year, 6, 18, 12),
                    intro=f"<p>{winner.summary}</p><p>{ANNOUNCED_ONLY}</p>",
                )
            council = self.councils[winner.council]
            if ShowcaseStoryPage.objects.filter(
                award_year=award.year, council=council, source_nomination=None
            ).exists():
                continue
            with transaction.atomic():
                story = ShowcaseStoryPage(
                    title=winner.title,
                    slug=f"{winner.year}-{slugify(winner.council)}",
                    summary=f"{winner.summary} {ANNOUNCED_ONLY}",
                    council=council,
                    region=council.region,
                    award_year=winner.year,
                    outcome=ShowcaseStoryPage.Outcome.WINNER,
                    is_summary=True,
                    editor_note=PAST_WINNER_NOTE,
                    live=False,
                    owner=staff,
                )
                ShowcaseIndexPage.objects.get().add_child(instance=story)
                story.save_revision(user=staff).publish(user=staff)
                ShowcaseStoryPage.objects.filter(pk=story.pk).update(
                    first_published_at=award.results_announced_at,
                    last_published_at=award.results_announced_at,
                )
                self._made(True)

    def _story_in_review(self):
        """Last year's highly commended story, sent by the editor to the "Showcase review" workflow:
        the moderator (and the award administrator, also a moderator) has something to approve."""
        story = (
            ShowcaseStoryPage.objects.filter(
                source_nomination__status=Status.HIGHLY_COMMENDED, live=False
            )
            .order_by("pk")
            .first()
        )
        if story is None or story.workflow_states.exists():
            return  # already sent once: whatever happened in review since is left as it is
        workflow = story.get_workflow()
        if workflow is None:
            return
        with transaction.atomic():
            workflow.start(story, self.users[EDITOR_EMAIL])
            self._made(True)

    def _score(self, round_, judge, judge_number, nomination, scores):
        # Last year's panel: nobody is emailed about a round that closed long ago.
        assignment = judging_services.assignment_create(
            round=round_,
            judge=judge,
            nomination=nomination,
            by=self.users[STAFF_EMAIL],
            notify=False,
        )
        scorecard = assignment.scorecard
        values = {}
        for criterion in round_.award.ordered_criteria:
            value = scores[criterion.principle.number - 1]
            if value is not None:
                # Judges differ: one is stricter on odd principles, one kinder on principle 2.
                if judge_number == 1 and criterion.principle.number % 2:
                    value -= 1
                if judge_number == 2 and criterion.principle.number == 2:
                    value += 1
                value = max(0, min(round_.scale_max, value))
            values[criterion.pk] = (value, SCORE_COMMENTS[value])
        scorecard = judging_services.scorecard_save(
            scorecard=scorecard,
            by=judge,
            version=scorecard.version,
            scores=values,
            overall_comment=f"A clear, well-evidenced entry from {nomination.council.name}.",
        )
        judging_services.scorecard_submit(scorecard=scorecard, by=judge)
        submitted_at = self.timeline.round_opens_at + timedelta(
            days=7 + 5 * judge_number, hours=judge_number
        )
        Scorecard.objects.filter(pk=scorecard.pk).update(
            submitted_at=submitted_at, updated_at=submitted_at
        )

    def _stories(self, award):
        """The winner's story, written by the editor and published; the highly commended one still a
        draft."""
        editor = self.users[EDITOR_EMAIL]
        for nomination in Nomination.objects.filter(
            award=award, status__in=[Status.WINNER, Status.HIGHLY_COMMENDED]
        ).select_related("council", "award"):
            if ShowcaseStoryPage.objects.filter(source_nomination=nomination).exists():
                continue
            with transaction.atomic():
                story = award_services.story_create_from_nomination(
                    nomination=nomination, by=editor
                )
                story.editor_note = DEMO_STORY_NOTE
                revision = story.save_revision(user=editor)
                if nomination.status == Status.WINNER:
                    # Editors write; publishing is for moderators and award administrators.
                    revision.publish(user=self.users[STAFF_EMAIL])
                    ShowcaseStoryPage.objects.filter(pk=story.pk).update(
                        first_published_at=self.timeline.results_announced_at,
                        last_published_at=self.timeline.results_announced_at,
                    )
                self._made(True)

    # --- dates -------------------------------------------------------------------------------

    def _past_nomination_dates(self, number) -> PastNominationDates:
        """Last year's entry was written and submitted last winter, not today. Its log entries are
        given these dates as they are written: once chained, an entry cannot be backdated."""
        t = self.timeline
        created_at = t.past_opens_at + timedelta(days=10 * number, hours=number)
        # References were given in the order entries came in.
        submitted_at = t.past_closes_at - timedelta(days=3 * (len(PAST_NOMINATIONS) + 1 - number))
        eligible_at = t.past_closes_at + timedelta(days=4, hours=number)
        return PastNominationDates(
            created_at=created_at,
            submitted_at=submitted_at,
            eligible_at=eligible_at,
            log={
                "wagtail.create": created_at,
                "wagtail.edit": created_at + timedelta(days=1),
                "awards.evidence.add": created_at + timedelta(days=7),
                "awards.nomination.submit": submitted_at,
                "awards.nomination.eligible": eligible_at,
            },
        )

    def _backdate_nomination(self, nomination, dates: PastNominationDates):
        Nomination.objects.filter(pk=nomination.pk).update(
            created_at=dates.created_at,
            submitted_at=dates.submitted_at,
            updated_at=dates.eligible_at,
        )
        Evidence.objects.filter(nomination=nomination).update(
            uploaded_at=dates.created_at + timedelta(days=7)
        )

    # --- output --------------------------------------------------------------------------------

    def _print_sign_ins(self):
        """The last thing printed, so that it is on screen when the server starts."""
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        rows = []
        for person in PEOPLE:
            role = f"{person.role} ({person.council})" if person.council else person.role
            rows.append(
                (
                    role,
                    person.email,
                    "+ code" if person.privileged and not settings.IS_PRODUCTION else "",
                )
            )
        width = max(len(role) for role, _, _ in rows)
        email_width = max(len(email) for _, email, _ in rows)
        write = self.stdout.write
        write("")
        write(f"Demo sign-ins at {base_url}/accounts/login/ (admin: {base_url}/admin/)")
        write(f"Password for every demo account: {DEMO_PASSWORD}")
        if not settings.IS_PRODUCTION:
            write(
                "Accounts marked '+ code' then ask for an authenticator code: run "
                "`make demo-code` (or `manage.py demo_totp_code`) for the current one,"
            )
            write(f"or add {demo_totp_uri()} to an authenticator app.")
        write("")
        write(f"{'Role':<{width}}  {'Email':<{email_width}}  Sign-in")
        write(f"{'-' * width}  {'-' * email_width}  -------")
        for role, email, code in rows:
            write(f"{role:<{width}}  {email:<{email_width}}  {code}".rstrip())
        write("")


def demo_totp_uri() -> str:
    issuer = quote(settings.MFA_TOTP_ISSUER)
    return f"otpauth://totp/{issuer}:demo?secret={DEMO_TOTP_SECRET}&issuer={issuer}"
