"""The one way the site sends email: a message per recipient over one connection, links from
WAGTAILADMIN_BASE_URL, and the text in the language asked for (the site's default otherwise)."""

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import translation
from django.utils.translation import gettext as _

from home.mail import send_each

TEMPLATE = (
    "{% load i18n %}{% get_current_language as language %}"
    "{{ language }}: {% translate 'Monday' %}, {{ name }}. {{ site_url }}/judging/"
)


class CountingBackend(locmem.EmailBackend):
    """The test outbox, counting the connections opened and the batches sent over them."""

    opened = 0
    batches: list[int] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingBackend.opened += 1

    def send_messages(self, messages):
        self.batches.append(len(messages))
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def mail_template(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"test/notice.txt": TEMPLATE})
                ]
            },
        }
    ]
    settings.WAGTAILADMIN_BASE_URL = "https://award.example/"


def _send(recipients, **options):
    return send_each(
        recipients,
        subject=lambda: _("Monday"),
        template="test/notice.txt",
        context={"name": "Ada"},
        **options,
    )


def test_each_recipient_gets_their_own_message_and_sees_no_other_address(mailoutbox):
    sent = _send(["b@council.example", "a@council.example", "", "b@council.example"])

    assert sent == 2
    assert [m.to for m in mailoutbox] == [["a@council.example"], ["b@council.example"]]
    for message in mailoutbox:
        assert message.cc == [] and message.bcc == []
        assert "council.example" not in message.body


def test_the_messages_go_over_one_connection(mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.home.test_mail.CountingBackend"
    CountingBackend.opened, CountingBackend.batches = 0, []

    _send(["a@council.example", "b@council.example", "c@council.example"])

    assert CountingBackend.opened == 1
    assert CountingBackend.batches == [3]
    assert len(mailoutbox) == 3


def test_links_start_from_the_site_address_without_a_doubled_slash(mailoutbox):
    _send(["a@council.example"])

    assert "https://award.example/judging/" in mailoutbox[0].body


def test_subject_and_body_are_in_the_language_asked_for(mailoutbox):
    with translation.override("en-gb"):
        _send(["a@council.example"], language="cy")

    (message,) = mailoutbox
    assert message.subject == "Dydd Llun"
    assert message.body.startswith("cy: Dydd Llun, Ada.")


def test_without_a_language_it_is_the_sites_default_whatever_page_queued_it(mailoutbox):
    with translation.override("cy"):
        _send(["a@council.example"])

    (message,) = mailoutbox
    assert message.subject == "Monday"
    assert message.body.startswith("en-gb: Monday, Ada.")


def test_a_subject_given_as_text_is_used_as_it_is(mailoutbox):
    send_each(["a@council.example"], subject="Hello", template="test/notice.txt", context={})

    assert mail.outbox[0].subject == "Hello"


def test_nobody_to_send_to_sends_nothing(mailoutbox):
    assert _send(["", None]) == 0
    assert mailoutbox == []
