"""Editing one section of a nomination's task list: the forms and what they save, co-editing without lost
text (a colleague's saved version is shown beside the officer's own), and the partnership's "add another"
organisations."""

from contextlib import suppress
from dataclasses import dataclass

from django.contrib import messages
from django.forms import BooleanField
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from home.dates import format_time
from home.errors import ServiceError
from home.held_forms import (
    held_data,
    held_form_notice,
    json_login_required,
    login_required_keeping_form,
    prefill_form,
    refused,
    take_held_form,
)

from .. import permissions, selectors, services
from ..forms import (
    AboutForm,
    DeclarationForm,
    PartnerFormSet,
    PartnershipForm,
    StatementForm,
    word_limit_warnings,
)
from ..models import Nomination
from .common import _cannot_edit, _nomination_or_404, _tasks

ABOUT_FIELDS = ("contact_name", "contact_job_title", "contact_phone", "title", "summary")
DECLARATION_FIELDS = ("declaration_confirmed", "contacts_consent", "publication_consent")


@dataclass
class Section:
    """One task-list section: its form (and, for the partnership, its formset) and what it saves."""

    slug: str
    heading: str
    form: object
    field_names: tuple = ()
    criterion: object = None
    formset: object = None

    @property
    def forms(self):
        return [self.formset] if self.formset is not None else []

    def digest(self, nomination) -> str:
        return selectors.section_digest(
            nomination,
            fields=self.field_names,
            criterion_ids=[self.criterion.pk] if self.criterion else [],
            partners=self.formset is not None,
        )


PARTNER_PREFIX = "partner"


def _posted_partner_rows(data) -> list[dict]:
    """The partner rows as typed, straight from the request: nothing is lost when a row is added or
    removed before saving."""
    try:
        total = min(int(data.get(f"{PARTNER_PREFIX}-TOTAL_FORMS", 0)), 30)
    except ValueError:
        total = 0
    return [
        {
            name: data.get(f"{PARTNER_PREFIX}-{index}-{name}", "")
            for name in selectors.PARTNER_FIELDS
        }
        for index in range(total)
    ]


def _section(nomination: Nomination, slug: str, data=None, rows=None) -> Section:
    award = nomination.award
    if slug == "about":
        initial = {name: getattr(nomination, name) for name in ABOUT_FIELDS}
        section = Section(slug, _("About your organisation"), None, ABOUT_FIELDS)
        form_class, kwargs = AboutForm, {"award": award}
    elif slug == "partnership":
        initial = {"partners": nomination.partners}
        section = Section(slug, _("The partnership"), None, ("partners",))
        form_class, kwargs = PartnershipForm, {}
        if data is not None and rows is None:
            section.formset = PartnerFormSet(data, prefix=PARTNER_PREFIX)
        else:
            section.formset = PartnerFormSet(
                initial=rows if rows is not None else selectors.partner_rows(nomination),
                prefix=PARTNER_PREFIX,
            )
    elif slug == "declaration":
        initial = {name: getattr(nomination, name) for name in DECLARATION_FIELDS}
        if nomination.publication_consent is not None:
            initial["publication_consent"] = "yes" if nomination.publication_consent else "no"
        section = Section(slug, _("Declarations and consent"), None, DECLARATION_FIELDS)
        form_class, kwargs = DeclarationForm, {}
    else:
        for row in selectors.statement_rows(nomination):
            if row.slug == slug:
                initial = {"text": row.text}
                section = Section(
                    slug, str(row.criterion.principle), None, (), criterion=row.criterion
                )
                form_class, kwargs = StatementForm, {"criterion": row.criterion, "limit": row.limit}
                break
        else:
            raise Http404
    if data is None:
        # A posted form carries the version and digest it was loaded with: only a new form needs them.
        initial |= {"version": nomination.version, "digest": section.digest(nomination)}
    if rows is not None:
        # Re-shown after "Add another" or "Remove": what was typed, not yet saved, and no errors yet.
        initial |= {key: data.get(key, "") for key in ("version", "digest", "partners")}
        section.form = form_class(initial=initial, **kwargs)
    else:
        section.form = form_class(data, initial=initial, **kwargs)
    return section


def _theirs(nomination: Nomination, section: Section) -> dict:
    """A colleague's saved answers for this section, shown beside the officer's own after a conflict."""
    fresh = selectors.nomination_for_edit(uuid=nomination.uuid)
    rows = []
    for name in section.field_names:
        value = getattr(fresh, name)
        if isinstance(value, bool) or value is None:
            value = {True: _("Yes"), False: _("No"), None: ""}[value]
        rows.append({"label": section.form.fields[name].label, "value": value})
    if section.criterion is not None:
        text = next(
            (s.text for s in fresh.statements.all() if s.criterion_id == section.criterion.pk), ""
        )
        rows.append({"label": section.form.fields["text"].label, "value": text})
    last_edit = (
        ModelLogEntry.objects.for_instance(fresh)
        .filter(action="wagtail.edit")
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return {
        "rows": rows,
        "by": last_edit.user if last_edit else None,
        "at": last_edit.timestamp if last_edit else None,
        "partners": list(fresh.partner_organisations.all()) if section.formset else None,
        "version": fresh.version,
        "digest": section.digest(fresh),
    }


def _next_section_url(nomination: Nomination, slug: str) -> str:
    tasks = _tasks(nomination)
    slugs = [t.slug for t in tasks]
    position = slugs.index(slug)
    if position + 1 < len(tasks):
        return tasks[position + 1].url
    return reverse("awards:nomination_check", args=[nomination.uuid])


def _save(nomination: Nomination, spec: Section, *, by) -> Nomination:
    """Save a valid section through the service, which refuses it if a colleague changed this section
    since it was loaded (ConcurrentEdit) or the deadline has passed."""
    data = dict(spec.form.cleaned_data)
    version = data.pop("version")
    digest = data.pop("digest") or None
    statements = {spec.criterion.pk: data.pop("text")} if spec.criterion else None
    return services.nomination_save(
        nomination=nomination,
        by=by,
        version=version,
        fields=data,
        statements=statements,
        partners=spec.formset.organisations() if spec.formset is not None else None,
        loaded_digest=digest,
    )


def _typed_rows(nomination: Nomination, slug: str, data) -> list[dict]:
    """What a section's post carried, labelled as on the form, to show back read-only when it cannot
    be saved at all. Ticked boxes are not text worth copying, and hidden fields are not the officer's."""
    spec = _section(nomination, slug, data)
    rows = []
    if spec.formset is not None:
        labels = {name: field.label for name, field in spec.formset.empty_form.fields.items()}
        for number, partner in enumerate(_posted_partner_rows(data), start=1):
            lines = [f"{labels[name]}: {value}" for name, value in partner.items() if value.strip()]
            if lines:
                rows.append(
                    {
                        "label": _("Organisation %(number)s") % {"number": number},
                        "value": "\n".join(lines),
                        "long": True,
                    }
                )
    for name, field in spec.form.fields.items():
        value = data.get(name, "")
        if field.widget.is_hidden or isinstance(field, BooleanField) or not value.strip():
            continue
        if hasattr(field, "choices"):
            continue
        rows.append(
            {"label": field.label, "value": value, "long": "\n" in value or len(value) > 80}
        )
    return rows


def _not_saved(request, nomination: Nomination, slug: str):
    """A save from a tab left open after the nomination was withdrawn or submitted: say so, and give
    back what was typed to copy, rather than drop it."""
    return render(
        request,
        "awards/nomination_not_saved.html",
        {
            "nomination": nomination,
            "typed_rows": _typed_rows(nomination, slug, request.POST),
            "can_withdrawn_reopen": nomination.status == Nomination.Status.WITHDRAWN
            and nomination.within_deadline(),
        },
    )


@login_required_keeping_form
def nomination_section(request, uuid, section):
    nomination = _nomination_or_404(request, uuid, section)
    post = request.POST if request.method == "POST" else None
    if (
        post is not None
        and permissions.is_officer_of(request.user, nomination.council_id)
        and nomination.status != Nomination.Status.DRAFT
    ):
        return _not_saved(request, nomination, section)
    if (
        not permissions.is_officer_of(request.user, nomination.council_id)
        or nomination.status != Nomination.Status.DRAFT
        or (post is None and not nomination.accepts_changes())
    ):
        return _cannot_edit(request, nomination)
    # A save that arrives after the deadline is refused by the service, with the officer's text kept.
    theirs = None
    # What they typed when a save met an ended session, once they have signed in again.
    held = take_held_form(request) if post is None else None
    if held is not None and section == "partnership":
        rows = _posted_partner_rows(held_data(held))
        spec = _section(nomination, section, held_data(held), rows=rows or [{}])
    elif post is not None and section == "partnership" and ("add" in post or "remove" in post):
        rows = _posted_partner_rows(post)
        if "add" in post:
            rows.append({})
        else:
            with suppress(ValueError, IndexError):
                rows.pop(int(post["remove"]))
        spec = _section(nomination, section, post, rows=rows or [{}])
    else:
        spec = _section(nomination, section, post)
    if held is not None:
        prefill_form(spec.form, held)
        held_form_notice(request)
    valid = post is not None and spec.form.is_bound and spec.form.is_valid()
    valid = valid and all(f.is_valid() for f in spec.forms)
    if spec.formset is not None and spec.formset.is_bound:
        for error in spec.formset.non_form_errors():
            spec.form.add_error(None, error)
    if valid:
        try:
            _save(nomination, spec, by=request.user)
        except services.ConcurrentEdit as error:
            theirs = _theirs(nomination, spec)
            # Their text stays in the form; a second save, once reconciled, replaces the colleague's.
            data = post.copy()
            data["version"], data["digest"] = theirs["version"], theirs["digest"]
            spec = _section(nomination, section, data)
            spec.form.is_valid()
            spec.form.add_error(None, error.message)
        except ServiceError as error:
            spec.form.add_error(None, error.message)
        else:
            messages.success(request, _("Your answers have been saved."))
            for warning in word_limit_warnings(spec.form):
                messages.warning(request, warning)
            if "continue" in post:
                return redirect(_next_section_url(nomination, section))
            return redirect("awards:nomination_overview", uuid=nomination.uuid)
    return render(
        request,
        "awards/nomination_section.html",
        {
            "nomination": nomination,
            "section": spec,
            "form": spec.form,
            "forms": spec.formset if spec.formset is not None else [],
            "formset": spec.formset,
            "heading": spec.heading,
            "criterion": spec.criterion,
            "theirs": theirs,
            "limit_warnings": word_limit_warnings(spec.form),
            # Shown again with what was typed but not yet saved: autosave must not take it as saved.
            "unsaved": post is not None,
        },
    )


@json_login_required
@require_POST
def nomination_section_autosave(request, uuid, section):
    """site.js's autosave of a section: the same form and the same save as nomination_section, with a
    JSON answer instead of a page. A save refused because a colleague changed this section first (or
    the deadline passed) is a 409: site.js stops autosaving, and the officer's own next save shows both
    texts. Signed out is a 401 and not theirs to change a 403. The declaration is a deliberate act and
    is never saved automatically."""
    if section == "declaration":
        raise Http404
    nomination = _nomination_or_404(request, uuid, section)
    if not permissions.is_officer_of(request.user, nomination.council_id):
        return refused(_("You cannot change this nomination."))
    if nomination.status == Nomination.Status.WITHDRAWN:
        return refused(
            _(
                "This nomination has been withdrawn, so your changes have not been saved. They are "
                "still on this page: copy anything you want to keep."
            ),
            status=409,
        )
    if nomination.status != Nomination.Status.DRAFT:
        return refused(_("This nomination can no longer be changed."), status=409)
    spec = _section(nomination, section, request.POST)
    if not (spec.form.is_valid() and all(form.is_valid() for form in spec.forms)):
        return JsonResponse(
            {
                "saved": False,
                "message": _(
                    "Your changes have not been saved automatically because of a problem with them. "
                    "Save them with a button below to see what to fix."
                ),
            },
            status=400,
        )
    try:
        nomination = _save(nomination, spec, by=request.user)
    except ServiceError as error:
        return JsonResponse({"saved": False, "message": error.message}, status=409)
    return JsonResponse(
        {
            "saved": True,
            "version": nomination.version,
            "digest": spec.digest(nomination),
            "message": _("Your answers were saved automatically at %(time)s.")
            % {"time": format_time(timezone.now())},
        }
    )
