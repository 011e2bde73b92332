"""The base of every modeladmin of the project's own records."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from wagtail_modeladmin.helpers import DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from .permissions import is_award_staff
from .search import plain_search_text


class PlainTextSearchHandler(DjangoORMSearchHandler):
    """The listings' search box, fed text the database accepts whatever was typed (home/search.py)."""

    def search_queryset(self, queryset, search_term, **kwargs):
        return super().search_queryset(queryset, plain_search_text(search_term), **kwargs)


class StaffModelAdmin(ModelAdmin):
    """Asks the permission helper (built on the permissions.py predicates) and the admin's own
    queryset before modeladmin looks a record up: modeladmin fetches the record first, so someone
    without access would otherwise be told "no permission" for a record that exists and "not found"
    for one that does not. A record outside what the person may list is "not found", like a
    missing one."""

    search_handler_class = PlainTextSearchHandler

    def _check_instance(self, request, instance_pk):
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        try:
            visible = self.get_queryset(request).filter(pk=unquote(instance_pk)).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404

    def inspect_view(self, request, instance_pk):
        self._check_instance(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        self._check_instance(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._check_instance(request, instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._check_instance(request, instance_pk)
        return super().history_view(request, instance_pk)


# Permission helpers: the role predicates decide, never Django model permissions alone.


class StaffOnlyPermissionHelper(PermissionHelper):
    """Award staff may do everything the ModelAdmin offers; nobody else anything."""

    def user_can_list(self, user):
        return is_award_staff(user)

    def user_can_create(self, user):
        return is_award_staff(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and is_award_staff(user)

    def user_can_edit_obj(self, user, obj):
        return is_award_staff(user)

    def user_can_delete_obj(self, user, obj):
        return is_award_staff(user)


class ReadOnlyStaffPermissionHelper(StaffOnlyPermissionHelper):
    """Staff read; writes happen elsewhere (services, or new versions of reference data)."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
