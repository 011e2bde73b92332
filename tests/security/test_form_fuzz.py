"""Every form of the project's own views, sent long, empty, unicode, HTML/script and control-character
input through the real views as the person who uses it: never a 500, and nothing typed comes back
unescaped."""

import functools
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards import selectors as award_selectors
from awards.models import ShowcaseIndexPage
from tests.factories import (
    AwardPageFactory,
    NominationFactory,
    RoundFactory,
    UserFactory,
    assignment,
    council_of,
    eligible_nomination,
    judge_user,
    pdf_bytes,
    staff_user,
    submitted_nomination,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("kil-fuzz")</script>'
ATTRIBUTE = '"><img src=x onerror=alert("kil-fuzz")>'
UNESCAPED = (SCRIPT.encode(), b"<img src=x onerror=")

fuzzed_text = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            SCRIPT,
            ATTRIBUTE,
            "\x00",
            "a\x00b",
            "\u202eevil",
            "\r\n\t\x0b\x0c",
            "Ünïcödé ✓ 漢字 🙂 עברית",
            "'; DROP TABLE awards_nomination; --",
            "{{ request }} {% now 'Y' %}",
        ]
    ),
    st.text(max_size=40),
    st.builds(
        lambda text, times: (text or "x") * times, st.text(max_size=6), st.integers(800, 4000)
    ),
    st.builds(
        lambda before, after: before + SCRIPT + after, st.text(max_size=8), st.text(max_size=8)
    ),
)

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rolled_back(test):
    """Each example's writes undone before the next one runs: the examples of a test share its
    fixtures, never what an earlier example saved (a partner, a file, a membership request)."""

    @functools.wraps(test)
    def example(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return example


def fuzzed(fields):
    """A dict of every field in `fields`, each either fuzzed or left as `fields` has it."""
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(value), fuzzed_text) for name, value in fields.items()}
    )


def assert_handled(response):
    assert response.status_code < 500, response.status_code
    body = b"" if response.streaming else response.content
    for raw in UNESCAPED:
        assert raw not in body, f"unescaped {raw!r} in the answer"


# --- nominations ---------------------------------------------------------------------------------


@pytest.fixture
def draft(officer):
    return NominationFactory(award=AwardPageFactory(), council=council_of(officer))


def _section_url(nomination, slug):
    return reverse("awards:nomination_section", args=[nomination.uuid, slug])


@FUZZ
@given(data=st.data())
@rolled_back
def test_nomination_about_section(data, draft, officer, client_for):
    fields = {
        "version": "1",
        "contact_name": "Sam",
        "contact_job_title": "Head",
        "contact_phone": "01632 960 001",
        "title": "Hubs",
        "summary": "Summary",
    }

    response = client_for(officer).post(_section_url(draft, "about"), data.draw(fuzzed(fields)))

    assert_handled(response)


@FUZZ
@given(data=st.data())
@rolled_back
def test_nomination_partnership_section_with_partners(data, draft, officer, client_for):
    fields = {
        "version": "1",
        "partners": "A board",
        "partner-TOTAL_FORMS": "2",
        "partner-INITIAL_FORMS": "0",
        "partner-0-name": "Testshire CVS",
        "partner-0-kind": "charity",
        "partner-0-contact_name": "Alex",
        "partner-0-contact_email": "alex@example.org",
        "partner-0-contact_phone": "",
        "partner-1-name": "",
        "partner-1-kind": "",
        "partner-1-contact_name": "",
        "partner-1-contact_email": "",
        "partner-1-contact_phone": "",
    }
    posted = data.draw(fuzzed(fields))
    posted |= data.draw(st.sampled_from([{}, {"add_partner": "1"}, {"remove_partner": "0"}]))

    response = client_for(officer).post(_section_url(draft, "partnership"), posted)

    assert_handled(response)


@FUZZ
@given(data=st.data())
@rolled_back
def test_nomination_statement_and_declaration_sections(data, draft, officer, client_for):
    statement = award_selectors.statement_rows(draft)[0].slug
    client = client_for(officer)

    statement_answer = client.post(
        _section_url(draft, statement), data.draw(fuzzed({"version": "1", "text": "We did"}))
    )
    declaration_answer = client.post(
        _section_url(draft, "declaration"),
        data.draw(
            fuzzed(
                {
                    "version": "1",
                    "declaration_confirmed": "on",
                    "contacts_consent": "on",
                    "publication_consent": "yes",
                }
            )
        ),
    )

    assert_handled(statement_answer)
    assert_handled(declaration_answer)


@FUZZ
@given(data=st.data())
@rolled_back
def test_evidence_upload_metadata(data, draft, officer, client_for):
    criterion = str(draft.award.ordered_criteria[0].pk)
    posted = data.draw(fuzzed({"description": "Evaluation", "criteria": criterion}))
    name = data.draw(st.one_of(st.just("report.pdf"), fuzzed_text))
    # Django's parser keeps only the base name, and refuses "", "." and ".." before any view runs.
    base = os.path.basename(name or "")
    posted["file"] = SimpleUploadedFile(
        base if base not in {"", ".", ".."} else "x", pdf_bytes(), content_type="application/pdf"
    )

    response = client_for(officer).post(
        reverse("awards:nomination_evidence", args=[draft.uuid]), posted
    )

    assert_handled(response)


@FUZZ
@given(data=st.data())
@rolled_back
def test_membership_request(data, officer, client_for):
    newcomer = UserFactory(email="newcomer@elsewhere.example.org")
    council = str(council_of(officer).pk)

    response = client_for(newcomer).post(
        reverse("awards:membership_request"),
        data.draw(fuzzed({"council": council, "message": "Please add me"})),
    )

    assert_handled(response)


# --- accounts (allauth) --------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
@rolled_back
def test_sign_up_and_sign_in(data, db):
    client = Client()
    signup = {
        "email": "someone@example.org",
        "first_name": "Sam",
        "last_name": "Patel",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
    }

    signed_up = client.post(reverse("account_signup"), data.draw(fuzzed(signup)))
    signed_in = Client().post(
        reverse("account_login"),
        data.draw(fuzzed({"login": "someone@example.org", "password": "wrong"})),
    )

    assert_handled(signed_up)
    assert_handled(signed_in)


# --- judging -------------------------------------------------------------------------------------


@pytest.fixture
def judged(open_award, judge):
    entry = eligible_nomination(award=open_award)
    return assignment(round=RoundFactory(award=open_award), judge=judge, nomination=entry)


@FUZZ
@given(data=st.data())
@rolled_back
def test_scorecard(data, judged, judge, client_for):
    client = client_for(judge)
    client.post(reverse("judging:entry_conflict", args=[judged.uuid]), {"answer": "no"})
    fields = {"version": "1", "overall_comment": "Strong", "save": "1"}
    for criterion in judged.round.award.ordered_criteria:
        fields[f"score_{criterion.pk}"] = "4"
        fields[f"comment_{criterion.pk}"] = "Good"

    response = client.post(
        reverse("judging:scorecard", args=[judged.uuid]), data.draw(fuzzed(fields))
    )

    assert_handled(response)


@FUZZ
@given(data=st.data())
@rolled_back
def test_conflict_declarations(data, judged, judge, client_for):
    client = client_for(judge)
    year = judged.round.award.year
    council = str(judged.nomination.council_id)

    before_allocation = client.post(
        reverse("judging:conflicts", args=[year]),
        data.draw(
            fuzzed(
                {
                    "action": "declare",
                    "council": council,
                    "organisation": "CVS",
                    "reason": "I chair it",
                }
            )
        ),
    )
    on_opening = client.post(
        reverse("judging:entry_conflict", args=[judged.uuid]),
        data.draw(fuzzed({"answer": "yes", "reason": "I know them"})),
    )

    assert_handled(before_allocation)
    assert_handled(on_opening)


# --- the public showcase -------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
@rolled_back
def test_showcase_filters(data, db):
    url = ShowcaseIndexPage.objects.get().url
    query = data.draw(
        fuzzed({"q": "hubs", "principle": "1", "year": "2025", "region": "North West", "page": "1"})
    )

    response = Client().get(url, {k: v.replace("\x00", "") for k, v in query.items()})

    assert_handled(response)


# --- the award team's admin actions --------------------------------------------------------------


@pytest.fixture
def admin_world(db):
    staff = staff_user()
    award = AwardPageFactory()
    submitted = submitted_nomination(award=award)
    eligible = eligible_nomination(award=award, staff=staff)
    round = RoundFactory(award=award)
    judged = assignment(round=round, judge=judge_user(), nomination=eligible)
    return staff, submitted, eligible, round, judged


@FUZZ
@given(data=st.data())
@rolled_back
def test_admin_nomination_actions(data, admin_world, client_for):
    staff, submitted, eligible, round, judged = admin_world
    client = client_for(staff)
    later = (timezone.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")

    answers = [
        client.post(
            reverse("awards_admin:nomination_ineligible", args=[submitted.pk]),
            data.draw(fuzzed({"reason": "Not a council"})),
        ),
        client.post(
            reverse("awards_admin:nomination_extend", args=[submitted.pk]),
            data.draw(fuzzed({"closes_at": later, "reason": "Flooding"})),
        ),
        client.post(
            reverse("awards_admin:nomination_reopen", args=[submitted.pk]),
            data.draw(fuzzed({"reason": "Wrong file"})),
        ),
    ]

    for response in answers:
        assert_handled(response)


@FUZZ
@given(data=st.data())
@rolled_back
def test_admin_round_actions(data, admin_world, client_for):
    staff, submitted, eligible, round, judged = admin_world
    client = client_for(staff)

    answers = [
        client.post(
            reverse("judging_admin:round_manage", args=[round.pk]),
            data.draw(fuzzed({"judge": str(judged.judge_id), "nomination": str(eligible.pk)})),
        ),
        client.post(
            reverse("judging_admin:round_results", args=[round.pk]),
            data.draw(
                fuzzed({"nomination": str(eligible.pk), "outcome": "winner", "rationale": "Best"})
            ),
        ),
        client.post(
            reverse("judging_admin:round_shortlist", args=[round.pk]),
            data.draw(fuzzed({"mode": "top", "places": "1", "rationale": "Top one"})),
        ),
        client.post(
            reverse("judging_admin:scorecard_reopen", args=[round.pk, judged.pk]),
            data.draw(fuzzed({"reason": "Asked to"})),
        ),
    ]

    for response in answers:
        assert_handled(response)


# --- showcase stories: rich text through Wagtail's editor ----------------------------------------


def test_a_story_body_with_script_comes_out_of_the_editor_without_it(client_for):
    from awards.models import ShowcaseStoryPage
    from tests.awards.story_editor import post_editor
    from tests.factories import editor_user, story_page

    editor = editor_user()
    story = story_page(live=False)
    hostile = (
        f'<p>Hubs {SCRIPT}<a href="javascript:alert(1)" onclick="alert(2)">link</a>'
        '<img src="x" onerror="alert(3)"/></p>'
    )

    response = post_editor(
        client_for(editor), story, action="save", body=[("paragraph", hostile)], summary=SCRIPT
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = ShowcaseStoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    stored = str(saved.body.raw_data)
    assert "Hubs" in stored
    # The script element goes; its text may stay, as harmless words.
    for dangerous in ("<script", "javascript:", "onclick", "onerror", "<img"):
        assert dangerous not in stored
    preview = client_for(editor).get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    assert_handled(preview)
