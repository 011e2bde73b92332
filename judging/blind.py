"""Blind judging: what a judge reads must not say which council wrote it.

The council's name (and its place name without "Council"), its email domains and its GSS code are
replaced wherever they appear in text shown to judges. Evidence files themselves cannot be
rewritten: judges get them under neutral names, and entrants are asked not to name themselves.
"""

import re

from django.utils.translation import gettext as _

SUFFIXES = (
    "metropolitan borough council",
    "royal borough council",
    "borough council",
    "city council",
    "county council",
    "district council",
    "council",
    "integrated care board",
    "icb",
)
PREFIXES = ("city of ", "royal borough of ", "london borough of ", "borough of ", "county of ")
# A place name shorter than this ("Hull" is fine; "Bo") would blank out ordinary words.
SHORTEST_TERM = 4


def identifying_terms(council) -> list[str]:
    """Strings that give the council away, longest first so "Kirklees Council" goes before
    "Kirklees"."""
    name = council.name.strip()
    terms = {name}
    core = name
    lowered = core.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix):
            core = core[len(prefix) :].strip()
            lowered = core.lower()
            break
    for suffix in SUFFIXES:
        if lowered.endswith(" " + suffix):
            core = core[: -len(suffix)].strip()
            break
    terms.add(core)
    terms.update(council.domains)
    if council.gss_code:
        terms.add(council.gss_code.strip())
    return sorted((t for t in terms if len(t) >= SHORTEST_TERM), key=len, reverse=True)


def redactor(council):
    """A function that hides `council` in a text; the identity function would be a bug here."""
    terms = identifying_terms(council)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(term) for term in terms) + r")(?!\w)",
        re.IGNORECASE,
    )
    replacement = _("[the council]")

    def redact(text: str) -> str:
        return pattern.sub(replacement, text or "")

    return redact
