"""Who may see and change nominations and evidence. Views call these and answer 404 when they say no,
so that another council's nominations do not reveal that they exist."""

from home.permissions import is_award_staff, is_signed_in

from .models import CouncilMembership, Evidence, Nomination

# Who else may read a nomination's evidence, beyond its council and the award team: predicates
# (user, nomination) -> bool that apps built on awards add when they are ready (judging adds its judges).
_evidence_readers = []


def register_evidence_reader(predicate) -> None:
    if predicate not in _evidence_readers:
        _evidence_readers.append(predicate)


def council_ids_for(user) -> frozenset[int]:
    if not is_signed_in(user):
        return frozenset()
    if not hasattr(user, "_kil_council_ids"):
        user._kil_council_ids = frozenset(
            CouncilMembership.objects.filter(
                user=user, status=CouncilMembership.Status.APPROVED
            ).values_list("council_id", flat=True)
        )
    return user._kil_council_ids


def is_officer(user) -> bool:
    return bool(council_ids_for(user))


def is_officer_of(user, council_id: int) -> bool:
    return council_id in council_ids_for(user)


def can_start_nomination(user, council, award) -> bool:
    return is_officer_of(user, council.pk) and award.is_open()


def can_view_nomination(user, nomination: Nomination) -> bool:
    return is_award_staff(user) or is_officer_of(user, nomination.council_id)


def can_edit_nomination(user, nomination: Nomination) -> bool:
    return is_officer_of(user, nomination.council_id) and nomination.accepts_changes()


def can_submit_nomination(user, nomination: Nomination) -> bool:
    return can_edit_nomination(user, nomination)


def can_withdraw_nomination(user, nomination: Nomination) -> bool:
    return is_officer_of(user, nomination.council_id) and nomination.status in Nomination.UNCHECKED


def can_download_evidence(user, evidence: Evidence) -> bool:
    if can_view_nomination(user, evidence.nomination):
        return True
    return any(reader(user, evidence.nomination) for reader in _evidence_readers)


def can_mark_eligibility(user) -> bool:
    return is_award_staff(user)


def can_decide_membership(user, membership) -> bool:
    """Colleagues already in the council, and award staff, approve requests to join it; a request
    from someone the award team removed is the award team's to decide."""
    if membership.removed_at is not None:
        return is_award_staff(user)
    return is_award_staff(user) or is_officer_of(user, membership.council_id)
