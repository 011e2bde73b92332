import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AwardCriterion, AwardPage, Nomination


class Round(models.Model):
    class Entry(models.TextChoices):
        ELIGIBLE = "eligible", _("Every eligible nomination")
        SHORTLISTED = "shortlisted", _("Shortlisted nominations")

    class RankingMethod(models.TextChoices):
        WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")

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
        max_length=20, choices=RankingMethod.choices, default=RankingMethod.WEIGHTED_MEAN
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

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class AssignmentQuerySet(models.QuerySet):
    def for_judge(self, judge):
        return self.filter(judge=judge)


class Assignment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judging_assignments"
    )
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

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
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

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


class Decision(models.Model):
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("decision")

    def __str__(self):
        return f"{self.nomination}: {self.get_outcome_display()}"
