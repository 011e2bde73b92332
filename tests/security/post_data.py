"""What the matrix POSTs to each state-changing view: a plausible request, so that a refusal that
slipped would show as a change in the world."""

from tests.factories import PASSWORD


def post_data(world) -> dict[str, dict]:
    nomination = world.nomination_a
    criteria = list(world.award.ordered_criteria)
    scores = {f"score_{c.pk}": "5" for c in criteria}
    reason = {"reason": "Checked with the council on the telephone."}
    staff = world.users["staff"].email
    return {
        # Sign-in, reset, re-authentication and recovery codes: the right password must not be
        # enough anywhere, and nothing changes.
        "account_login": {"login": staff, "password": PASSWORD},
        "wagtailadmin_login": {"username": staff, "password": PASSWORD},
        "wagtailcore_login": {"username": staff, "password": PASSWORD},
        "account_reset_password": {"email": staff},
        "wagtailadmin_password_reset": {"email": staff},
        "account_reauthenticate": {"password": "not-the-password"},
        "mfa_reauthenticate": {"code": "000000"},
        "mfa_generate_recovery_codes": {},
        "mfa_deactivate_totp": {},
        "awards:nomination_start": {"council": world.council_a.pk},
        "awards:membership_request": {"council": world.council_a.pk, "message": "Please add me"},
        "awards:membership_decide": {},
        "awards:evidence_remove": {},
        "awards:nomination_evidence": {"description": "More evidence"},
        "awards:nomination_check": {},
        "awards:nomination_withdraw": {},
        "awards:nomination_section": {"version": 1, "title": "Taken over"},
        "judging:conflicts": {"council": world.council_b.pk, **reason},
        "judging:scorecard": {"version": 1, "submit": "1", **scores},
        "judging:scorecard_autosave": {"version": 1, **scores},
        "judging:entry_conflict": {"answer": "no"},
        "awards_admin:nomination_eligible": {},
        "awards_admin:nomination_ineligible": reason,
        "awards_admin:nomination_extend": {"closes_at": "2099-01-01T12:00", **reason},
        "awards_admin:nomination_reopen": reason,
        "awards_admin:nomination_story": {},
        "awards_admin:membership_decide": {},
        "judging_admin:round_manage": {
            "judge": world.users["judge_unassigned"].pk,
            "nomination": nomination.pk,
        },
        "judging_admin:round_allocate": {},
        "judging_admin:assignment_remove": reason,
        "judging_admin:assignment_restore": {},
        "judging_admin:scorecard_reopen": reason,
        "judging_admin:round_results": {
            "nomination": nomination.pk,
            "outcome": "winner",
            "rationale": "Best",
            "early_reason": "The panel met early.",
        },
        "judging_admin:round_shortlist": {"mode": "top", "places": 1, **reason},
        "judging_admin:round_feedback": {"release": "1"},
        "judging_admin:award_announce": {"action": "announce", "when": "now"},
        "awards_council_modeladmin_create": {"name": "Intruder Council", "kind": "unitary"},
        "awards_council_modeladmin_edit": {"name": "Renamed Council", "kind": "unitary"},
        "awards_council_modeladmin_delete": {},
        "judging_round_modeladmin_create": {"name": "Intruder round"},
        "judging_round_modeladmin_edit": {"name": "Renamed round"},
        "judging_round_modeladmin_delete": {},
    }
