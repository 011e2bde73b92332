"""Fields of the open data API (Wagtail API v2) that need more than a model field: only what the
public site shows, never who wrote, approved or nominated what."""

from rest_framework.fields import Field
from wagtail.images.api.fields import ImageRenditionField


class HeroImageField(ImageRenditionField):
    """The hero image as the site shows it, with its alt text and credit."""

    def __init__(self, *args, **kwargs):
        super().__init__("fill-1200x630", *args, **kwargs)

    def to_representation(self, image):
        representation = dict(super().to_representation(image))
        representation["credit"] = image.credit
        return representation


class PrincipleField(Field):
    """A principle as judged: number, title and description."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, principle):
        return {
            "number": principle.number,
            "title": principle.title,
            "description": principle.description,
        }


class PrinciplesField(Field):
    """The principles a story illustrates: number and title, in order."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [
            {"number": principle.number, "title": principle.title}
            for principle in sorted(manager.all(), key=lambda p: p.number)
        ]
