"""Nothing typed is lost when a session ends: the one mechanism for form views and autosave endpoints.

A POST that reaches a form view after its person was signed out (idle timeout, signed out in another
tab, session removed) is held: its fields, never files, the CSRF token or passwords, are kept in the new
anonymous session, and the person is sent to sign in with a message saying so. Django's login keeps
the data of a session that had no user, so after signing in (with the second factor too) the same page
offers the text back once, prefilled and unsaved, to the person it belonged to: to the user named by the
signed hint the form carried ({% held_form_owner %}), or signed out by the idle clock, and otherwise to
whoever passes the view's own permission checks (the view calls `offer_held_form` only after them).

Autosave endpoints (site.js) answer a signed-out request with 401 JSON instead of a sign-in page.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .security import idle_limit_text

HELD_KEY = "_kil_held_forms"
OWNER_FIELD = "kil_form_owner"
_OWNER_SALT = "home.held_forms.owner"
# Enough for every principle's statement or a whole scorecard with long comments; a post larger than
# this (which no form of the site sends) is not kept, so sessions stay small.
MAX_HELD_CHARACTERS = 200_000
# The most recent forms kept per session, and for how long: officers come back days later.
MAX_HELD_FORMS = 3
MAX_HELD_SECONDS = 7 * 24 * 3600
_NEVER_HELD = frozenset({"csrfmiddlewaretoken", OWNER_FIELD})


def owner_hint(user) -> str:
    """The signed value of the hidden field that says whose form this is."""
    return signing.dumps(user.pk, salt=_OWNER_SALT)


def _owner_from_hint(value: str):
    try:
        return signing.loads(value, salt=_OWNER_SALT)
    except signing.BadSignature:
        return None


def _kept_fields(post) -> dict[str, list[str]] | None:
    fields = {
        name: values
        for name, values in post.lists()
        if name not in _NEVER_HELD and "password" not in name.lower()
    }
    size = sum(len(name) + sum(len(v) for v in values) for name, values in fields.items())
    return fields if size <= MAX_HELD_CHARACTERS else None


def hold_posted_form(request) -> bool:
    """Keep what a signed-out POST carried in the (new, anonymous) session, for its page."""
    fields = _kept_fields(request.POST)
    if fields is None:
        return False
    owner = _owner_from_hint(request.POST.get(OWNER_FIELD, ""))
    if owner is None:
        # Signed out by the idle clock in this very request: the clock knew who it was.
        owner = getattr(request, "kil_signed_out_user_id", None)
    held = {
        path: entry
        for path, entry in request.session.get(HELD_KEY, {}).items()
        if path != request.path
    }
    held[request.path] = {"fields": fields, "owner": owner, "at": int(time.time())}
    newest = sorted(held.items(), key=lambda item: item[1]["at"])[-MAX_HELD_FORMS:]
    request.session[HELD_KEY] = dict(newest)
    request.kil_form_held = True
    return True


def has_held_form(request) -> bool:
    """Is anything held for this page? (No query: the session is already loaded.)"""
    return request.method == "GET" and request.path in request.session.get(HELD_KEY, {})


def take_held_form(request) -> dict[str, list[str]] | None:
    """The fields held for this page for the signed-in person, removed from the session (once only)."""
    if request.method != "GET":
        return None
    held = request.session.get(HELD_KEY)
    if not held or request.path not in held:
        return None
    entry = held.pop(request.path)
    request.session[HELD_KEY] = held
    owner = entry.get("owner")
    if owner is not None and str(owner) != str(request.user.pk):
        return None
    if time.time() - entry.get("at", 0) > MAX_HELD_SECONDS:
        return None
    return entry["fields"]


class _Fields:
    """What a widget's value_from_datadict reads: a QueryDict-like view of the held lists."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields

    def __contains__(self, name):
        return name in self.fields

    def get(self, name, default=None):
        values = self.fields.get(name)
        return values[-1] if values else default

    def getlist(self, name, default=None):
        return list(self.fields.get(name, default or []))


def held_data(fields: dict[str, list[str]]) -> _Fields:
    """The held fields in the shape of request.POST, for code that reads posted data (formsets)."""
    return _Fields(fields)


def prefill_form(form, fields: dict[str, list[str]]) -> None:
    """Held fields as the (unbound) form's initial values: shown, not validated, not saved."""
    data = _Fields(fields)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if not field.widget.value_omitted_from_data(data, {}, key):
            form.initial[name] = field.widget.value_from_datadict(data, {}, key)


def held_form_notice(request) -> None:
    messages.info(
        request,
        _(
            "What you typed before you were signed out is back in the form below. It has not been "
            "saved yet: check it, then save it."
        ),
    )


def offer_held_form(request, form) -> bool:
    """After sign-in, on the form's own page (call it after the page's permission checks): the text
    held when the person was signed out becomes the form's initial values, with a notice that it is
    not saved. Returns whether anything was offered."""
    if request.method != "GET" or form.is_bound:
        return False
    fields = take_held_form(request)
    if fields is None:
        return False
    prefill_form(form, fields)
    held_form_notice(request)
    return True


def _signed_out_message(request) -> str:
    if getattr(request, "kil_signed_out_user_id", None) is not None:
        return _(
            "You were signed out because you had not done anything for %(time)s, so nothing was "
            "saved. What you typed has been kept: sign in to carry on."
        ) % {"time": idle_limit_text()}
    return _(
        "You were signed out, so nothing was saved. What you typed has been kept: sign in to carry on."
    )


def login_required_keeping_form(view):
    """login_required for a form view: a signed-out POST is held (above) before the sign-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            if hold_posted_form(request):
                messages.warning(request, _signed_out_message(request))
            return redirect_to_login(request.path)
        return redirect_to_login(request.get_full_path())

    return wrapped


def json_login_required(view):
    """login_required for an endpoint that site.js calls: 401 JSON, never a redirect to a login page
    (fetch would follow it and get a 200 HTML form)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return JsonResponse(
            {
                "saved": False,
                "signed_out": True,
                "message": _(
                    "You have been signed out, so this has not been saved. What you typed is still "
                    "on this page."
                ),
                "sign_in_url": reverse(settings.LOGIN_URL),
            },
            status=401,
        )

    return wrapped


def refused(message: str, *, status: int = 403) -> JsonResponse:
    """An autosave answer that saved nothing: 400 invalid, 403 refused, 409 conflict or closed."""
    return JsonResponse({"saved": False, "message": message}, status=status)


def drop_other_peoples_forms(sender, request, user, **kwargs):
    """Someone else signing in on the same browser never carries another person's held text."""
    session = getattr(request, "session", None)
    if session is None or HELD_KEY not in session:
        return
    session[HELD_KEY] = {
        path: entry
        for path, entry in session[HELD_KEY].items()
        if entry.get("owner") is None or str(entry["owner"]) == str(user.pk)
    }


def owner_field_html(user) -> str:
    if not (user and user.is_authenticated):
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', OWNER_FIELD, owner_hint(user))
