"""The award's record, made tamper-evident: a hash chain over the audit-log entries that matter.

Wagtail's audit log (ModelLogEntry, PageLogEntry) is an ordinary table: anyone with ORM access can
change or delete an entry and nothing shows it. The award's record is the part of that log that
decides who won and who may enter: entries about nominations, council memberships, scorecards and
decisions, and the actions in AWARD_RECORD_ACTIONS (results announced on the award page). Each such
entry gets one AuditChainLink, written by signals on the log-entry models inside the transaction
that writes the entry:

- `entry_digest` is SHA-256 of a canonical JSON of the entry (which table and id, action,
  timestamp, user id, content type, object id, uuid, revision, flags, `data` without its personal
  keys) and of `personal_digest`;
- `personal_digest` is SHA-256 of a random per-link `salt` and the entry's personal part: its
  label (str() of a membership names the person) and the `data` keys in PERSONAL_DATA_KEYS;
- `hash` is SHA-256(prev_hash || entry_digest), so every link vouches for all before it.

Why a separate table rather than columns on Wagtail's models: Wagtail owns those tables and their
migrations, and a separate append-only table can be guarded by the database on its own.

Why the personal part is hashed separately: erasing a person (deleting their account) must remove
their name and email from the log without breaking the chain. Erasure replaces the label with
ERASED_LABEL, drops the personal `data` keys and erases the link's salt; the chain still verifies,
because `entry_digest` covers only `personal_digest`, never the personal values themselves, and
with the salt gone that digest can no longer be matched against a guessed email address.

Ordering: the chain's lock is taken in pre_save, before the database gives the entry its id, and
held until the transaction ends (a PostgreSQL advisory lock, taken with the head's read in one
query; SQLite's IMMEDIATE transactions hold the write lock from BEGIN), so within each log table ids rise with `seq`, and `verify` can call any
other order an insertion. Timestamps are not compared: Wagtail takes them before the lock is held.
Wagtail's `log()` is made to run in one transaction (home/apps.py) so that even a call outside one
writes its entry and its link together.

On PostgreSQL, triggers (migration home/0008) refuse UPDATE and DELETE of links and of chained
entries, except the erasure above. On SQLite nothing stops a change; `verify_audit_log` finds it.
Someone able to rewrite the whole chain could also recompute it: `verify_audit_log` prints the
head's hash so that operators can keep it elsewhere and compare.
"""

import contextvars
import hashlib
import json
import secrets
import uuid as uuid_module
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import AuditChainLink

# The award's record: add a model ("app_label.model") or an action here, and nowhere else.
AWARD_RECORD_MODELS = frozenset(
    {
        "awards.nomination",
        "awards.councilmembership",
        "judging.scorecard",
        "judging.decision",
    }
)
AWARD_RECORD_ACTIONS = frozenset(
    {
        # judging.services.announcements: the award's results announced, scheduled or unscheduled.
        "judging.results.announce",
        "judging.results.schedule",
        "judging.results.unschedule",
    }
)
# `data` keys that hold personal data (an email address, say): hashed apart so they can be erased.
PERSONAL_DATA_KEYS = ("person",)
ERASED_LABEL = "(personal data erased)"

LOG_MODELS = ("wagtailcore.modellogentry", "wagtailcore.pagelogentry")
GENESIS = "0" * 64
# Any fixed 64-bit number; it names this lock among PostgreSQL's advisory locks.
LOCK_KEY = 0x4B494C_A0D17


def log_models():
    return [apps.get_model(label) for label in LOG_MODELS]


def _content_type_label(content_type_id):
    if content_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def is_award_record(entry) -> bool:
    return (
        entry.action in AWARD_RECORD_ACTIONS
        or _content_type_label(entry.content_type_id) in AWARD_RECORD_MODELS
    )


def award_record_q() -> Q:
    """The same rule as `is_award_record`, for a query on a log-entry model."""
    content_types = Q()
    for label in AWARD_RECORD_MODELS:
        app_label, model = label.split(".")
        content_types |= Q(app_label=app_label, model=model)
    ids = ContentType.objects.filter(content_types).values_list("pk", flat=True)
    return Q(action__in=AWARD_RECORD_ACTIONS) | Q(content_type_id__in=list(ids))


# --- digests -------------------------------------------------------------------------------------


def _canonical(value) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    ).encode()


def _stored_data(entry) -> dict:
    # What the database gives back: JSON values only, whatever Python objects were logged.
    return json.loads(json.dumps(entry.data or {}, cls=DjangoJSONEncoder))


def personal_part(entry) -> dict:
    data = _stored_data(entry)
    return {"label": entry.label, "data": {k: data[k] for k in PERSONAL_DATA_KEYS if k in data}}


def personal_digest(entry, salt: str) -> str:
    return hashlib.sha256(salt.encode() + _canonical(personal_part(entry))).hexdigest()


def entry_digest(entry, personal: str) -> str:
    data = _stored_data(entry)
    return hashlib.sha256(
        _canonical(
            {
                "log_model": entry._meta.label_lower,
                "id": entry.pk,
                "action": entry.action,
                "timestamp": entry.timestamp.astimezone(UTC).isoformat(timespec="microseconds"),
                "user": entry.user_id,
                "content_type": _content_type_label(entry.content_type_id),
                "object_id": str(entry.object_id),
                "uuid": str(uuid_module.UUID(str(entry.uuid))) if entry.uuid else None,
                "revision": entry.revision_id,
                "content_changed": bool(entry.content_changed),
                "deleted": bool(entry.deleted),
                "data": {k: v for k, v in data.items() if k not in PERSONAL_DATA_KEYS},
                "personal": personal,
            }
        )
    ).hexdigest()


def link_hash(prev_hash: str, digest: str) -> str:
    return hashlib.sha256((prev_hash + digest).encode()).hexdigest()


# --- writing ---------------------------------------------------------------------------------------

_backdate = contextvars.ContextVar("audit_chain_backdate", default=None)


@contextmanager
def backdated(when_by_action: dict):
    """Entries logged inside get these timestamps (by action) before they are chained. For demo
    data, whose story happened last year: a chained entry cannot be backdated afterwards."""
    token = _backdate.set(when_by_action)
    try:
        yield
    finally:
        _backdate.reset(token)


def _lock_and_read_head() -> tuple[int, str]:
    """Take the chain's lock until the transaction ends, and read the head (seq, hash)."""
    if connection.vendor == "postgresql":
        # One query: the function locks, then reads (migration home/0008).
        with connection.cursor() as cursor:
            cursor.execute("SELECT seq, hash FROM home_audit_chain_lock_head(%s)", [LOCK_KEY])
            head = cursor.fetchone()
        head = head if head and head[0] is not None else None
    else:
        # SQLite: an IMMEDIATE transaction holds the write lock from its BEGIN.
        head = AuditChainLink.objects.order_by("-seq").values_list("seq", "hash").first()
    return (head[0], head[1]) if head else (0, GENESIS)


def before_log_entry_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is not None:
        return
    when = (_backdate.get() or {}).get(instance.action)
    if when is not None:
        instance.timestamp = when
    if is_award_record(instance):
        instance._audit_chain_head = _lock_and_read_head()


def after_log_entry_saved(sender, instance, created, raw=False, **kwargs):
    head = getattr(instance, "_audit_chain_head", None)
    if raw or not created or head is None:
        return
    del instance._audit_chain_head
    seq, prev_hash = head[0] + 1, head[1]
    salt = secrets.token_hex(16)
    personal = personal_digest(instance, salt)
    digest = entry_digest(instance, personal)
    AuditChainLink.objects.create(
        seq=seq,
        log_model=instance._meta.label_lower,
        entry_id=instance.pk,
        salt=salt,
        personal_digest=personal,
        entry_digest=digest,
        prev_hash=prev_hash,
        hash=link_hash(prev_hash, digest),
        recorded_at=timezone.now(),
    )


def in_one_transaction(log):
    """Wagtail's `log()`, with its entry and the entry's link written together even when the caller
    is not in a transaction (a file download, a background task). No savepoint inside one."""

    def log_in_one_transaction(*args, **kwargs):
        with transaction.atomic(savepoint=False):
            return log(*args, **kwargs)

    log_in_one_transaction.in_one_transaction = True
    return log_in_one_transaction


# --- erasing a person ------------------------------------------------------------------------------


def erase_personal_parts(entries) -> int:
    """Erase the personal part of these log entries (a queryset of one log-entry model), keeping
    the chain whole: the label becomes ERASED_LABEL, the personal `data` keys go, and the link's
    salt is erased. Entries outside the chain are erased the same way. Returns how many."""
    model = entries.model
    erased = 0
    with transaction.atomic():
        for entry in entries.exclude(label=ERASED_LABEL).order_by("pk"):
            data = {k: v for k, v in (entry.data or {}).items() if k not in PERSONAL_DATA_KEYS}
            model.objects.filter(pk=entry.pk).update(label=ERASED_LABEL, data=data)
            AuditChainLink.objects.filter(
                log_model=model._meta.label_lower, entry_id=entry.pk
            ).update(salt="")
            erased += 1
    return erased


# --- verifying -------------------------------------------------------------------------------------


@dataclass
class Problem:
    kind: str  # "changed", "deleted" or "inserted out of order"
    log_model: str
    entry_id: int | None
    seq: int | None
    detail: str

    def __str__(self):
        model = self.log_model.split(".")[-1]
        where = f" (chain link {self.seq})" if self.seq is not None else ""
        entry = f"{model} {self.entry_id}" if self.entry_id is not None else "an entry"
        return f"{entry}{where} was {self.kind}: {self.detail}"


@dataclass
class Verification:
    links: int
    head_seq: int
    head_hash: str
    problems: list


def _entry_problem(link, entry, last_ids) -> tuple[str, str] | None:
    if entry is None:
        return "deleted", "its chain link remains but the entry is gone"
    if link.salt:
        if personal_digest(entry, link.salt) != link.personal_digest:
            return "changed", "its label or personal data differ from what was chained"
    elif entry.label != ERASED_LABEL or any(k in (entry.data or {}) for k in PERSONAL_DATA_KEYS):
        return "changed", "its personal data was erased from the chain but not from the entry"
    if entry_digest(entry, link.personal_digest) != link.entry_digest:
        return "changed", "its fields differ from what was chained"
    if entry.pk <= last_ids.get(link.log_model, 0):
        return "inserted out of order", "its id is lower than an entry chained before it"
    return None


def _about(entry) -> str:
    return f"{_content_type_label(entry.content_type_id)} {entry.object_id}"


def verify(batch_size: int = 2000) -> Verification:
    """Recompute every link, in order; then look for award-record entries the chain lacks."""
    models = {model._meta.label_lower: model for model in log_models()}
    problems = []
    expected_seq, prev_hash, head_hash, links = 1, GENESIS, GENESIS, 0
    last_ids = {}
    start = 0
    while True:
        batch = list(AuditChainLink.objects.filter(seq__gt=start).order_by("seq")[:batch_size])
        if not batch:
            break
        start = batch[-1].seq
        ids = {}
        for link in batch:
            ids.setdefault(link.log_model, []).append(link.entry_id)
        entries = {
            label: models[label].objects.in_bulk(entry_ids)
            for label, entry_ids in ids.items()
            if label in models
        }
        for link in batch:
            links += 1
            if link.seq != expected_seq:
                problems.append(
                    Problem(
                        "deleted",
                        link.log_model,
                        None,
                        expected_seq,
                        f"chain links {expected_seq} to {link.seq - 1} are missing",
                    )
                )
            elif link.prev_hash != prev_hash or link.hash != link_hash(
                link.prev_hash, link.entry_digest
            ):
                problems.append(
                    Problem(
                        "changed",
                        link.log_model,
                        link.entry_id,
                        link.seq,
                        "its chain link was altered",
                    )
                )
            entry = entries.get(link.log_model, {}).get(link.entry_id)
            found = _entry_problem(link, entry, last_ids)
            if found:
                kind, detail = found
                if entry is not None:
                    detail += f" (now '{entry.action}' on {_about(entry)})"
                problems.append(Problem(kind, link.log_model, link.entry_id, link.seq, detail))
            last_ids[link.log_model] = max(last_ids.get(link.log_model, 0), link.entry_id)
            expected_seq, prev_hash, head_hash = link.seq + 1, link.hash, link.hash
    rule = award_record_q()
    for label, model in models.items():
        chained = AuditChainLink.objects.filter(log_model=label).values("entry_id")
        for entry in model.objects.filter(rule).exclude(pk__in=chained).order_by("pk"):
            problems.append(
                Problem(
                    "inserted out of order",
                    label,
                    entry.pk,
                    None,
                    f"'{entry.action}' on {_about(entry)} is part of the award's record but not "
                    "in its chain",
                )
            )
    return Verification(
        links=links, head_seq=expected_seq - 1, head_hash=head_hash, problems=problems
    )
