from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from .publishing import PublishingRefused


class PublishingRefusedMiddleware:
    """A story refused by the publishing gate outside the page form (approving from the dashboard,
    the bulk publish action) becomes a message on the story's edit page, not an error page. The
    refused action has been rolled back by then; drafts saved before it are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublishingRefused):
            return None
        messages.error(request, exception.summary)
        edit_url = reverse("wagtailadmin_pages:edit", args=[exception.page_id])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The workflow modal expects JSON telling it where to go next.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
            )
        return redirect(edit_url)
