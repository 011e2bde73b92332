"""Seed the benchmark's data set into the database DATABASE_URL names (already migrated), then print
what the load client needs as JSON on the last line of stdout. Run by tests/bench/run.py; not a
benchmark itself (run.py skips it).

The world: the demo site (load_demo_data: home, award pages, the showcase with published stories) plus
400 councils, each with one officer; five awards with one nomination per council each (2,000
nominations, each with two partner organisations, a statement per principle and an evidence file's
metadata); this year's award open, its 400 nominations complete drafts waiting to be submitted; last
year's 400 entries eligible and in an open judging round of 40 judges, 5 judges per entry, one judge
with 200 of them; every other scorecard submitted with its scores. Rows are made with bulk_create
because the services take minutes for this much; every row is one the services could have made.

Sessions are made server-side (the same session a sign-in makes; for the judge also allauth's record
of a TOTP second factor, as tests/auth.py does), so the load measures the pages, not the password hasher.
"""

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards.models import (  # noqa: E402
    AwardCriterion,
    AwardIndexPage,
    AwardPage,
    Council,
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    Principle,
    ShowcaseIndexPage,
    ShowcaseStoryPage,
)
from home.models import BenchmarkFormField, BenchmarkFormPage, HomePage, StandardPage  # noqa: E402
from home.permissions import JUDGES  # noqa: E402
from judging.models import Assignment, ConflictReview, Round, Score, Scorecard  # noqa: E402

COUNCILS = 400
JUDGES_COUNT = 40
JUDGES_PER_ENTRY = 5
BENCH_JUDGE_ENTRIES = 200
AWARDS = 5
SURGE = 300
SUBMIT_POOL = 60
SAVE_POOL = COUNCILS - SURGE - SUBMIT_POOL  # 40
User = get_user_model()
rng = random.Random(2027)

STATEMENT = (
    "We co-designed the service with the community organisations who run it, moved the budget and "
    "the decisions to the neighbourhoods, and measured what changed for the people who use it. "
) * 4


def session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def judge_session(judge) -> str:
    """Signed in with a TOTP second factor, as allauth records it (tests/auth.py)."""
    from tests.auth import mfa_session

    client = Client()
    client.force_login(judge)
    mfa_session(client, judge)
    return client.cookies["sessionid"].value


def awards() -> list[AwardPage]:
    """This year's (open) award first, then last year's, then three earlier ones (made if missing)."""
    from awards.selectors import current_award

    current = current_award()
    index = AwardIndexPage.objects.get()
    result = [current]
    principles = list(Principle.objects.filter(version=1).order_by("number"))
    for year in range(current.year - 1, current.year - AWARDS, -1):
        award = AwardPage.objects.filter(year=year).first()
        if award is None:
            award = AwardPage(
                title=f"Keep it Local Award {year}",
                slug=str(year),
                year=year,
                opens_at=current.opens_at.replace(year=year - 1),
                closes_at=current.closes_at.replace(year=year),
                results_announced_at=current.closes_at.replace(year=year) + timedelta(days=110),
            )
            index.add_child(instance=award)
        if not award.criteria.exists():
            AwardCriterion.objects.bulk_create(
                AwardCriterion(award=award, principle=p, sort_order=i)
                for i, p in enumerate(principles)
            )
        result.append(award)
    return result


def plain_pages(home: HomePage) -> dict:
    plain = StandardPage.objects.filter(slug="bench-plain-page").first()
    if plain is None:
        plain = StandardPage(
            title="About the award",
            slug="bench-plain-page",
            intro="<p>The Keep it Local Award recognises councils that work with local community "
            "organisations.</p>",
            body="<p>" + STATEMENT + "</p>",
        )
        home.add_child(instance=plain)
        plain.save_revision().publish()
    form_page = BenchmarkFormPage.objects.filter(slug="bench-form").first()
    if form_page is None:
        form_page = BenchmarkFormPage(title="Contact the award team", slug="bench-form")
        home.add_child(instance=form_page)
        for order, (label, field_type) in enumerate(
            [
                ("Your name", "singleline"),
                ("Email address", "email"),
                ("Organisation", "singleline"),
                ("Your message", "multiline"),
            ]
        ):
            BenchmarkFormField.objects.create(
                page=form_page, sort_order=order, label=label, field_type=field_type, required=True
            )
        form_page.save_revision().publish()
    return {"plain": plain.url, "form": form_page.url}


@transaction.atomic
def seed_people():
    password = make_password("bench-password-not-used")
    councils = Council.objects.bulk_create(
        Council(
            name=f"Bench Borough Council {n:03d}",
            kind=Council.Kind.UNITARY,
            region=rng.choice(["North West", "London", "Wales", "South West", "West Midlands"]),
            email_domains=f"bench{n:03d}.gov.uk",
        )
        for n in range(COUNCILS)
    )
    councils = list(Council.objects.filter(name__startswith="Bench Borough").order_by("name"))
    officers = User.objects.bulk_create(
        User(
            username=f"bench-officer-{n:03d}",
            email=f"officer@bench{n:03d}.gov.uk",
            first_name="Officer",
            last_name=f"{n:03d}",
            password=password,
        )
        for n in range(COUNCILS)
    )
    officers = list(User.objects.filter(username__startswith="bench-officer-").order_by("username"))
    CouncilMembership.objects.bulk_create(
        CouncilMembership(
            user=officer,
            council=council,
            status=CouncilMembership.Status.APPROVED,
            decided_at=timezone.now(),
        )
        for officer, council in zip(officers, councils, strict=True)
    )
    User.objects.bulk_create(
        User(
            username=f"bench-judge-{n:02d}",
            email=f"judge{n:02d}@panel.bench.example",
            first_name="Judge",
            last_name=f"{n:02d}",
            password=password,
        )
        for n in range(JUDGES_COUNT)
    )
    judges = list(User.objects.filter(username__startswith="bench-judge-").order_by("username"))
    # Only people with a confirmed address are signed in (home.accounts.VerifiedEmailBackend).
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in [*officers, *judges]
    )
    group = Group.objects.get(name=JUDGES)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=judge.pk, group_id=group.pk) for judge in judges
    )
    return councils, officers, judges


@transaction.atomic
def seed_nominations(award_list, councils, officers):
    now = timezone.now()
    statuses = [Nomination.Status.DRAFT, Nomination.Status.ELIGIBLE] + [
        Nomination.Status.NOT_SELECTED
    ] * (AWARDS - 2)
    nominations = []
    for award, status in zip(award_list, statuses, strict=True):
        for n, (council, officer) in enumerate(zip(councils, officers, strict=True)):
            number = 1000 + n if status != Nomination.Status.DRAFT else None
            nominations.append(
                Nomination(
                    award=award,
                    council=council,
                    status=status,
                    number=number,
                    reference=f"KIL-{award.year}-{number:04d}" if number else None,
                    title=f"Neighbourhood partnership in {council.name}",
                    summary="Our council and local community organisations redesigned early help "
                    "around neighbourhoods, moving money and decisions closer to people.",
                    contact_name="Sam Patel",
                    contact_job_title="Head of Communities",
                    contact_phone="01632 960 001",
                    partners="A partnership board with a shared budget, chaired by the community "
                    "sector.",
                    declaration_confirmed=True,
                    contacts_consent=True,
                    publication_consent=True,
                    created_by=officer,
                    submitted_by=officer if number else None,
                    submitted_at=now - timedelta(days=200) if number else None,
                )
            )
    Nomination.objects.bulk_create(nominations, batch_size=500)
    nominations = list(
        Nomination.objects.filter(council__name__startswith="Bench Borough").select_related(
            "award", "council", "created_by"
        )
    )
    criteria = {award.pk: list(award.criteria.order_by("sort_order")) for award in award_list}
    PartnerOrganisation.objects.bulk_create(
        (
            PartnerOrganisation(
                nomination=nomination,
                position=position,
                name=name,
                kind=kind,
                contact_name="Alex Jones",
                contact_email=f"alex{position}@partner{nomination.pk}.org.uk",
            )
            for nomination in nominations
            for position, (name, kind) in enumerate(
                [
                    ("Community Voluntary Service", PartnerOrganisation.Kind.CHARITY),
                    ("Northside Community Centre", PartnerOrganisation.Kind.COMMUNITY_ANCHOR),
                ]
            )
        ),
        batch_size=1000,
    )
    NominationStatement.objects.bulk_create(
        (
            NominationStatement(nomination=nomination, criterion=criterion, text=STATEMENT)
            for nomination in nominations
            for criterion in criteria[nomination.award_id]
        ),
        batch_size=1000,
    )
    # Metadata only: the file behind the key is never read by the pages measured here.
    Evidence.objects.bulk_create(
        (
            Evidence(
                nomination=nomination,
                file=f"bench-{nomination.pk:06d}",
                original_name="annual-evaluation.pdf",
                description="Independent evaluation of the partnership",
                content_type="application/pdf",
                size=rng.randint(200_000, 8_000_000),
                sha256=f"{nomination.pk:064x}",
                uploaded_by=nomination.created_by,
            )
            for nomination in nominations
        ),
        batch_size=1000,
    )
    return nominations


@transaction.atomic
def seed_judging(award, judges, entries):
    now = timezone.now()
    round_ = Round.objects.create(
        award=award,
        name="Bench round",
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=30),
        judges_per_entry=JUDGES_PER_ENTRY,
        reminder_days="",
    )
    bench_judge, others = judges[0], judges[1:]
    assignments = []
    cursor = 0
    for n, entry in enumerate(entries):
        panel = []
        if n % 2 == 0:
            panel.append(bench_judge)
        while len(panel) < JUDGES_PER_ENTRY:
            panel.append(others[cursor % len(others)])
            cursor += 1
        assignments.extend(
            Assignment(round=round_, judge=judge, nomination=entry, conflict_checked_at=now)
            for judge in panel
        )
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    ConflictReview.objects.bulk_create(ConflictReview(judge=j, award=award) for j in judges)
    assignments = list(
        Assignment.objects.filter(round=round_).order_by("nomination__reference", "judge_id")
    )
    bench_assignments = [a for a in assignments if a.judge_id == bench_judge.pk]
    submitted_bench = {a.pk for a in bench_assignments[: BENCH_JUDGE_ENTRIES // 2]}
    cards = Scorecard.objects.bulk_create(
        (
            Scorecard(
                assignment=a,
                status=(
                    Scorecard.Status.SUBMITTED
                    if a.judge_id != bench_judge.pk or a.pk in submitted_bench
                    else Scorecard.Status.DRAFT
                ),
                submitted_at=now
                if a.judge_id != bench_judge.pk or a.pk in submitted_bench
                else None,
                overall_comment="A strong partnership with clear evidence of shared decisions.",
            )
            for a in assignments
        ),
        batch_size=1000,
    )
    cards = list(Scorecard.objects.filter(assignment__round=round_).select_related("assignment"))
    criteria = list(award.criteria.order_by("sort_order"))
    Score.objects.bulk_create(
        (
            Score(
                scorecard=card,
                criterion=criterion,
                value=None if rng.random() < 0.05 else rng.randint(1, 5),
                comment="Good evidence of co-design.",
            )
            for card in cards
            for criterion in criteria
        ),
        batch_size=2000,
    )
    drafts = [a for a in bench_assignments if a.pk not in submitted_bench]
    return round_, bench_judge, drafts, criteria


def counted(client, method, url, **data):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or None, secure=True)
    return {"status": response.status_code, "queries": len(queries)}


def query_counts(urls, judge_key, judge_card, criteria, save_nomination, submit_nomination):
    """How many queries each measured request makes (one request each, after a warm-up)."""
    result = {}
    anonymous = Client()
    for name, url in urls.items():
        anonymous.get(url, secure=True)
        result[name] = counted(anonymous, "get", url)
    judge = Client()
    judge.cookies["sessionid"] = judge_key
    judge.get("/judging/", secure=True)
    result["judge_dashboard"] = counted(judge, "get", "/judging/")
    card = Scorecard.objects.get(assignment=judge_card)
    scores = {f"score_{c.pk}": "3" for c in criteria} | {
        f"comment_{c.pk}": "Fine." for c in criteria
    }
    result["scorecard_save"] = counted(
        judge, "post", f"/judging/entries/{judge_card.uuid}/", version=card.version, **scores
    )
    officer = Client()
    officer.force_login(save_nomination.created_by)
    result["section_save"] = counted(
        officer,
        "post",
        f"/nominations/{save_nomination.uuid}/about/",
        version=save_nomination.version,
        contact_name="Sam Patel",
        contact_job_title="Head of Communities",
        contact_phone="01632 960 001",
        title="Neighbourhood partnership",
        summary="A short summary.",
    )
    officer.force_login(submit_nomination.created_by)
    result["submit"] = counted(officer, "post", f"/nominations/{submit_nomination.uuid}/check/")
    return result


def main():
    started = time.monotonic()
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_data", allow_production=True, verbosity=0, stdout=quiet)
    home = HomePage.objects.get()
    pages = plain_pages(home)
    award_list = awards()
    councils, officers, judges = seed_people()
    nominations = seed_nominations(award_list, councils, officers)
    current, past = award_list[0], award_list[1]
    drafts = sorted(
        (n for n in nominations if n.award_id == current.pk), key=lambda n: n.council.name
    )
    entries = sorted(
        (n for n in nominations if n.award_id == past.pk), key=lambda n: n.council.name
    )
    round_, bench_judge, judge_drafts, criteria = seed_judging(past, judges, entries)
    story = ShowcaseStoryPage.objects.live().public().order_by("-award_year", "pk").first()
    urls = {
        "plain": pages["plain"],
        "home": "/",
        "award": current.url,
        "showcase_index": ShowcaseIndexPage.objects.get().url,
        "showcase_story": story.url,
    }
    judge_key = judge_session(bench_judge)
    # One of each kind is kept aside for counting queries, so the load never races it.
    counts = query_counts(urls, judge_key, judge_drafts[-1], criteria, drafts[-1], drafts[-2])
    drafts, judge_drafts = drafts[:-2], judge_drafts[:-1]
    current_criteria = list(current.criteria.order_by("sort_order").select_related("principle"))

    def officer_row(nomination):
        return {
            "session": session_for(nomination.created_by),
            "uuid": str(nomination.uuid),
            "version": nomination.version,
        }

    out = {
        "urls": urls,
        "form_url": pages["form"],
        "surge": [officer_row(n) for n in drafts[:SURGE]],
        "submit": [officer_row(n) for n in drafts[SURGE : SURGE + SUBMIT_POOL]],
        "save": [officer_row(n) for n in drafts[SURGE + SUBMIT_POOL :]],
        "statement_slugs": [f"principle-{c.principle.number}" for c in current_criteria],
        "judge": {
            "session": judge_key,
            "cards": [str(a.uuid) for a in judge_drafts],
            "criteria": [c.pk for c in criteria],
            "assignments": Assignment.objects.filter(judge=bench_judge).count(),
        },
        "queries": counts,
        "counts": {
            "councils": Council.objects.count(),
            "nominations": Nomination.objects.count(),
            "bench_nominations": len(nominations),
            "judges": len(judges),
            "assignments": Assignment.objects.filter(round=round_).count(),
            "scores": Score.objects.filter(scorecard__assignment__round=round_).count(),
        },
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(out))


def verify_surge(path):
    """After the surge: every officer's nomination submitted exactly once (one reference, one audit
    entry, one receipt queued), none lost."""
    from collections import Counter

    from django_tasks_db.models import DBTaskResult
    from wagtail.models import ModelLogEntry

    with open(path) as handle:
        uuids = json.load(handle)
    nominations = list(Nomination.objects.filter(uuid__in=uuids))
    ids = {str(n.pk) for n in nominations}
    logs = Counter(
        ModelLogEntry.objects.filter(
            action="awards.nomination.submit", object_id__in=ids
        ).values_list("object_id", flat=True)
    )
    receipts = Counter(
        str(task.args_kwargs["args"][0])
        for task in DBTaskResult.objects.filter(task_path__endswith="send_nomination_receipt")
        if str(task.args_kwargs["args"][0]) in ids
    )
    references = [n.reference for n in nominations if n.reference]
    submitted = [n for n in nominations if n.status == Nomination.Status.SUBMITTED]
    print(
        json.dumps(
            {
                "officers": len(uuids),
                "found": len(nominations),
                "submitted": len(submitted),
                "lost": len(uuids) - len(submitted),
                "duplicate_references": len(references) - len(set(references)),
                "submit_log_entries": sum(logs.values()),
                "nominations_logged_more_than_once": sum(1 for v in logs.values() if v > 1),
                "receipts_queued": sum(receipts.values()),
                "nominations_receipted_more_than_once": sum(1 for v in receipts.values() if v > 1),
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--verify":
        verify_surge(sys.argv[2])
    else:
        main()
