from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Renders every field through the site's GOV.UK-pattern field template (label, hint, error)."""

    field_template_name = "includes/field.html"
    form_template_name = "includes/form_fields.html"
