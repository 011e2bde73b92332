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

from allauth.account.models import EmailAddress
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
from home.permissions import AWARD_ADMINISTRATORS, EDITORS, JUDGES
from judging import services as judging_services
from judging.models import Assignment, Decision, Round, Scorecard

DEMO_PASSWORD = "keep-it-local-demo"  # the published demo sign-in, never a real account  # nosec B105
LONDON = zoneinfo.ZoneInfo("Europe/London")
Status = Nomination.Status


# --- the world ---------------------------------------------------------------------------------

COUNCILS = [
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
    ("Bristol City Council", Council.Kind.UNITARY, "South West", "E06000023", "bristol.gov.uk"),
    (
        "Bradford Council",
        Council.Kind.METROPOLITAN,
        "Yorkshire and the Humber",
        "E08000032",
        "bradford.gov.uk",
    ),
    (
        "West Yorkshire ICB",
        Council.Kind.ICB,
        "Yorkshire and the Humber",
        "E54000054",
        "westyorkshire.icb.nhs.uk",
    ),
    ("Cardiff Council", Council.Kind.WELSH_PRINCIPAL, "Wales", "W06000015", "cardiff.gov.uk"),
]


@dataclass(frozen=True)
class Person:
    role: str
    first_name: str
    last_name: str
    email: str
    groups: tuple[str, ...] = ()
    council: str = ""
    superuser: bool = False


PEOPLE = [
    Person("Superuser", "Site", "Administrator", "admin@keepitlocal.example", superuser=True),
    Person(
        "Award administrator",
        "Priya",
        "Shah",
        "priya.shah@keepitlocal.example",
        (AWARD_ADMINISTRATORS,),
    ),
    Person("Editor", "Tom", "Ellis", "tom.ellis@keepitlocal.example", (EDITORS,)),
    Person("Judge", "Amina", "Okafor", "amina.okafor@keepitlocal.example", (JUDGES,)),
    Person("Judge", "Gareth", "Hughes", "gareth.hughes@keepitlocal.example", (JUDGES,)),
    Person("Judge", "Helen", "Marsh", "helen.marsh@keepitlocal.example", (JUDGES,)),
    Person(
        "Council officer",
        "Sarah",
        "Whitaker",
        "sarah.whitaker@kirklees.gov.uk",
        council="Kirklees Council",
    ),
    Person(
        "Council officer",
        "Daniel",
        "Okoro",
        "daniel.okoro@trafford.gov.uk",
        council="Trafford Council",
    ),
    Person(
        "Council officer",
        "Megan",
        "Price",
        "megan.price@shropshire.gov.uk",
        council="Shropshire Council",
    ),
    Person(
        "Council officer",
        "Laura",
        "Bennett",
        "laura.bennett@bristol.gov.uk",
        council="Bristol City Council",
    ),
    Person(
        "Council officer",
        "Imran",
        "Hussain",
        "imran.hussain@bradford.gov.uk",
        council="Bradford Council",
    ),
    Person(
        "Council officer",
        "Claire",
        "Dawson",
        "claire.dawson@westyorkshire.icb.nhs.uk",
        council="West Yorkshire ICB",
    ),
    Person(
        "Council officer", "Rhys", "Morgan", "rhys.morgan@cardiff.gov.uk", council="Cardiff Council"
    ),
]
ADMIN_EMAIL = "admin@keepitlocal.example"
STAFF_EMAIL = "priya.shah@keepitlocal.example"
EDITOR_EMAIL = "tom.ellis@keepitlocal.example"
JUDGE_EMAILS = [p.email for p in PEOPLE if JUDGES in p.groups]


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


PROJECTS = {
    "Kirklees Council": Project(
        title="Community anchors: everyone's place in Kirklees",
        place="Kirklees",
        initiative="Our community anchors programme",
        lead_partner="the Kirklees Community Anchors Network",
        partners=(
            "Greenhead Community Trust",
            "Dewsbury Neighbourhood Network",
            "Holme Valley Community Hub",
            "Batley Youth and Family Centre",
        ),
        neighbourhoods=12,
        example_place="Ravensthorpe",
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
    "Cardiff Council": Project(
        title="Cardiff community hubs: local by default",
        place="Cardiff",
        initiative="The community hubs partnership",
        lead_partner="Cardiff Third Sector Council",
        partners=(
            "Ely and Caerau Community Hub",
            "Splott Community Volunteers",
            "Grangetown Food Partnership",
        ),
        neighbourhoods=9,
        example_place="Ely",
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
    "Bradford Council": Project(
        title="Bradford neighbourhood partnerships",
        place="Bradford district",
        initiative="Our neighbourhood partnerships",
        lead_partner="Community Action Bradford and District",
        partners=(
            "Manningham Community Partnership",
            "Keighley Together",
            "Holmewood Residents' Trust",
        ),
        neighbourhoods=7,
        example_place="Keighley",
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
    "West Yorkshire ICB": Project(
        title="Health inequalities community fund",
        place="West Yorkshire",
        initiative="The health inequalities community fund",
        lead_partner="the West Yorkshire Voluntary and Community Sector Partnership",
        partners=(
            "Calderdale Community Health Forum",
            "Wakefield Together",
            "Leeds Older People's Network",
        ),
        neighbourhoods=5,
        example_place="Halifax",
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
    "Bristol City Council": Project(
        title="Bristol community resilience partnership",
        place="Bristol",
        initiative="The community resilience partnership",
        lead_partner="Voscur, Bristol's support agency for the voluntary sector",
        partners=(
            "Barton Hill Settlement",
            "Knowle West Community Trust",
            "Lawrence Weston Neighbourhood Forum",
        ),
        neighbourhoods=10,
        example_place="Lawrence Weston",
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
    "Trafford Council": Project(
        title="Trafford locality partnerships: working with, not doing to",
        place="Trafford",
        initiative="Our locality partnerships",
        lead_partner="Trafford Community Collective",
        partners=("Partington Community Hub", "Old Trafford Community Forum", "Sale West Together"),
        neighbourhoods=4,
        example_place="Partington",
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
    ("Kirklees Council", "partial"),
    ("Cardiff Council", "started"),
    ("Bristol City Council", Status.SUBMITTED),
    ("Trafford Council", Status.SUBMITTED),
    ("Bradford Council", Status.ELIGIBLE),
]
# Last year's entries, the scores the panel gave them (None: not applicable) and the outcome.
PAST_NOMINATIONS = [
    (
        "Kirklees Council",
        (5, 4, 5, 4, 5, 5),
        Decision.Outcome.WINNER,
        "Outstanding on all six principles; the anchors model is embedded and others can learn.",
    ),
    (
        "Cardiff Council",
        (4, 4, 4, 3, 5, 4),
        Decision.Outcome.HIGHLY_COMMENDED,
        "A strong partnership, committed to community organisations; impact evidence is growing.",
    ),
    (
        "Bradford Council",
        (3, 4, 3, 3, 3, 2),
        Decision.Outcome.NOT_SELECTED,
        "Promising neighbourhood work; commissioning has further to go.",
    ),
    (
        "West Yorkshire ICB",
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
        "Trafford Council: community hubs with local organisations",
        "Trafford Council won the 2023 Keep it Local Award for its community hubs, run with "
        "local organisations.",
    ),
    PastWinner(
        2024,
        "West Yorkshire ICB",
        "West Yorkshire Integrated Care Board: the first ICB to adopt the principles",
        "West Yorkshire Integrated Care Board won the 2024 Keep it Local Award, the first "
        "integrated care board to adopt the Keep it Local principles.",
    ),
    PastWinner(
        2025,
        "Shropshire Council",
        "Shropshire Council Public Health: the Market Drayton Community Covenant",
        "Shropshire Council Public Health won the 2025 Keep it Local Award with the Market "
        "Drayton Community Covenant.",
    ),
]
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
                self.councils = {spec[0]: self._council(*spec) for spec in COUNCILS}
                self.users = {person.email: self._user(person) for person in PEOPLE}
            self._current_award()
            self._past_award()
            self._past_winners()
        if self.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded ({self.created} objects created).")
            )
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        self._print_sign_ins()

    # --- people and councils -------------------------------------------------------------------

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
                    intro=f"<p>{winner.summary}</p>",
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
                    summary=winner.summary,
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
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        rows = []
        for person in PEOPLE:
            role = f"{person.role} ({person.council})" if person.council else person.role
            rows.append((role, person.email))
        width = max(len(role) for role, _ in rows)
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins at {base_url}/accounts/login/ (admin: {base_url}/admin/)")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(
            "Judges, award staff and editors set up an authenticator app the first time they sign in."
        )
        self.stdout.write("")
        self.stdout.write(f"{'Role':<{width}}  Email")
        self.stdout.write(f"{'-' * width}  {'-' * max(len(email) for _, email in rows)}")
        for role, email in rows:
            self.stdout.write(f"{role:<{width}}  {email}")
        self.stdout.write("")
