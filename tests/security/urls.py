"""Every URL pattern of the project, from the resolver, with its kwargs filled from the world."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name (namespaced), or "route:<route>" for an unnamed pattern
    route: str
    kwarg_names: tuple[str, ...]
    positional: int


def _route(resolver_or_pattern) -> str:
    return str(resolver_or_pattern.pattern)


def _walk(patterns, prefix="", namespaces=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, prefix + _route(entry), names)
        elif isinstance(entry, URLPattern):
            route = prefix + _route(entry)
            regex = entry.pattern.regex
            kwarg_names = tuple(regex.groupindex)
            positional = regex.groups - len(kwarg_names)
            key = ":".join(namespaces + (entry.name,)) if entry.name else f"route:{route}"
            yield Pattern(key, route, kwarg_names, positional)


def project_patterns() -> list[Pattern]:
    """Every pattern, once (a name with two routes, e.g. with and without a pk, appears twice)."""
    seen, result = set(), []
    for pattern in _walk(get_resolver().url_patterns):
        if (pattern.key, pattern.route) not in seen:
            seen.add((pattern.key, pattern.route))
            result.append(pattern)
    return result


def requestable(pattern: Pattern) -> bool:
    """Whether `fill` gives a path for `pattern`; page routes are asked about per page instead."""
    return pattern.key != "wagtail_serve"


def fill(pattern: Pattern, world, *, other: bool = False) -> str | None:
    """The path for `pattern` with real objects of the world (`other=True`: objects that do not
    exist, to compare the answers). None when the pattern cannot be requested as a path."""
    values = _values(pattern, world, other=other)
    if pattern.key.startswith("route:"):
        return _unnamed_path(pattern)
    if pattern.key == "wagtaildocs_serve":
        return reverse(pattern.key, args=[999999, "missing.pdf"])
    if not requestable(pattern):
        return None  # page routes are asked about per page type (see PAGE_ROUTES)
    return reverse(pattern.key, kwargs={name: values[name] for name in pattern.kwarg_names})


def _unnamed_path(pattern: Pattern) -> str:
    if pattern.route == "admin/^.*/$":
        return "/admin/no-such-admin-page/"
    return "/" + re.sub(r"[\^$]", "", pattern.route)


MISSING_INT = 987654


def _values(pattern: Pattern, world, *, other: bool) -> dict:
    key = pattern.key
    missing_uuid = uuid.UUID(int=uuid.uuid4().int)
    nomination = world.nomination_a
    values = {
        # our nominations, evidence and judging: council A's real objects
        "uuid": nomination.uuid,
        "evidence_uuid": world.evidence_a.uuid,
        "year": world.award.year,
        "section": "about",
        "decision": "approve",
        "pk": MISSING_INT,
        "assignment_pk": world.assignment_a.pk,
        "award_pk": world.award.pk,
        "instance_pk": MISSING_INT,
        # Wagtail's own
        "page_id": world.pages["standard_live"].pk,
        "parent_page_id": world.pages["home"].pk,
        "page_to_move_id": world.pages["standard_live"].pk,
        "destination_id": world.pages["home"].pk,
        "image_id": world.image.pk,
        "filter_spec": "original",
        "document_id": MISSING_INT,
        "doc_id": MISSING_INT,
        "uploaded_file_id": MISSING_INT,
        "collection_id": MISSING_INT,
        "content_type_app_name": "home",
        "content_type_model_name": "standardpage",
        "app_label": "home",
        "model_name": "standardpage",
        "app_name": "home",
        "action": "delete",
        "action_name": "publish",
        "task_state_id": MISSING_INT,
        "task_id": MISSING_INT,
        "workflow_state_id": MISSING_INT,
        "revision_id": MISSING_INT,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "page_pk": world.pages["standard_live"].pk,
        "workflow_pk": MISSING_INT,
        "redirect_id": MISSING_INT,
        "restriction_id": MISSING_INT,
        "page_view_restriction_id": MISSING_INT,
        "object_id": str(world.pages["standard_live"].pk),
        "session_id": MISSING_INT,
        "uidb64": "MQ",
        "token": "bad-token",
        "uidb36": "1",
        "key": "bad-key",
    }
    if key.startswith("awards:") or key.startswith("judging:"):
        if key in {"judging:scorecard", "judging:entry_conflict", "judging:scorecard_autosave"}:
            values["uuid"] = world.assignment_a.uuid
        if key == "awards:evidence_download":
            values["uuid"] = world.evidence_a.uuid
        if key == "awards:membership_decide":
            values["pk"] = world.pending_membership_a.pk
    if key.startswith("awards_admin:"):
        values["pk"] = (
            world.pending_membership_a.pk if key.endswith("membership_decide") else nomination.pk
        )
    if key.startswith("judging_admin:"):
        values["pk"] = world.round.pk
    model_pks = {
        "awards_nomination_": nomination.pk,
        "awards_council_": world.council_a.pk,
        "awards_councilmembership_": world.pending_membership_a.pk,
        "awards_principle_": 1,
        "judging_round_": world.round.pk,
        "judging_decision_": world.decision_a.pk,
        "judging_conflictdeclaration_": world.conflict_a.pk,
    }
    for prefix, pk in model_pks.items():
        if key.startswith(prefix):
            values["instance_pk"] = pk
    if key.startswith(("wagtailapi:awards", "wagtailadmin_api:pages", "wagtailapi:pages")):
        values["pk"] = world.award.pk
    if key.startswith("wagtailapi:stories"):
        values["pk"] = world.pages["story_live"].pk
    if key.startswith("wagtailadmin_pages:revisions_compare"):
        values["pk"] = world.pages["standard_live"].pk
    if key.startswith(("wagtailusers_users:", "wagtailusers_groups:", "wagtailsites:")):
        values["pk"] = MISSING_INT
    if other:
        for name in ("uuid", "evidence_uuid"):
            values[name] = missing_uuid
        for name in ("pk", "assignment_pk", "award_pk", "instance_pk"):
            values[name] = MISSING_INT + 1
        values["year"] = 1999
    return values
