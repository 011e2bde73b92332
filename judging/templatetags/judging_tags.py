from django import template

from ..models import Round

register = template.Library()


@register.inclusion_tag("judging/includes/feedback_link.html")
def feedback_link(nomination):
    """A link to the panel's feedback, once award staff have released it for this nomination (and the
    award's results are announced)."""
    released = (
        nomination is not None
        and nomination.award.results_announced()
        and Round.objects.filter(
            assignments__nomination=nomination, feedback_released_at__isnull=False
        ).exists()
    )
    return {"nomination": nomination, "released": released}
