"""The award's record is tamper-evident: entries about nominations, memberships, scorecards and
decisions are hash-chained, `verify_audit_log` names the first entry changed, deleted or inserted
behind the chain's back, and on PostgreSQL the database refuses to change or delete them."""

import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from awards import memberships
from awards.models import AwardPage, Nomination
from home import audit_chain
from home.models import AuditChainLink
from judging import services as judging_services
from tests.factories import (
    PASSWORD,
    CouncilFactory,
    NominationFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
    staff_user,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def _tampered() -> str:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("verify_audit_log", stdout=out)
    return f"{error.value}\n{out.getvalue()}"


def _link(entry) -> AuditChainLink:
    return AuditChainLink.objects.get(log_model=entry._meta.label_lower, entry_id=entry.pk)


@contextmanager
def _as_database_owner():
    """Someone able to switch PostgreSQL's guards off (a superuser): what they change, the chain
    still shows. On SQLite there is nothing to switch off."""
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def record(open_award):
    """A small award record: a membership approved, a nomination submitted and marked eligible, a
    scorecard submitted and a decision recorded, through the services."""
    staff, judge = staff_user(), judge_user()
    person = UserFactory(email="alex@testshire.gov.uk")
    membership = memberships.membership_request(user=person, council=CouncilFactory())
    memberships.membership_approve(membership=membership, by=staff)
    nomination = eligible_nomination(award=open_award, staff=staff)
    round = RoundFactory(award=open_award)
    scorecard = assignment(round=round, judge=judge, nomination=nomination, opened=True).scorecard
    criteria = [c.pk for c in open_award.ordered_criteria]
    scorecard = judging_services.scorecard_save(
        scorecard=scorecard,
        by=judge,
        version=scorecard.version,
        scores=dict.fromkeys(criteria, (4, "Clear evidence")),
    )
    scorecard = judging_services.scorecard_submit(scorecard=scorecard, by=judge)
    decision = judging_services.decision_record(
        nomination=nomination,
        outcome="winner",
        by=staff,
        rationale="Strongest entry.",
        early_reason="Testing the record before judging ends.",
    )
    return {
        "membership": membership,
        "nomination": nomination,
        "scorecard": scorecard,
        "decision": decision,
        "person": person,
        "staff": staff,
    }


def test_the_chain_holds_every_part_of_the_award_record_and_a_clean_log_verifies(record):
    expected = [
        (record["membership"], "awards.membership.request"),
        (record["membership"], "awards.membership.approve"),
        (record["nomination"], "awards.nomination.submit"),
        (record["nomination"], "awards.nomination.eligible"),
        (record["scorecard"], "judging.scorecard.submit"),
        (record["decision"], "judging.decision.record"),
        (record["nomination"], "awards.nomination.outcome"),
    ]
    for instance, action in expected:
        entry = ModelLogEntry.objects.for_instance(instance).get(action=action)
        assert _link(entry).entry_digest, action

    links = list(AuditChainLink.objects.order_by("seq"))
    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    assert links[0].prev_hash == audit_chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(links, links[1:], strict=False))
    # Entries outside the award's record stay out of the chain.
    no_conflict = ModelLogEntry.objects.get(action="judging.assignment.no_conflict")
    assert not AuditChainLink.objects.filter(entry_id=no_conflict.pk).exists()

    out = _verify()
    assert "intact" in out and f"{len(links)} chained entries" in out


def test_announcing_scheduling_and_unscheduling_results_join_the_chain(record, open_award):
    """Through the announce service itself, so that a renamed action breaks this test."""
    AwardPage.objects.filter(pk=open_award.pk).update(closes_at=timezone.now() - timedelta(days=1))
    award = AwardPage.objects.get(pk=open_award.pk)
    staff = record["staff"]
    judging_services.results_announce(award=award, by=staff, at=timezone.now() + timedelta(days=7))
    judging_services.results_announcement_cancel(award=award, by=staff)
    judging_services.results_announce(award=award, by=staff)

    for action in (
        "judging.results.schedule",
        "judging.results.unschedule",
        "judging.results.announce",
    ):
        entry = PageLogEntry.objects.get(page=award, action=action)
        assert action in audit_chain.AWARD_RECORD_ACTIONS
        assert _link(entry)
    assert "intact" in _verify()


def test_a_changed_entry_is_named(record):
    entry = ModelLogEntry.objects.for_instance(record["decision"]).get()
    with _as_database_owner():
        ModelLogEntry.objects.filter(pk=entry.pk).update(
            data={**entry.data, "outcome": "highly_commended"}
        )

    message = _tampered()

    assert f"modellogentry {entry.pk} (chain link {_link(entry).seq}) was changed" in message


def test_a_backdated_entry_is_named(record):
    entry = ModelLogEntry.objects.for_instance(record["nomination"]).get(
        action="awards.nomination.submit"
    )
    with _as_database_owner():
        ModelLogEntry.objects.filter(pk=entry.pk).update(
            timestamp=entry.timestamp - timezone.timedelta(days=2)
        )

    assert f"modellogentry {entry.pk} (chain link {_link(entry).seq}) was changed" in _tampered()


def test_a_deleted_entry_is_named(record):
    entry = ModelLogEntry.objects.for_instance(record["scorecard"]).get(
        action="judging.scorecard.submit"
    )
    seq = _link(entry).seq
    with _as_database_owner():
        ModelLogEntry.objects.filter(pk=entry.pk).delete()

    assert f"modellogentry {entry.pk} (chain link {seq}) was deleted" in _tampered()


def test_an_entry_deleted_with_its_link_leaves_a_gap_that_is_named(record):
    entry = ModelLogEntry.objects.for_instance(record["nomination"]).get(
        action="awards.nomination.eligible"
    )
    seq = _link(entry).seq
    with _as_database_owner():
        AuditChainLink.objects.filter(seq=seq).delete()
        ModelLogEntry.objects.filter(pk=entry.pk).delete()

    message = _tampered()

    assert f"(chain link {seq}) was deleted: chain links {seq} to {seq} are missing" in message


def test_an_entry_inserted_behind_the_chains_back_is_named(record):
    # bulk_create sends no signals: as if written with SQL straight into the table.
    [forged] = ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=ModelLogEntry.objects.for_instance(record["nomination"])
                .first()
                .content_type,
                object_id=str(record["nomination"].pk),
                label=str(record["nomination"]),
                action="awards.nomination.outcome",
                data={"from": "eligible", "to": "winner"},
                timestamp=timezone.now() - timezone.timedelta(days=30),
            )
        ]
    )
    forged_id = forged.pk or ModelLogEntry.objects.order_by("-pk").first().pk

    message = _tampered()

    assert f"modellogentry {forged_id} was inserted out of order" in message


def _rechain(entries):
    """What someone able to rewrite the chain table might do: chain the entries again, in their
    own order, every link consistent with the one before."""
    AuditChainLink.objects.all().delete()
    prev_hash = audit_chain.GENESIS
    for seq, entry in enumerate(entries, start=1):
        personal = audit_chain.personal_digest(entry, "salt")
        digest = audit_chain.entry_digest(entry, personal)
        link = AuditChainLink.objects.create(
            seq=seq,
            log_model=entry._meta.label_lower,
            entry_id=entry.pk,
            salt="salt",
            personal_digest=personal,
            entry_digest=digest,
            prev_hash=prev_hash,
            hash=audit_chain.link_hash(prev_hash, digest),
            recorded_at=timezone.now(),
        )
        prev_hash = link.hash


def test_an_entry_chained_out_of_order_is_named(record):
    entries = [ModelLogEntry.objects.get(pk=link.entry_id) for link in AuditChainLink.objects.all()]
    entries[1], entries[2] = entries[2], entries[1]
    with _as_database_owner():
        _rechain(entries)

    message = _tampered()

    assert f"modellogentry {entries[2].pk} (chain link 3) was inserted out of order" in message
    with _as_database_owner():
        _rechain(sorted(entries, key=lambda entry: entry.pk))
    assert "intact" in _verify()


@pytest.mark.postgres
def test_postgresql_refuses_to_change_or_delete_a_chained_entry(record):
    entry = ModelLogEntry.objects.for_instance(record["decision"]).get()
    link = _link(entry)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModelLogEntry.objects.filter(pk=entry.pk).update(data={"outcome": "shortlisted"})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.label = "Someone else"
        entry.save()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModelLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditChainLink.objects.filter(pk=link.pk).update(entry_digest="0" * 64)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditChainLink.objects.filter(pk=link.pk).delete()

    assert "intact" in _verify()


@pytest.mark.postgres
def test_postgresql_still_lets_the_rest_of_the_log_and_the_records_themselves_change(record):
    other = ModelLogEntry.objects.get(action="judging.assignment.no_conflict")
    ModelLogEntry.objects.filter(pk=other.pk).update(label="Renamed")
    ModelLogEntry.objects.filter(pk=other.pk).delete()
    # A nomination can still be deleted; its chained history stays (no foreign key holds it).
    draft = NominationFactory()
    log(draft, "awards.nomination.withdraw", user=record["staff"])
    Nomination.objects.filter(pk=draft.pk).delete()

    assert ModelLogEntry.objects.filter(object_id=str(draft.pk)).exists()
    assert "intact" in _verify()


def test_deleting_an_account_erases_the_person_from_the_chained_log_and_it_still_verifies(
    record, client_for
):
    person, staff = record["person"], record["staff"]
    second = memberships.membership_request(user=person, council=CouncilFactory())
    memberships.membership_approve(membership=second, by=staff)
    memberships.membership_remove(membership=second, by=staff)
    about_person = ModelLogEntry.objects.filter(
        content_type__model="councilmembership",
        object_id__in=[str(record["membership"].pk), str(second.pk)],
    )
    assert about_person.count() == 5
    assert all(person.email in entry.label for entry in about_person)

    response = client_for(person).post(
        reverse("privacy:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 302
    assert not type(person).objects.filter(pk=person.pk).exists()
    entries = list(about_person.all())
    assert {entry.label for entry in entries} == {audit_chain.ERASED_LABEL}
    assert not any("person" in entry.data for entry in entries)
    assert [entry.data.get("council") for entry in entries if entry.action.endswith("remove")]
    assert not ModelLogEntry.objects.filter(label__contains=person.email).exists()
    assert all(_link(entry).salt == "" for entry in entries)
    assert "intact" in _verify()


def test_an_erased_entry_cannot_be_refilled_unnoticed(record):
    entries = ModelLogEntry.objects.filter(
        content_type__model="councilmembership", object_id=str(record["membership"].pk)
    )
    audit_chain.erase_personal_parts(entries)
    entry = entries.first()
    with _as_database_owner():
        ModelLogEntry.objects.filter(pk=entry.pk).update(label="Someone else")

    assert f"modellogentry {entry.pk}" in _tampered()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_entry_logged_outside_a_transaction_is_chained_with_it():
    nomination = NominationFactory()
    assert not connection.in_atomic_block

    entry = log(nomination, "awards.evidence.download", data={"evidence": "x"})

    assert _link(entry)
    assert "intact" in _verify()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_at_the_same_instant_take_turns_on_postgresql():
    nominations = [NominationFactory() for _ in range(4)]
    barrier = threading.Barrier(len(nominations))
    errors = []

    def write(nomination):
        try:
            barrier.wait()
            for attempt in range(3):
                with transaction.atomic():
                    log(nomination, "awards.nomination.receipt_sent", data={"attempt": attempt})
                    time.sleep(0.02)  # hold the chain while the others wait
                    log(nomination, "awards.nomination.receipt_sent", data={"attempt": attempt})
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditChainLink.objects.values_list("seq", flat=True)) == list(range(1, 25))
    assert "intact" in _verify()
