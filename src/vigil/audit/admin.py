"""The admin may look at the audit but never change it."""

from django.contrib import admin

from vigil.audit.models import ReadEvent


@admin.register(ReadEvent)
class ReadEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "owner", "kind", "record_type", "record_id", "field", "what"]
    list_filter = ["kind"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
