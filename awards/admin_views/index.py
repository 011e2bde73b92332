from django.contrib.admin import SimpleListFilter
from django.db.models import Count
from django.utils.translation import gettext_lazy
from wagtail_modeladmin.views import IndexView

from ..models import Council, Nomination


class RegionFilter(SimpleListFilter):
    title = gettext_lazy("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = (
            Council.objects.exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        return [(region, region) for region in regions]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(council__region=self.value())
        return queryset


CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class NominationIndexView(IndexView):
    """The nominations list, with how many there are in each status under the other filters."""

    STATUS_PARAMS = ("status", "status__exact")

    def status_counts(self):
        full_params = self.params
        self.params = full_params.copy()
        for key in self.STATUS_PARAMS:
            self.params.pop(key, None)
        try:
            queryset = self.get_queryset(self.request)
        finally:
            self.params = full_params
        counts = dict(
            Nomination.objects.filter(pk__in=queryset.values("pk"))
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        current = self.params.get("status__exact") or self.params.get("status")
        base = self.params.copy()
        for key in (*self.STATUS_PARAMS, self.PAGE_VAR):
            base.pop(key, None)
        rows = []
        for value, label in Nomination.Status.choices:
            params = base.copy()
            params["status__exact"] = value
            rows.append(
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "url": "?" + params.urlencode(),
                    "current": current == value,
                }
            )
        return {"rows": rows, "total": sum(counts.values()), "all_url": "?" + base.urlencode()}

    def get_context_data(self, **kwargs):
        counts = self.status_counts()
        context = super().get_context_data(**kwargs)
        context["status_counts"] = counts
        return context

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # A cell that starts like a formula is run by spreadsheet programs: officers typed these.
        if (
            export_format == self.FORMAT_CSV
            and isinstance(value, str)
            and value.startswith(CSV_FORMULA_PREFIXES)
        ):
            return "'" + value
        return value
