"""How the site sends email: one message per recipient, so that nobody sees anyone else's address,
over one connection, with links to the site from one setting and the text in the recipient's
language. Every app's emails go through send_each."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation


def site_url() -> str:
    """The site's address for links in emails; templates add the path, which starts with a /."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def send_each(
    recipients: Iterable[str],
    *,
    subject: str | Callable[[], str],
    template: str,
    context: dict,
    language: str | None = None,
) -> int:
    """Send `template`, rendered with `context` and `site_url`, to each address (blank and repeated
    ones left out). Returns the number of messages sent.

    The subject and body are rendered in `language` (the site's default when None). A subject
    given as a callable is translated there too; a string is used as it is."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return 0
    # Queued from a page in either language: the email is in its reader's, not the sender's.
    with translation.override(language or settings.LANGUAGE_CODE):
        title = subject() if callable(subject) else str(subject)
        body = render_to_string(template, {**context, "site_url": site_url()})
    with get_connection() as connection:
        messages = [
            EmailMessage(title, body, None, [address], connection=connection)
            for address in addresses
        ]
        return connection.send_messages(messages) or 0
