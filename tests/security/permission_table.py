"""The expected answer to every URL of the project for each kind of person (the matrix in
test_permission_matrix.py asks). Classes: "ok" (2xx), "redirect" (elsewhere on the site), "login"
(to a sign-in page), "refused" (Wagtail's "no permission", back to the admin dashboard), "404", "405",
"500"; "admin-any" (any answer but a sign-in redirect or a 500: Wagtail's own permissions decide).

Roles, in order: anonymous, officer of council A, officer of council B, judge assigned to A's entry,
judge not assigned, judge with a conflict on A, editor, award administrator.

Our own views (and the admin views showing our records) have one explicit row each; Wagtail's and
allauth's pages that show none of our data are matched by the explicit prefix rules at the end.
`post=` is the answer to a plausible POST; `changes=` who may change anything with it (anyone else's
POST must leave every watched table as it was).
"""

from dataclasses import dataclass, field

from .world import ROLES


@dataclass(frozen=True)
class Row:
    get: dict
    post: dict | None = None
    changes: frozenset = field(default_factory=frozenset)


def row(*classes, post=None, changes=frozenset()) -> Row:
    assert len(classes) == len(ROLES) and (post is None or len(post) == len(ROLES))
    return Row(
        get=dict(zip(ROLES, classes, strict=True)),
        post=dict(zip(ROLES, post, strict=True)) if post else None,
        changes=frozenset(changes),
    )


def admin_library() -> Row:
    """Wagtail admin pages: signed out or without admin access, the admin sign-in page."""
    return row(*["login"] * 6, "admin-any", "admin-any")


def everyone(outcome: str) -> Row:
    return row(*[outcome] * len(ROLES))


EXACT = {
    "account_change_password": row("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_confirm_email": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_confirm_login_code": row(
        "login", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    "account_email": row("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_email_verification_sent": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_inactive": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    # Staff's right password, signed out: on to the code page, never signed in.
    "account_login": row(
        "ok",
        *["redirect"] * 7,
        post=("mfa", *["redirect"] * 7),
    ),
    "account_logout": row("redirect", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_reauthenticate": row("login", *["ok"] * 7, post=("login", *["ok"] * 7)),
    # One address, asked for by everyone in turn: the fourth request within the hour is refused.
    "account_reset_password": row(
        *["ok"] * 8, post=("redirect", "redirect", "redirect", *["429"] * 5)
    ),
    "account_reset_password_done": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_reset_password_from_key": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_reset_password_from_key_done": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "account_set_password": row(
        "login", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    "account_signup": row(
        "ok", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    "awards:council_team": row(
        "login", "ok", "ok", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    "awards:evidence_download": row("404", "ok", "404", "ok", "404", "404", "404", "ok"),
    # A confirmation page first; the world's nomination is submitted, so its council is sent back.
    "awards:evidence_remove": row(
        "login",
        "redirect",
        "404",
        "404",
        "404",
        "404",
        "404",
        "redirect",
        post=("login", "redirect", "404", "404", "404", "404", "404", "redirect"),
        changes=set(),
    ),
    # Only a removed file can be restored: the world's file is not removed.
    "awards:evidence_restore": row(
        "login",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=("login", "404", "404", "404", "404", "404", "404", "404"),
        changes=set(),
    ),
    # Only a withdrawn nomination is reopened, by its own council.
    "awards:nomination_reopen": row(
        "login",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=("login", "404", "404", "404", "404", "404", "404", "404"),
        changes=set(),
    ),
    "awards_admin:evidence_restore": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "405",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "404"),
        changes=set(),
    ),
    "awards_admin:nomination_reinstate": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "redirect",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "awards:membership_decide": row(
        "login",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=("login", "redirect", "404", "404", "404", "404", "404", "404"),
        changes={"officer_a"},
    ),
    "awards:membership_request": row(
        "login",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        post=(
            "login",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
        ),
        changes={
            "judge_assigned",
            "judge_unassigned",
            "staff",
            "officer_b",
            "editor",
            "judge_conflicted",
        },
    ),
    "awards:nomination_check": row(
        "login",
        "redirect",
        "404",
        "404",
        "404",
        "404",
        "404",
        "redirect",
        post=("login", "redirect", "404", "404", "404", "404", "404", "redirect"),
        changes=set(),
    ),
    "awards:nomination_evidence": row(
        "login",
        "ok",
        "404",
        "404",
        "404",
        "404",
        "404",
        "ok",
        post=("login", "redirect", "404", "404", "404", "404", "404", "redirect"),
        changes=set(),
    ),
    "awards:nomination_list": row("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    # Everyone signed in reads and downloads their own data; only officers may delete their account
    # (judges, editors and staff hold scores and decisions the award must keep).
    "privacy:your_data": row("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "privacy:download": row("login", "405", "405", "405", "405", "405", "405", "405"),
    "privacy:delete_account": row(
        "login", "ok", "ok", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    "awards:nomination_overview": row(
        "login", "redirect", "404", "404", "404", "404", "404", "redirect"
    ),
    "awards:nomination_print": row("login", "ok", "404", "404", "404", "404", "404", "ok"),
    "awards:nomination_receipt": row("login", "ok", "404", "404", "404", "404", "404", "ok"),
    "awards:nomination_section": row(
        "login",
        "redirect",
        "404",
        "404",
        "404",
        "404",
        "404",
        "redirect",
        # The world's nomination is submitted: its council's save is shown back, not saved.
        post=("login", "ok", "404", "404", "404", "404", "404", "redirect"),
        changes=set(),
    ),
    # site.js's autosave: signed out is a 401 in JSON (never a sign-in page fetch would follow).
    "awards:nomination_section_autosave": row(
        "401",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        # The world's nomination of council A is submitted: its own officers hear "409, no longer
        # changeable" in JSON, staff (who may read it) "403, not yours to change"; nobody else
        # learns it exists.
        post=("401", "409", "404", "404", "404", "404", "404", "403"),
        changes=set(),
    ),
    "awards:nomination_start": row(
        "login",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=(
            "login",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
            "redirect",
        ),
        changes=set(),
    ),
    "awards:nomination_withdraw": row(
        "login",
        "404",
        "404",
        "404",
        "404",
        "404",
        "404",
        "404",
        post=("login", "404", "404", "404", "404", "404", "404", "404"),
        changes=set(),
    ),
    "awards_admin:membership_decide": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "405",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "awards_admin:nomination_eligible": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "405",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes=set(),
    ),
    "awards_admin:nomination_extend": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "redirect",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "awards_admin:nomination_ineligible": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "awards_admin:nomination_reopen": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "redirect",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "awards_admin:nomination_story": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "405",
        "405",
        post=("login", "login", "login", "login", "login", "login", "404", "redirect"),
        changes=set(),
    ),
    "awards_council_modeladmin_create": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "awards_council_modeladmin_delete": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "awards_council_modeladmin_edit": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "awards_council_modeladmin_history": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "awards_council_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "awards_councilmembership_modeladmin_history": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "awards_councilmembership_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "awards_councilmembership_modeladmin_inspect": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "awards_nomination_modeladmin_history": row(
        "login", "login", "login", "login", "login", "login", "404", "ok"
    ),
    "awards_nomination_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "ok", "ok"
    ),
    "awards_nomination_modeladmin_inspect": row(
        "login", "login", "login", "login", "login", "login", "404", "ok"
    ),
    "awards_principle_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "awards_principle_modeladmin_inspect": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    # Browsers and crawlers ask for /favicon.ico: everyone is sent to the site icon.
    "home:favicon": everyone("redirect"),
    "home:after_sign_in": row(
        "login", "redirect", "redirect", "redirect", "redirect", "redirect", "refused", "refused"
    ),
    "judging:conflicts": row(
        "login",
        "404",
        "404",
        "ok",
        "ok",
        "ok",
        "404",
        "404",
        post=("login", "404", "404", "ok", "ok", "ok", "404", "404"),
        changes=set(),
    ),
    "judging:dashboard": row("login", "404", "404", "ok", "ok", "ok", "404", "404"),
    "judging:entry_conflict": row(
        "login",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=("login", "404", "404", "redirect", "404", "404", "404", "404"),
        changes=set(),
    ),
    # Council A reads its feedback only once the award's results are announced (the world's award
    # is still open for nominations); award staff preview it.
    "judging:feedback": row("login", "404", "404", "404", "404", "404", "404", "ok"),
    # Anyone but the assigned judge hears "403, you cannot score this entry", whether or not it
    # exists.
    "judging:scorecard_autosave": row(
        "401",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=("401", "403", "403", "ok", "403", "403", "403", "403"),
        changes={"judge_assigned"},
    ),
    # The idle warning: how long is left (not activity), and "Stay signed in".
    "home:session_status": row("401", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "home:stay_signed_in": row(
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        post=("401", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
        changes=set(),
    ),
    "judging:scorecard": row(
        "login",
        "404",
        "404",
        "ok",
        "404",
        "404",
        "404",
        "404",
        post=("login", "404", "404", "redirect", "404", "404", "404", "404"),
        changes={"judge_assigned"},
    ),
    "judging_admin:assignment_remove": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    # Restoring an assignment that is not removed is refused with a message: nothing changes.
    "judging_admin:assignment_restore": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes=set(),
    ),
    "judging_admin:round_allocate": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "judging_admin:round_export": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_admin:round_feedback": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "judging_admin:round_manage": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    # Staff's POST here is refused by the rules (the world's award is open): nothing changes.
    "judging_admin:award_announce": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "judging_admin:round_results": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes={"staff"},
    ),
    "judging_admin:round_shortlist": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes=set(),
    ),
    "judging_admin:scorecard_reopen": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "405",
        post=("login", "login", "login", "login", "login", "login", "refused", "redirect"),
        changes=set(),
    ),
    "judging_conflictdeclaration_modeladmin_history": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_conflictdeclaration_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_conflictdeclaration_modeladmin_inspect": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_decision_modeladmin_history": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_decision_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_decision_modeladmin_inspect": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_round_modeladmin_create": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "judging_round_modeladmin_delete": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "refused",
        post=("login", "login", "login", "login", "login", "login", "refused", "refused"),
        changes=set(),
    ),
    "judging_round_modeladmin_edit": row(
        "login",
        "login",
        "login",
        "login",
        "login",
        "login",
        "refused",
        "ok",
        post=("login", "login", "login", "login", "login", "login", "refused", "ok"),
        changes=set(),
    ),
    "judging_round_modeladmin_history": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "judging_round_modeladmin_index": row(
        "login", "login", "login", "login", "login", "login", "refused", "ok"
    ),
    "mfa_activate_totp": row(
        "login", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    "mfa_authenticate": row(
        "login", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect", "redirect"
    ),
    # Removing the app and the recovery codes: those with an app are asked for a fresh code from it
    # (home/mfa.py), whatever else they have done in the session.
    "mfa_deactivate_totp": row(
        "login", "404", "404", *["mfa"] * 5, post=("login", "404", "404", *["mfa"] * 5)
    ),
    "mfa_download_recovery_codes": row("login", "404", "404", *["mfa"] * 5),
    "mfa_generate_recovery_codes": row(
        "login",
        "redirect",
        "redirect",
        *["mfa"] * 5,
        post=("login", "redirect", "redirect", *["mfa"] * 5),
    ),
    "mfa_index": row("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "mfa_reauthenticate": row(
        "login",
        "redirect",
        "redirect",
        *["ok"] * 5,
        post=("login", "redirect", "redirect", *["ok"] * 5),
    ),
    "mfa_view_recovery_codes": row("login", "404", "404", *["mfa"] * 5),
    "open_data:index": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "open_data:stories_atom": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "open_data:stories_rss": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "open_data:winners_csv": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "open_data:winners_json": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "open_data:winners_year_csv": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "open_data:winners_year_json": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "page:award": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "page:award_index": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "page:home": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "page:showcase_index": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "page:standard_draft": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "page:standard_live": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "page:story_draft": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "page:story_live": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "route:admin/^.*/$": row("login", "login", "login", "login", "login", "login", "404", "404"),
    "route:admin/test404/": row("login", "login", "login", "login", "login", "login", "ok", "ok"),
    "sitemap": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    # Wagtail's own "failwhale": a deliberate error, for admin users to check error reporting.
    "wagtailadmin_error_test": row(
        "login", "login", "login", "login", "login", "login", "500", "500"
    ),
    # allauth is the one way in: Wagtail's sign-in pages send everyone to allauth's sign-in (which
    # sends the signed-in on), its sign-out to allauth's and its password reset pages to allauth's
    # (home/sign_in_routes.py). Its static helpers are public.
    "wagtailadmin_login": row(*["login"] * 8, post=["login"] * 8),
    "wagtailadmin_logout": everyone("redirect"),
    "wagtailadmin_password_reset": row(*["redirect"] * 8, post=["redirect"] * 8),
    "wagtailadmin_password_reset_done": everyone("redirect"),
    "wagtailadmin_password_reset_confirm": everyone("redirect"),
    "wagtailadmin_password_reset_complete": everyone("redirect"),
    "wagtailadmin_sprite": everyone("ok"),
    "wagtailadmin_javascript_catalog": everyone("ok"),
    # Every page is served through this one pattern: the "page:" rows ask for each page type.
    "wagtail_serve": everyone("ok"),
    "wagtailapi:awards:detail": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "wagtailapi:awards:find": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "wagtailapi:awards:listing": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "wagtailapi:pages:detail": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "wagtailapi:pages:find": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "wagtailapi:pages:listing": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "wagtailapi:stories:detail": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "wagtailapi:stories:find": row("404", "404", "404", "404", "404", "404", "404", "404"),
    "wagtailapi:stories:listing": row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "wagtailcore_authenticate_with_password": row(
        "404", "404", "404", "404", "404", "404", "404", "404"
    ),
    "wagtailcore_login": row(*["login"] * 8, post=["login"] * 8),
    "wagtaildocs_authenticate_with_password": row(
        "404", "404", "404", "404", "404", "404", "404", "404"
    ),
    "wagtaildocs_serve": row("404", "404", "404", "404", "404", "404", "404", "404"),
}

# Wagtail admin pages that show none of our records (pages, images, documents, users, workflows...):
# every name under these prefixes is for signed-in admin users only.
PREFIXES = {
    "wagtailadmin_": admin_library(),
    "wagtaildocs:": admin_library(),
    "wagtaildocs_chooser:": admin_library(),
    "wagtailimages:": admin_library(),
    "wagtailimages_chooser:": admin_library(),
    "wagtailusers_users:": admin_library(),
    "wagtailusers_groups:": admin_library(),
    "wagtailsites:": admin_library(),
    "wagtailredirects:": admin_library(),
    "wagtailforms:": admin_library(),
    "wagtailembeds:": admin_library(),
    "wagtailsnippets:": admin_library(),
    "wagtailsettings:": admin_library(),
    "wagtail_bulk_action": admin_library(),
    "wagtail_modeladmin:": admin_library(),
}

# Whose answer may differ between a real record and a made-up id: those allowed to know it exists.
OWNERS = {
    "awards:evidence_download": {"officer_a", "judge_assigned"},
    "judging:scorecard": {"judge_assigned"},
    "judging:entry_conflict": {"judge_assigned"},
    "judging:scorecard_autosave": {"judge_assigned"},
    "judging:conflicts": {"judge_assigned", "judge_unassigned", "judge_conflicted"},
    "judging:feedback": {"officer_a"},
}


def matching_rule(key: str) -> Row | None:
    if key in EXACT:
        return EXACT[key]
    prefixes = [prefix for prefix in PREFIXES if key.startswith(prefix)]
    return PREFIXES[max(prefixes, key=len)] if prefixes else None


def unused_rules(keys) -> list[str]:
    """Rows for URLs that no longer exist (pages are asked about by type, not by URL name)."""
    keys = set(keys)
    stale = [key for key in EXACT if not key.startswith("page:") and key not in keys]
    stale += [p for p in PREFIXES if not any(key.startswith(p) for key in keys)]
    return stale


def expected_for(key: str, method: str, role: str) -> set[str] | None:
    rule = matching_rule(key)
    if rule is None:
        return None
    classes = rule.get if method == "GET" else rule.post
    if classes is None:
        return None
    expected = classes[role]
    if expected == "admin-any":
        return {"ok", "redirect", "refused", "403", "404", "405"}
    return {expected}


def may_change(key: str) -> frozenset:
    rule = matching_rule(key)
    return rule.changes if rule else frozenset()


def owners(key: str) -> set[str]:
    """Award staff may know every record exists; officers of council A know A's records."""
    if key in OWNERS:
        return OWNERS[key] | {"staff"}
    if key.startswith("awards:"):
        return {"officer_a", "staff"}
    return {"staff"}
