from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_LEVELS = range(0, 6)


class Principle(models.Model):
    """One wording of one Keep it Local principle.

    Wording changes from year to year ("early intervention" became "prevention"); a new wording is a new
    row with the next version, so an award keeps pointing at exactly the text it was judged on.
    """

    number = models.PositiveSmallIntegerField(_("number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    rubric = models.JSONField(
        _("rubric descriptors"),
        default=list,
        help_text=_("Six descriptors, for scores 0 to 5 in order."),
    )

    class Meta:
        ordering = ["number", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="principle_number_version")
        ]
        verbose_name = _("principle")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def descriptor(self, score: int) -> str:
        return self.rubric[score] if 0 <= score < len(self.rubric) else ""
