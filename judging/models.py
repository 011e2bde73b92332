import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AwardCriterion, AwardPage, Nomination
from home.dates import format_datetime
from home.records import NotInReferenceIndex


def parse_reminder_days(value: str) -> list[int]:
    """ "7, 2" -> [7, 2]: whole days before a round closes, largest first, no repeats."""
    days = set()
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 60:
            raise ValidationError(
                _("Enter whole numbers of days from 1 to 60, separated by commas, such as 7, 2"),
                code="reminder_days",
            )
        days.add(int(part))
    return sorted(days, reverse=True)


def validate_reminder_days(value: str) -> None:
    parse_reminder_days(value)


class Round(NotInReferenceIndex, models.Model):
    class Entry(models.TextChoices):
        ELIGIBLE = "eligible", _("Every eligible nomination")
        SHORTLISTED = "shortlisted", _("Shortlisted nominations")

    class RankingMethod(models.TextChoices):
        WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")
        MEDIAN = "median", _("Weighted median")
        TRIMMED_MEAN = "trimmed_mean", _("Weighted trimmed mean")
        NORMALISED = "normalised", _("Judge-normalised score")

    award = models.ForeignKey(AwardPage, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=100)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    entries_from = models.CharField(
        _("which entries enter"), max_length=20, choices=Entry.choices, default=Entry.ELIGIBLE
    )
    judges_per_entry = models.PositiveSmallIntegerField(_("judges per entry"), default=3)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    is_blind = models.BooleanField(
        _("blind judging"), default=False, help_text=_("Hide the council's identity from judges.")
    )
    allow_not_applicable = models.BooleanField(_("judges may mark 'not applicable'"), default=True)
    ranking_method = models.CharField(
        _("ranking method"),
        max_length=20,
        choices=RankingMethod.choices,
        default=RankingMethod.WEIGHTED_MEAN,
        help_text=_("How entries are ranked on the results page; every method is shown there."),
    )
    others_scores_after_submit = models.BooleanField(
        _("judges see the others' scores after submitting their own"),
        default=False,
        help_text=_("Never before: a judge's own scores are always made independently."),
    )
    reminder_days = models.CharField(
        _("reminders (days before closing)"),
        max_length=50,
        blank=True,
        default="7, 2",
        validators=[validate_reminder_days],
        help_text=_(
            "Judges with unfinished scorecards are emailed this many days before the round closes, "
            "e.g. 7, 2. Leave empty for no reminders."
        ),
    )
    feedback_released_at = models.DateTimeField(_("feedback released"), null=True, blank=True)
    feedback_released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["award", "opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["award", "name"], name="round_award_name"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gte=1, scale_max__lte=10), name="round_scale_1_to_10"
            ),
        ]
        verbose_name = _("judging round")

    def __str__(self):
        return f"{self.award.year} – {self.name}"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The round must close after it opens.")})
        award = self.award if self.award_id else None
        if award and self.closes_at and self.closes_at <= award.closes_at:
            # Judging cannot finish while councils may still enter (nor be decided on).
            raise ValidationError(
                {
                    "closes_at": _(
                        "The round must close after nominations for the %(year)s award close "
                        "(%(when)s)."
                    )
                    % {"year": award.year, "when": format_datetime(award.closes_at)}
                }
            )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_opened(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())

    @property
    def reminder_offsets(self) -> list[int]:
        try:
            return parse_reminder_days(self.reminder_days)
        except ValidationError:
            return []


class AssignmentQuerySet(models.QuerySet):
    def for_judge(self, judge):
        return self.filter(judge=judge)

    def counting(self):
        """The assignments whose scores count: not set aside for a conflict of interest."""
        return self.filter(conflicted_at__isnull=True)

    def removed(self):
        return self.filter(removed_at__isnull=False)


# For Score and Scorecard queries: only scores of assignments that count (AssignmentQuerySet.counting).
SCORE_COUNTS = Q(scorecard__assignment__conflicted_at__isnull=True)
SCORECARD_COUNTS = Q(assignment__conflicted_at__isnull=True)


class _WithoutRemoved(models.Manager):
    """The default manager of assignments, scorecards and scores: what staff removed is kept for
    the record and can be restored, but no judge's list, progress figure, result or feedback may
    count it, including queries written later. `all_objects` sees everything; relations followed
    forwards (scorecard.assignment) use Django's plain base manager, so they still resolve."""

    removed_lookup = ""

    def get_queryset(self):
        return super().get_queryset().filter(**{self.removed_lookup: None})


class AllRowsManager(models.Manager):
    """Removed ones too: for staff pages, the audit log and restoring."""


class ActiveAssignmentManager(_WithoutRemoved.from_queryset(AssignmentQuerySet)):
    removed_lookup = "removed_at"


class ActiveScorecardManager(_WithoutRemoved):
    removed_lookup = "assignment__removed_at"


class ActiveScoreManager(_WithoutRemoved):
    removed_lookup = "scorecard__assignment__removed_at"


class Assignment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    # PROTECT: a judge's scores are part of the award's record; their account is deactivated,
    # never deleted (judging.wagtail_hooks refuses the admin's delete with that advice).
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="judging_assignments"
    )
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the judge, on opening the entry, confirms they have no conflict of interest with it.
    conflict_checked_at = models.DateTimeField(null=True, blank=True)
    # Set aside by a conflict the judge declared by naming the organisation in a blind round: kept
    # on their list so that its disappearance cannot say which entry is that organisation's, and
    # never counted (see judging.services.assignments.conflict_declare).
    conflicted_at = models.DateTimeField(
        _("set aside for a conflict of interest"), null=True, blank=True
    )
    # Staff removal is soft: the assignment, its scorecard and scores stay, hidden, restorable.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    removal_reason = models.TextField(_("reason for removal"), blank=True, editable=False)

    objects = ActiveAssignmentManager()
    all_objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "nomination__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "nomination"], name="assignment_round_judge_nomination"
            )
        ]
        verbose_name = _("assignment")

    def __str__(self):
        return f"{self.judge} → {self.nomination}"


class Scorecard(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="scorecard"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    overall_comment_shared = models.BooleanField(
        _("share the overall comment with the council"), default=False
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ActiveScorecardManager()
    all_objects = AllRowsManager()

    class Meta:
        verbose_name = _("scorecard")

    def __str__(self):
        return f"{self.assignment} ({self.get_status_display()})"


class Score(models.Model):
    """One judge's score for one principle. A null value means "not applicable", never zero."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    # Chosen by award staff when they prepare feedback; judges write comments for the panel first.
    shared_with_council = models.BooleanField(default=False)

    objects = ActiveScoreManager()
    all_objects = AllRowsManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="score_scorecard_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=10),
                name="score_value_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value if self.value is not None else 'N/A'}"


class Decision(NotInReferenceIndex, models.Model):
    class Outcome(models.TextChoices):
        WINNER = "winner", _("Winner")
        HIGHLY_COMMENDED = "highly_commended", _("Highly commended")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        NOT_SELECTED = "not_selected", _("Not selected")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="decisions")
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("decision")

    def __str__(self):
        return f"{self.nomination}: {self.get_outcome_display()}"


class ConflictDeclarationQuerySet(models.QuerySet):
    def pairs(self, *, award):
        """(judge_id, council_id) of every conflict declared for `award`."""
        return set(self.filter(award=award).values_list("judge_id", "council_id"))


class ConflictDeclaration(NotInReferenceIndex, models.Model):
    """A judge's conflict of interest with a council for one award's judging.

    Made before allocation (the judge names the organisation) or on opening an entry (the judge
    only says "I have a conflict"; in a blind round they never learn which council it is).
    """

    class Source(models.TextChoices):
        BEFORE_ALLOCATION = "declared", _("Declared by the judge")
        ON_OPENING = "on_opening", _("Declared on opening an entry")
        BY_STAFF = "by_staff", _("Recorded by award staff")

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    award = models.ForeignKey(AwardPage, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(
        "awards.Council", on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.BEFORE_ALLOCATION
    )
    assignments_removed = models.PositiveSmallIntegerField(default=0)
    assignments_set_aside = models.PositiveSmallIntegerField(default=0)
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ConflictDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "award", "council"], name="conflict_judge_award_council"
            )
        ]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self):
        return f"{self.judge} – {self.council}"


class ConflictReview(models.Model):
    """A judge has been through the declaration page for an award and has nothing (more) to declare."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    award = models.ForeignKey(AwardPage, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "award"], name="conflict_review_judge_award")
        ]

    def __str__(self):
        return f"{self.judge} – {self.award}"


class JudgingReminder(models.Model):
    """A reminder sent (or being sent) to a judge, so that a scheduler running twice sends it once."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "days_before"], name="reminder_round_judge_days"
            )
        ]

    def __str__(self):
        return f"{self.judge} – {self.round} ({self.days_before})"
