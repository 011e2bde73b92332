from django_tasks import task

from .models import Nomination
from .services import send_receipt


@task()
def send_nomination_receipt(nomination_id: int) -> int:
    nomination = Nomination.objects.select_related("award", "council", "submitted_by").get(
        pk=nomination_id
    )
    return send_receipt(nomination=nomination)
