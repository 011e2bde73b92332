"""Drive Wagtail's page editor for a showcase story the way a browser does (the StreamField editor is
drawn by JavaScript, so its blocks are sent as the browser would send them)."""

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)


def edit_url(story) -> str:
    return reverse("wagtailadmin_pages:edit", args=[story.pk])


def body_blocks(*blocks):
    """`("paragraph", "<p>…</p>")`, `("quote", {...})`, `("image", {"image": image_id, ...})`."""
    converted = []
    for block_type, value in blocks:
        if block_type == "paragraph":
            value = rich_text(value)
        elif block_type == "principle_section":
            value = {**value, "text": rich_text(value["text"])}
        converted.append((block_type, value))
    return streamfield(converted)


def post_editor(client: Client, story, *, action: str, body=(), **fields):
    """Load the story's edit form, change `fields` and the body, and press `action`:
    "save" (draft), "publish", "submit" (for moderation) or "approve"/"reject" (a workflow action)."""
    page = client.get(edit_url(story))
    assert page.status_code == 200, page.status_code
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("body-")]:
        del data[key]
    for key, value in nested_form_data({"body": body_blocks(*body)}).items():
        data[key] = value
    for key, value in fields.items():
        data[key] = "" if value is None else value
    if action == "publish":
        data["action-publish"] = "action-publish"
    elif action == "submit":
        data["action-submit"] = "1"
    elif action in {"approve", "reject"}:
        data["action-workflow-action"] = "true"
        data["workflow-action-name"] = action
    return client.post(edit_url(story), data)
