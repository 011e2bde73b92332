"""The site's search backend: Wagtail's database backend (SQLite FTS5 or PostgreSQL full text), fed only
words.

Every search box (the showcase's ?q=, the open data API's ?search=, the Wagtail admin's page, image,
document and snippet searches and its choosers) reaches the database through this backend. The vendor
backends put each term inside quotes in the full-text query without escaping everything that query
language gives a meaning to: a `"` ends SQLite's string early, a NUL is refused by PostgreSQL, and
either failure would be an error page for text anyone can type. Search text is cut down here, once,
to its words (letters and digits in any script), which is also all the full-text index holds.
"""

import copy
import functools
import re
import unicodedata

from modelsearch.backends.database import SearchBackend as _vendor_backend
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

# Longer text is not a search anyone means; a bound keeps the query (and its parsing) small.
MAX_CHARACTERS = 500
MAX_WORDS = 32
_NOT_WORD = re.compile(r"[\W_]+")


def search_words(text) -> str:
    """The words of `text`, space-separated: no quotes, operators, brackets, control characters."""
    # NFKC first: a letter typed as a base and a combining accent (or in full width) is one word.
    text = unicodedata.normalize("NFKC", str(text)[:MAX_CHARACTERS])
    words = _NOT_WORD.split(text)
    return " ".join(word for word in words if word)[:MAX_CHARACTERS].strip()


def plain_search_text(text) -> str:
    """For searches the database runs as LIKE (the admin's record listings): punctuation is only
    text there, but a NUL is refused by PostgreSQL and each word is one more condition, so control
    characters go and the words are capped."""
    text = "".join(
        ch
        for ch in str(text)[:MAX_CHARACTERS]
        if unicodedata.category(ch)[0] != "C" or ch.isspace()
    )
    return " ".join(text.split()[:MAX_WORDS])


def safe_query(query):
    """`query` (a string or a parsed search query) with only words left in it; "" when none are left,
    which the backend answers with no results."""
    if isinstance(query, str):
        return search_words(query)
    cleaned = _clean(query)
    return "" if cleaned is None else cleaned


def _clean(query):
    if isinstance(query, PlainText | Phrase | Fuzzy):
        words = search_words(query.query_string)
        if not words:
            return None
        query = copy.copy(query)
        query.query_string = words
        return query
    if isinstance(query, And | Or):
        subqueries = [cleaned for sub in query.subqueries if (cleaned := _clean(sub)) is not None]
        if not subqueries:
            return None
        return type(query)(subqueries)
    if isinstance(query, Not | Boost):
        subquery = _clean(query.subquery)
        if subquery is None:
            return None
        query = copy.copy(query)
        query.subquery = subquery
        return query
    return query  # MatchAll, or a kind of query with no text in it


class _WordsOnly:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(query_compiler_class, safe_query(query), model_or_queryset, **kwargs)


@functools.cache
def _words_only(vendor_class):
    return type(vendor_class.__name__, (_WordsOnly, vendor_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    # The vendor backend is chosen by the database in use, as Wagtail's own "database" backend does.
    return _words_only(type(_vendor_backend(params)))(params)
