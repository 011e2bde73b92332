from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.records import NotInReferenceIndex


class Council(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("County council")
        DISTRICT = "district", _("District council")
        UNITARY = "unitary", _("Unitary authority")
        METROPOLITAN = "metropolitan", _("Metropolitan borough")
        LONDON_BOROUGH = "london_borough", _("London borough")
        WELSH_PRINCIPAL = "welsh_principal", _("Welsh principal council")
        COMBINED = "combined", _("Combined authority")
        ICB = "icb", _("Integrated care board")
        OTHER = "other", _("Other public body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    gss_code = models.CharField(_("ONS/GSS code"), max_length=9, blank=True)
    email_domains = models.TextField(
        _("email domains"),
        blank=True,
        help_text=_(
            "One per line, e.g. kirklees.gov.uk. Verified users with these addresses join."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("nominating organisation")

    def __str__(self):
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.splitlines() if d.strip()]


class CouncilMembership(NotInReferenceIndex, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        # Kept, not deleted: a removal has to outlast the next sign-in with a council address.
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(_("message to the organisation"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("approved"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        ordering = ["council__name", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="membership_user_council")
        ]
        verbose_name = _("membership")

    def __str__(self):
        return f"{self.user} – {self.council} ({self.get_status_display()})"

    @property
    def from_removed_member(self) -> bool:
        """A request to join from someone the award team took out of this organisation."""
        return self.status == self.Status.REQUESTED and self.removed_at is not None
