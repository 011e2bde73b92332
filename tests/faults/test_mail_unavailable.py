"""The mail server is down when an officer submits: a real SMTP port with nothing listening, the database
task backend and its worker, then an SMTP server (aiosmtpd) on that port when it comes back."""

from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from awards import tasks
from awards.models import Nomination
from awards.services import evidence_add, nomination_submit
from tests.factories import NominationFactory, council_of, pdf_file, staff_user
from tests.faults import free_port

# Transactional, as the worker runs in production: it closes connections left inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return port


def _run_worker():
    """What `manage.py db_worker --batch` does: run every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def _receipts():
    return DBTaskResult.objects.filter(task_path=tasks.send_nomination_receipt.module_path)


def test_submission_survives_a_dead_mail_server_and_the_receipt_is_retried_until_it_is_sent(
    smtp_port, officer, open_award, client_for, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    evidence_add(nomination=nomination, by=officer, uploaded_file=pdf_file("plan.pdf"))
    client = client_for(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:nomination_check", args=[nomination.uuid]))

    # Saved and confirmed on screen, whatever the mail server is doing.
    assert response.status_code == 302
    receipt_page = client.get(response["Location"])
    assert receipt_page.status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.reference in receipt_page.content.decode()

    _run_worker()  # nothing listens on the SMTP port

    first = _receipts().get(status=TaskResultStatus.FAILED)
    assert "ConnectionRefusedError" in first.exception_class_path
    retry = _receipts().get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(minutes=1)
    failure = ModelLogEntry.objects.for_instance(nomination).get(
        action="awards.nomination.receipt_failed"
    )
    assert failure.data["attempt"] == 1 and failure.data["retry_at"]

    # Staff see it in the nomination's history in the admin.
    staff_client = client_for(staff_user())
    history = staff_client.get(
        reverse("awards_nomination_modeladmin_history", args=[nomination.pk])
    )
    assert "Receipt email not sent (attempt 1 of 6)" in history.content.decode()
    inspect_url = reverse("awards_nomination_modeladmin_inspect", args=[nomination.pk])
    inspect = staff_client.get(inspect_url).content.decode()
    assert "receipt email has not been sent" in inspect
    assert "It is being tried again automatically." in inspect

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with time_machine.travel(retry.run_after + timedelta(seconds=1)):
            _run_worker()
    finally:
        controller.stop()

    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert officer.email in [rcpt for m in inbox.messages for rcpt in m.rcpt_tos]
    assert nomination.reference in inbox.messages[0].content.decode()
    assert ModelLogEntry.objects.for_instance(nomination).filter(
        action="awards.nomination.receipt_sent"
    )
    assert "data-kil-receipt-problem" not in staff_client.get(inspect_url).content.decode()


def test_the_last_attempt_gives_up_and_says_so(smtp_port, officer, open_award):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    evidence_add(nomination=nomination, by=officer, uploaded_file=pdf_file("plan.pdf"))
    nomination_submit(nomination=nomination, by=officer)
    _receipts().delete()  # only the last attempt is of interest here
    tasks.send_nomination_receipt.enqueue(nomination.pk, attempt=tasks.RECEIPT_ATTEMPTS)

    _run_worker()

    assert _receipts().get().status == TaskResultStatus.FAILED  # and no attempt after it
    last = ModelLogEntry.objects.for_instance(nomination).get(
        action="awards.nomination.receipt_failed"
    )
    assert last.data["attempt"] == tasks.RECEIPT_ATTEMPTS and last.data["retry_at"] is None
