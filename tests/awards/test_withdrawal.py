"""Withdrawing is not losing: staff reinstate a withdrawn nomination as it was, the council reopens
it as a draft instead of starting blank, and a tab left open is told why its save went nowhere."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from awards import services
from awards.models import Nomination
from tests.factories import NominationFactory, council_of, pdf_file

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _snapshot(nomination) -> dict:
    """Every answer the council gave, its partners, statements and files."""
    nomination = Nomination.objects.get(pk=nomination.pk)
    changing = {"status", "version", "withdrawn_from", "updated_at"}
    fields = {
        f.attname: getattr(nomination, f.attname)
        for f in Nomination._meta.concrete_fields
        if f.attname not in changing
    }
    return {
        "fields": fields,
        "partners": list(
            nomination.partner_organisations.values(
                "name", "kind", "contact_name", "contact_email", "contact_phone", "position"
            )
        ),
        "statements": sorted(nomination.statements.values_list("criterion_id", "text")),
        "evidence": sorted(nomination.evidence.values_list("original_name", "sha256", "file")),
        "reference": nomination.reference,
    }


@pytest.fixture
def submitted(officer, open_award):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    services.evidence_add(nomination=nomination, by=officer, uploaded_file=pdf_file("Plan.pdf"))
    return services.nomination_submit(nomination=nomination, by=officer)


def _withdraw(client, nomination):
    response = client.post(reverse("awards:nomination_withdraw", args=[nomination.uuid]))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.WITHDRAWN


def test_staff_reinstate_a_withdrawn_nomination_with_every_field_as_it_was(
    submitted, officer, staff, client_for
):
    before = _snapshot(submitted)
    _withdraw(client_for(officer), submitted)
    staff_client = client_for(staff)
    inspect = staff_client.get(reverse("awards_nomination_modeladmin_inspect", args=[submitted.pk]))
    url = reverse("awards_admin:nomination_reinstate", args=[submitted.pk])
    assert url in inspect.content.decode()
    assert staff_client.get(url).status_code == 200
    missing_reason = staff_client.post(url, {"to": "previous", "reason": ""})
    assert missing_reason.status_code == 200
    assert Nomination.objects.get(pk=submitted.pk).status == Status.WITHDRAWN

    response = staff_client.post(
        url, {"to": "previous", "reason": "Withdrawn by mistake, the council rang."}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED  # what it was before it was withdrawn
    assert _snapshot(submitted) == before
    entry = ModelLogEntry.objects.for_instance(submitted).get(action="awards.nomination.reinstate")
    assert entry.user == staff
    assert entry.data["reason"] == "Withdrawn by mistake, the council rang."
    assert entry.data["from"] == Status.WITHDRAWN and entry.data["to"] == Status.SUBMITTED


def test_staff_can_reinstate_as_a_draft_and_not_over_a_newer_nomination(
    submitted, officer, staff, client_for
):
    _withdraw(client_for(officer), submitted)
    newer = services.nomination_start(award=submitted.award, council=submitted.council, by=officer)
    url = reverse("awards_admin:nomination_reinstate", args=[submitted.pk])

    refused = client_for(staff).post(url, {"to": "draft", "reason": "Asked to"})

    assert refused.status_code == 200
    assert "already has a nomination" in refused.content.decode()
    assert Nomination.objects.get(pk=submitted.pk).status == Status.WITHDRAWN
    services.nomination_withdraw(nomination=newer, by=officer)

    client_for(staff).post(url, {"to": "draft", "reason": "Asked to"})

    assert Nomination.objects.get(pk=submitted.pk).status == Status.DRAFT


def test_starting_again_after_withdrawing_offers_the_withdrawn_nomination_back(
    submitted, officer, client_for
):
    before = _snapshot(submitted)
    client = client_for(officer)
    _withdraw(client, submitted)

    offer = client.post(reverse("awards:nomination_start"), {"council": submitted.council_id})

    content = offer.content.decode()
    assert offer.status_code == 200
    assert "Reopen your withdrawn nomination?" in content
    assert reverse("awards:nomination_reopen", args=[submitted.uuid]) in content
    assert Nomination.objects.filter(award=submitted.award).count() == 1  # nothing blank made yet

    reopened = client.post(reverse("awards:nomination_reopen", args=[submitted.uuid]))

    assert reopened["Location"] == reverse("awards:nomination_overview", args=[submitted.uuid])
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert _snapshot(submitted) == before
    assert ModelLogEntry.objects.for_instance(submitted).filter(
        action="awards.nomination.reopen_withdrawn", user=officer
    )


def test_a_blank_nomination_can_still_be_chosen_instead(submitted, officer, client_for):
    client = client_for(officer)
    _withdraw(client, submitted)

    response = client.post(
        reverse("awards:nomination_start"), {"council": submitted.council_id, "blank": "1"}
    )

    fresh = Nomination.objects.exclude(pk=submitted.pk).get(award=submitted.award)
    assert response["Location"] == reverse("awards:nomination_overview", args=[fresh.uuid])
    assert fresh.title == "" and fresh.status == Status.DRAFT


def test_a_save_from_a_tab_left_open_after_withdrawal_says_so_and_shows_the_text_back(
    officer, open_award, client_for
):
    draft = NominationFactory(award=open_award, council=council_of(officer), statements=False)
    client = client_for(officer)
    url = reverse("awards:nomination_section", args=[draft.uuid, "principle-1"])
    loaded = client.get(url).context["form"].initial
    _withdraw(client, draft)

    response = client.post(
        url,
        {
            "version": loaded["version"],
            "digest": loaded["digest"],
            "text": "Three years of neighbourhood budgets.",
            "continue": "1",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Your changes have not been saved" in content
    assert "This nomination has been withdrawn" in content
    assert 'data-testid="typed-answers"' in content
    assert "Three years of neighbourhood budgets.</textarea>" in content
    assert "readonly" in content.split('data-testid="typed-answers"', 1)[1]
    assert not draft.statements.exclude(text="").exists()


def test_an_autosave_after_withdrawal_says_the_changes_were_not_saved(
    officer, open_award, client_for
):
    draft = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    _withdraw(client, draft)

    response = client.post(
        reverse("awards:nomination_section_autosave", args=[draft.uuid, "about"]),
        {"version": draft.version, "title": "Late"},
    )

    assert response.status_code == 409
    assert "has been withdrawn, so your changes have not been saved" in response.json()["message"]
