"""Page editor forms for the award's pages."""

import copy
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .publishing import release_problems, story_problems


class _GateStreamError(StreamBlockValidationError):
    """The body's errors, marked on each block; its own text is what the editor's error list shows
    for the field (Wagtail's default is "Validation error in StreamBlock")."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.message = _("See the problems marked in the story.")


class ShowcaseStoryPageForm(WagtailAdminPageForm):
    """Shows the publishing gate's problems next to the hero image and the story's blocks when an
    editor publishes (or schedules) or a moderator approves. Saving a draft, submitting for
    moderation and requesting changes are never blocked by it."""

    def _is_publishing(self) -> bool:
        if self.data.get("action-publish"):
            return True
        return bool(
            self.data.get("action-workflow-action")
            and self.data.get("workflow-action-name") == "approve"
        )

    def clean(self):
        cleaned_data = super().clean()
        # Deferred validation means Wagtail is saving a draft (or the user may not publish).
        if self.is_deferred_validation or not self._is_publishing() or self.errors:
            return cleaned_data
        story = copy.copy(self.instance)
        story.award_year = cleaned_data.get("award_year", story.award_year)
        go_live_at = cleaned_data.get("go_live_at")
        now = timezone.now()
        problems = [
            *release_problems(
                story=story, at=go_live_at if go_live_at and go_live_at > now else now
            ),
            *story_problems(
                hero_image=cleaned_data.get("hero_image"), body=cleaned_data.get("body")
            ),
        ]
        if not problems:
            return cleaned_data
        self.add_error(
            None,
            _("This story cannot be published yet. Fix the problems marked below, then publish."),
        )
        for problem in problems:
            self.add_error(None, problem.message)
        body_messages = defaultdict(list)
        for problem in problems:
            if problem.field is None:
                continue
            if problem.field == "hero_image":
                self.add_error("hero_image", problem.message)
            else:
                body_messages[(problem.index, problem.child)].append(problem.message)
        if body_messages:
            block_errors = defaultdict(dict)
            for (index, child), messages in body_messages.items():
                block_errors[index][child] = ValidationError(" ".join(messages))
            self.add_error(
                "body",
                _GateStreamError(
                    block_errors={
                        index: StructBlockValidationError(block_errors=children)
                        for index, children in block_errors.items()
                    },
                    non_block_errors=[
                        message for messages in body_messages.values() for message in messages
                    ],
                ),
            )
        return cleaned_data
