"""Blind rounds: nothing a judge receives (pages, redirects, file downloads, emails) names the
council, its email domain or an evidence file's original name."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from awards import services as award_services
from judging import services
from judging.blind import identifying_terms, redactor
from judging.models import Assignment, Scorecard
from judging.results import build_results
from tests.factories import (
    CouncilFactory,
    NominationFactory,
    RoundFactory,
    judge_user,
    officer_user,
    pdf_file,
    staff_user,
)
from tests.factories import assignment as assign

pytestmark = pytest.mark.django_db

EVIDENCE_NAME = "Hubs evaluation 2026 final.pdf"


def _entry(award, council_name, domain, staff):
    council = CouncilFactory(name=council_name, email_domains=domain)
    officer = officer_user(council=council)
    place = council_name.split()[0]
    nomination = NominationFactory(
        award=award,
        council=council,
        created_by=officer,
        title=f"{council_name}: community hubs",
        summary=f"{place} put hubs in every ward. See www.{domain}/hubs or write to hubs@{domain}.",
        partners=f"{place} Community Voluntary Service; {council_name} Public Health",
        statements={
            c.principle.number: f"How {council_name} put principle {c.principle.number} into "
            f"practice with {place.upper()} groups."
            for c in award.ordered_criteria
        },
    )
    award_services.evidence_add(
        nomination=nomination,
        by=officer,
        uploaded_file=pdf_file(EVIDENCE_NAME),
        description=f"Evaluation by {council_name}",
    )
    nomination = award_services.nomination_submit(nomination=nomination, by=officer)
    return award_services.nomination_mark_eligibility(
        nomination=nomination, by=staff, eligible=True
    )


class Recorder:
    """A judge's client that keeps every response it receives, redirects included."""

    def __init__(self, client: Client):
        self.client = client
        self.seen: list[tuple[str, str]] = []

    def _keep(self, url, response):
        parts = [str(response.get("Location", "")), str(response.get("Content-Disposition", ""))]
        if getattr(response, "streaming", False):
            parts.append(b"".join(response.streaming_content).decode("latin-1"))
        else:
            parts.append(response.content.decode())
        self.seen.append((url, "\n".join(parts)))
        for redirect_url, _status in getattr(response, "redirect_chain", []):
            self.seen.append((url, redirect_url))
        return response

    def get(self, url, **kwargs):
        return self._keep(url, self.client.get(url, **kwargs))

    def post(self, url, data=None, **kwargs):
        return self._keep(url, self.client.post(url, data or {}, **kwargs))


def _judge_works_through_the_round(recorder: Recorder, award, judge):
    """Everything a judge does in a round: declarations, each entry from the conflict check to
    submission, the evidence, save, save-and-next."""
    recorder.get(reverse("judging:dashboard"))
    recorder.get(reverse("judging:conflicts", args=[award.year]))
    recorder.post(
        reverse("judging:conflicts", args=[award.year]),
        {"action": "confirm", "confirm": "on"},
        follow=True,
    )
    for assignment in Assignment.objects.filter(judge=judge):
        scorecard_url = reverse("judging:scorecard", args=[assignment.uuid])
        recorder.get(scorecard_url)
        recorder.post(
            reverse("judging:entry_conflict", args=[assignment.uuid]),
            {"answer": "no"},
            follow=True,
        )
        page = recorder.get(scorecard_url)
        for evidence in assignment.nomination.evidence.all():
            recorder.get(reverse("awards:evidence_download", args=[evidence.uuid]))
        data = {"version": page.context["scorecard"].version, "overall_comment": "Strong"}
        for criterion in award.ordered_criteria:
            data[f"score_{criterion.pk}"] = "3"
            data[f"comment_{criterion.pk}"] = "Good"
        recorder.post(scorecard_url, {**data, "save": "1"}, follow=True)
        data["version"] += 1
        recorder.post(scorecard_url, {**data, "next": "1"}, follow=True)
        data["version"] += 1
        recorder.post(scorecard_url, {**data, "submit": "1"}, follow=True)
        recorder.get(scorecard_url)
    recorder.get(reverse("judging:dashboard"))


@pytest.fixture
def two_councils_in_a_round(open_award):
    staff = staff_user()
    entries = [
        _entry(open_award, "Kirklees Council", "kirklees.gov.uk", staff),
        _entry(open_award, "Calderdale Metropolitan Borough Council", "calderdale.gov.uk", staff),
    ]
    return staff, entries


def _run(open_award, entries, staff, *, blind, client_for, mailoutbox, capture):
    round = RoundFactory(
        award=open_award,
        is_blind=blind,
        judges_per_entry=1,
        reminder_days="3",
        closes_at=timezone.now() + timedelta(days=10),
    )
    judge = judge_user()
    with capture(execute=True):
        client_for(staff).post(reverse("judging_admin:round_allocate", args=[round.pk]))
    assert Assignment.objects.filter(round=round, judge=judge).count() == 2
    recorder = Recorder(client_for(judge))
    _judge_works_through_the_round(recorder, open_award, judge)
    # Staff reopen the scorecards, so a reminder is due three days before closing.
    Scorecard.objects.filter(assignment__judge=judge).update(status=Scorecard.Status.DRAFT)
    with time_machine.travel(round.closes_at - timedelta(days=2)), capture(execute=True):
        call_command("send_judging_reminders", stdout=io.StringIO())
    mails = [m for m in mailoutbox if judge.email in m.to]
    assert len(mails) == 2, [m.subject for m in mails]  # the assignment notice and a reminder
    for mail in mails:
        recorder.seen.append(("email", f"{mail.subject}\n{mail.body}"))
    return recorder.seen


def test_nothing_a_judge_receives_in_a_blind_round_identifies_the_council(
    open_award,
    two_councils_in_a_round,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    staff, entries = two_councils_in_a_round

    seen = _run(
        open_award,
        entries,
        staff,
        blind=True,
        client_for=client_for,
        mailoutbox=mailoutbox,
        capture=django_capture_on_commit_callbacks,
    )

    assert len(seen) > 20
    forbidden = ["kirklees", "calderdale", EVIDENCE_NAME.lower(), "hubs evaluation"]
    for where, text in seen:
        lowered = text.lower()
        for term in forbidden:
            assert term not in lowered, f"{term!r} reached the judge in {where}"
    # The entries themselves did reach the judge, with the names taken out.
    assert any("[the council] put hubs in every ward" in text for _where, text in seen)
    assert any("%PDF" in text for _where, text in seen)


def test_in_an_open_round_the_judge_does_see_the_council(
    open_award,
    two_councils_in_a_round,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    staff, entries = two_councils_in_a_round

    seen = _run(
        open_award,
        entries,
        staff,
        blind=False,
        client_for=client_for,
        mailoutbox=mailoutbox,
        capture=django_capture_on_commit_callbacks,
    )

    pages = "\n".join(text for where, text in seen if where != "email")
    assert "Kirklees Council" in pages
    assert EVIDENCE_NAME in pages
    # Emails to judges never name councils, blind or not.
    emails = "\n".join(text for where, text in seen if where == "email")
    assert "Kirklees" not in emails


def test_identifying_terms_cover_the_name_the_place_and_the_domains():
    council = CouncilFactory.build(
        name="Royal Borough of Kingston upon Thames",
        email_domains="kingston.gov.uk\nrbk.kingston.gov.uk",
        gss_code="E09000021",
    )

    terms = identifying_terms(council)

    assert terms[0] == "Royal Borough of Kingston upon Thames"
    assert "Kingston upon Thames" in terms
    assert {"kingston.gov.uk", "rbk.kingston.gov.uk", "E09000021"} <= set(terms)


def test_redaction_is_whole_word_and_case_blind():
    redact = redactor(CouncilFactory.build(name="Hull City Council", email_domains="hull.gov.uk"))

    text = redact(
        "HULL CITY COUNCIL and Hull's partners (see www.hull.gov.uk); Solihull is not Hull."
    )

    assert text == (
        "[the council] and [the council]'s partners (see www.[the council]); "
        "Solihull is not [the council]."
    )


def _as_the_judge_sees_it(client, judge, open_award) -> dict:
    """Every page and file of the judge's list, with the per-response CSRF token and the idle clock taken out."""
    pages = {"dashboard": client.get(reverse("judging:dashboard"))}
    for assignment in Assignment.objects.filter(judge=judge).order_by("pk"):
        pages[assignment.uuid] = client.get(reverse("judging:scorecard", args=[assignment.uuid]))
        for evidence in assignment.nomination.evidence.all():
            pages[evidence.uuid] = client.get(
                reverse("awards:evidence_download", args=[evidence.uuid])
            )
    seen = {}
    for key, response in pages.items():
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content).decode("latin-1")
        else:
            body = response.content.decode()
        body = re.sub(r'value="[^"]{32,}"', 'value=""', body)
        # The idle warning's clock ticks between requests; it says nothing about any entry.
        body = re.sub(r'data-idle-seconds-left="\d+"', "", body)
        seen[key] = (response.status_code, body)
    return seen


def _score_everything(client, judge, open_award) -> list[int]:
    codes = []
    for assignment in Assignment.objects.filter(judge=judge).order_by("pk"):
        url = reverse("judging:scorecard", args=[assignment.uuid])
        data = {"version": assignment.scorecard.version, "overall_comment": "Strong"}
        for criterion in open_award.ordered_criteria:
            data[f"score_{criterion.pk}"] = "4"
        codes.append(client.post(url, {**data, "submit": "1"}).status_code)
    return codes


def test_declaring_a_conflict_by_name_in_a_blind_round_does_not_show_which_entry_is_theirs(
    open_award, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    staff = staff_user()
    names = [
        ("Kirklees Council", "kirklees.gov.uk"),
        ("Calderdale Metropolitan Borough Council", "calderdale.gov.uk"),
        ("Wakefield Council", "wakefield.gov.uk"),
    ]
    entries = [_entry(open_award, name, domain, staff) for name, domain in names]
    CouncilFactory(name="Leeds City Council", email_domains="leeds.gov.uk")  # did not enter
    round = RoundFactory(award=open_award, is_blind=True, judges_per_entry=1)
    judge, colleague = judge_user(), judge_user()
    for entry in entries:
        assign(round=round, judge=judge, nomination=entry, opened=True)
    client = client_for(judge)
    before = _as_the_judge_sees_it(client, judge, open_award)
    assert len(before) == 1 + 3 + 3 and all(code == 200 for code, _body in before.values())

    def declare(organisation):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("judging:conflicts", args=[open_award.year]),
                {"action": "declare", "organisation": organisation, "reason": "Former employer"},
                follow=True,
            )
        (message,) = [str(m) for m in response.context["messages"]]
        return message.replace(organisation, "NAME")

    said_for_an_entrant = declare("Calderdale Metropolitan Borough Council")
    after = _as_the_judge_sees_it(client, judge, open_award)
    said_for_a_non_entrant = declare("Leeds City Council")

    # The list, every entry and every file are exactly as before, and so is what the judge is told.
    assert after == before
    assert _as_the_judge_sees_it(client, judge, open_award) == before
    assert said_for_an_entrant == said_for_a_non_entrant
    # Scoring goes the same way for every entry...
    assert _score_everything(client, judge, open_award) == [302, 302, 302]

    # ...but the conflicted entry's scores do not count, and the award team knows why.
    conflicted = Assignment.objects.get(judge=judge, nomination=entries[1])
    assert conflicted.conflicted_at is not None
    assert Assignment.objects.filter(judge=judge, conflicted_at__isnull=True).count() == 2
    assert ModelLogEntry.objects.filter(
        action="judging.assignment.set_aside", object_id=str(conflicted.pk)
    ).exists()
    (notice,) = [m for m in mailoutbox if "Conflict of interest declared" in m.subject]
    assert "Calderdale" in notice.body and "set aside" in notice.body
    results = build_results(round=round)
    counted = {row.nomination.pk: row.submitted for row in results.rows}
    assert counted.get(entries[1].pk, 0) == 0
    assert counted[entries[0].pk] == counted[entries[2].pk] == 1
    manage = client_for(staff).get(reverse("judging_admin:round_manage", args=[round.pk]))
    assert "Set aside: conflict of interest." in manage.content.decode()

    # Allocating again gives the entry another judge: the change is on someone else's list.
    services.round_allocate(round=round, by=staff)
    assert list(
        Assignment.objects.filter(nomination=entries[1]).counting().values_list("judge", flat=True)
    ) == [colleague.pk]
    assert _as_the_judge_sees_it(client, judge, open_award).keys() == before.keys()
