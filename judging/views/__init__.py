"""Pages for judges (dashboard, conflicts of interest, the scorecard) and for councils (feedback).

A judge reaches an entry only through their own assignment, in a round that has opened, after
confirming they have no conflict with it; anything else is a 404. In a blind round nothing a judge
is shown names the council: references only, texts with the council's name taken out, evidence
under neutral file names.

A package of modules by page; every view judging.urls routes to is importable from here."""

from .conflicts import conflicts
from .dashboard import dashboard
from .feedback import feedback
from .scorecards import entry_conflict, scorecard, scorecard_autosave

__all__ = [
    "conflicts",
    "dashboard",
    "entry_conflict",
    "feedback",
    "scorecard",
    "scorecard_autosave",
]
