"""Emails to judges: one per judge when entries are allocated, and reminders at the round's
reminder days before closing to judges with unfinished scorecards (`send_judging_reminders`)."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from judging import services
from judging.models import JudgingReminder, Round, Scorecard
from tests.factories import RoundFactory, assignment, eligible_nomination, judge_user

pytestmark = pytest.mark.django_db


def _submit(judged):
    card = judged.scorecard
    criteria = judged.round.award.ordered_criteria
    card = services.scorecard_save(
        scorecard=card,
        by=judged.judge,
        version=card.version,
        scores={c.pk: (3, "") for c in criteria},
    )
    services.scorecard_submit(scorecard=card, by=judged.judge)


def test_allocation_emails_each_judge_once_with_their_count(
    staff, open_award, client_for, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://award.example/"
    round = RoundFactory(award=open_award, judges_per_entry=2)
    for _ in range(3):
        eligible_nomination(award=open_award, staff=staff)
    judges = [judge_user() for _ in range(2)]

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(reverse("judging_admin:round_allocate", args=[round.pk]))

    assert sorted(m.to[0] for m in mailoutbox) == sorted(j.email for j in judges)
    for mail in mailoutbox:
        assert len(mail.to) == 1
        assert "3 new entries to score" in mail.body
        assert "https://award.example" + reverse("judging:dashboard") in mail.body
        assert round.name in mail.subject


def test_rerunning_allocation_sends_nothing_when_nothing_is_added(
    staff, open_award, mailoutbox, django_capture_on_commit_callbacks
):
    round = RoundFactory(award=open_award, judges_per_entry=1)
    eligible_nomination(award=open_award, staff=staff)
    judge_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_allocate(round=round, by=staff)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report = services.round_allocate(round=round, by=staff)

    assert report.added == 0
    assert mailoutbox == []


@pytest.fixture
def round_closing_in_ten_days(open_award, staff):
    round = RoundFactory(
        award=open_award,
        reminder_days="7, 2",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=10),
    )
    busy, finished = judge_user(), judge_user()
    entries = [eligible_nomination(award=open_award, staff=staff) for _ in range(2)]
    for entry in entries:
        assignment(round=round, judge=busy, nomination=entry)
    _submit(assignment(round=round, judge=finished, nomination=entries[0]))
    return round, busy, finished


def _run_reminders(capture):
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_judging_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_at_each_reminder_day_once_and_only_to_unfinished_judges(
    round_closing_in_ten_days, mailoutbox, django_capture_on_commit_callbacks
):
    round, busy, finished = round_closing_in_ten_days
    capture = django_capture_on_commit_callbacks

    assert "Reminders queued: 0" in _run_reminders(capture)  # ten days out: nothing due
    with time_machine.travel(round.closes_at - timedelta(days=6, hours=23)):
        first = _run_reminders(capture)
        again = _run_reminders(capture)
    with time_machine.travel(round.closes_at - timedelta(days=1)):
        second = _run_reminders(capture)

    assert "Reminders queued: 1" in first
    assert "Reminders queued: 0" in again
    assert "Reminders queued: 1" in second
    assert [m.to for m in mailoutbox] == [[busy.email], [busy.email]]
    assert "2 entries still to score" in mailoutbox[0].body
    assert set(JudgingReminder.objects.values_list("days_before", flat=True)) == {7, 2}


def test_a_scheduler_that_missed_a_reminder_sends_only_the_latest(
    round_closing_in_ten_days, mailoutbox, django_capture_on_commit_callbacks
):
    round, busy, _finished = round_closing_in_ten_days

    with time_machine.travel(round.closes_at - timedelta(days=1)):
        _run_reminders(django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    assert list(JudgingReminder.objects.values_list("days_before", flat=True)) == [2]


def test_no_reminders_after_closing_or_when_the_round_has_none(
    round_closing_in_ten_days, mailoutbox, django_capture_on_commit_callbacks
):
    round, _busy, _finished = round_closing_in_ten_days

    with time_machine.travel(round.closes_at + timedelta(hours=1)):
        _run_reminders(django_capture_on_commit_callbacks)
    Round.objects.filter(pk=round.pk).update(reminder_days="")
    with time_machine.travel(round.closes_at - timedelta(days=1)):
        _run_reminders(django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_a_judge_who_finished_after_the_reminder_was_queued_is_not_emailed(
    round_closing_in_ten_days, mailoutbox
):
    round, busy, _finished = round_closing_in_ten_days
    with time_machine.travel(round.closes_at - timedelta(days=1)):
        services.reminders_send_due()  # queued; the email goes after commit, i.e. not yet
        for judged in busy.judging_assignments.all():
            _submit(judged)
        reminder = JudgingReminder.objects.get()

        assert services.send_reminder(reminder=reminder) == 0
    assert mailoutbox == []
    assert Scorecard.objects.filter(status=Scorecard.Status.DRAFT).count() == 0


def test_reminder_days_are_validated_in_the_round_form():
    from django.core.exceptions import ValidationError

    from judging.models import parse_reminder_days

    assert parse_reminder_days("2, 7,7") == [7, 2]
    assert parse_reminder_days("") == []
    with pytest.raises(ValidationError):
        parse_reminder_days("seven")
    with pytest.raises(ValidationError):
        parse_reminder_days("0")


def test_a_judge_added_by_hand_is_emailed_without_the_councils_name(
    staff, open_award, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    round = RoundFactory(award=open_award, is_blind=True)
    entry = eligible_nomination(award=open_award, staff=staff)
    judge = judge_user()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            reverse("judging_admin:round_manage", args=[round.pk]),
            {"judge": judge.pk, "nomination": entry.pk},
        )

    (mail,) = mailoutbox
    assert mail.to == [judge.email]
    assert "1 new entry to score" in mail.body
    assert entry.council.name not in mail.body and entry.council.name not in mail.subject
