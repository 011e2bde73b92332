import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.storages import get_evidence_storage
from home.records import NotInReferenceIndex

from .award import AwardCriterion, AwardPage
from .councils import Council


class NominationQuerySet(models.QuerySet):
    def for_council_ids(self, council_ids):
        return self.filter(council_id__in=council_ids)

    def active(self):
        return self.exclude(status=Nomination.Status.WITHDRAWN)

    def submitted(self):
        return self.exclude(status__in=Nomination.NOT_ENTERED)


class Nomination(NotInReferenceIndex, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        WINNER = "winner", _("Winner")
        HIGHLY_COMMENDED = "highly_commended", _("Highly commended")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Groups of statuses, defined once here: every rule that asks "is it one of these?" reads one.
    # Before the eligibility check: a council may still withdraw it, staff may extend its deadline.
    UNCHECKED = frozenset({Status.DRAFT, Status.SUBMITTED})
    # Never an entry: not counted, judged or shown anywhere but to its council.
    NOT_ENTERED = frozenset({Status.DRAFT, Status.WITHDRAWN})
    # The panel's outcomes: provisional, and shown to the council as "being judged", until announced.
    OUTCOMES = frozenset(
        {Status.SHORTLISTED, Status.WINNER, Status.HIGHLY_COMMENDED, Status.NOT_SELECTED}
    )
    # Recognised by the award: announced to the public, and the only ones with a showcase story.
    RECOGNISED = frozenset({Status.WINNER, Status.HIGHLY_COMMENDED})

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    award = models.ForeignKey(AwardPage, on_delete=models.PROTECT, related_name="nominations")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("title of your nomination"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    contact_name = models.CharField(_("lead contact's name"), max_length=200, blank=True)
    contact_job_title = models.CharField(_("lead contact's job title"), max_length=200, blank=True)
    contact_phone = models.CharField(_("lead contact's telephone"), max_length=40, blank=True)
    partners = models.TextField(_("how the partnership works"), blank=True)
    declaration_confirmed = models.BooleanField(default=False)
    contacts_consent = models.BooleanField(default=False)
    publication_consent = models.BooleanField(null=True, blank=True)
    eligibility_reason = models.TextField(_("reason given to the council"), blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    deadline_extended_until = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention period ran out and the personal data was erased (awards/privacy.py).
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The status a withdrawn nomination had, so that staff can reinstate it as it was.
    withdrawn_from = models.CharField(max_length=20, blank=True, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live nomination per council per award; a withdrawn one does not block a fresh start.
            models.UniqueConstraint(
                fields=["award", "council"],
                condition=~Q(status="withdrawn"),
                name="one_active_nomination_per_council",
            ),
            models.UniqueConstraint(fields=["award", "number"], name="nomination_award_number"),
        ]
        verbose_name = _("nomination")

    def __str__(self):
        return self.reference or f"{self.council} – {_('draft')}"

    @property
    def status_for_council(self) -> str:
        """The status as the council may know it: an outcome is provisional, and reads as still
        being judged, until the award's results are announced."""
        if self.status in self.OUTCOMES and not self.award.results_announced():
            return _("Being judged")
        return self.get_status_display()

    @property
    def closes_at(self):
        if self.deadline_extended_until and self.deadline_extended_until > self.award.closes_at:
            return self.deadline_extended_until
        return self.award.closes_at

    def within_deadline(self, now=None) -> bool:
        """Whether now is inside this nomination's window: the award's, or its extension."""
        now = now or timezone.now()
        return self.award.opens_at <= now < self.closes_at

    def accepts_changes(self, now=None) -> bool:
        return self.status == self.Status.DRAFT and self.within_deadline(now)

    @property
    def has_extension(self) -> bool:
        return self.closes_at != self.award.closes_at


class PartnerOrganisation(models.Model):
    """A community organisation in the nomination's partnership, with someone the award team can ask."""

    class Kind(models.TextChoices):
        CHARITY = "charity", _("Charity")
        COMMUNITY_GROUP = "community_group", _("Community group or association")
        SOCIAL_ENTERPRISE = (
            "social_enterprise",
            _("Social enterprise or community interest company"),
        )
        COMMUNITY_ANCHOR = "community_anchor", _("Community anchor or development trust")
        FAITH_GROUP = "faith_group", _("Faith group")
        HOUSING = "housing", _("Housing association")
        TOWN_PARISH = "town_parish", _("Town or parish council")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="partner_organisations"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name of the organisation"), max_length=200)
    kind = models.CharField(_("type of organisation"), max_length=30, choices=Kind.choices)
    contact_name = models.CharField(_("contact's name"), max_length=200)
    contact_email = models.EmailField(_("contact's email address"), max_length=254)
    contact_phone = models.CharField(_("contact's telephone"), max_length=40, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("partner organisation")

    def __str__(self):
        return self.name


class NominationStatement(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="statements")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="statement_nomination_criterion"
            )
        ]

    def __str__(self):
        return f"{self.nomination} – {self.criterion}"


def evidence_key(instance, filename):
    # A random key: the original name is kept in the database only, so it never reaches a URL or a
    # blind judge, and two files of the same name never collide.
    return f"{uuid.uuid4().hex}"


class EvidenceQuerySet(models.QuerySet):
    def removed(self):
        return self.filter(removed_at__isnull=False)


class CurrentEvidenceManager(models.Manager.from_queryset(EvidenceQuerySet)):
    """The default: evidence that has not been removed. Removed evidence is kept, file and all, for
    an undo and for staff to restore (until awards.privacy deletes it), but nobody else sees it:
    not the nomination's pages, not check answers, not judges, not the submit check."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Evidence(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=get_evidence_storage, upload_to=evidence_key, max_length=200)
    original_name = models.CharField(max_length=255)
    description = models.CharField(_("description"), max_length=300, blank=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    criteria = models.ManyToManyField(AwardCriterion, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CurrentEvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()

    class Meta:
        # Related managers (nomination.evidence) are built from the default manager: removed evidence
        # is left out everywhere unless a caller asks for all_objects.
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name
