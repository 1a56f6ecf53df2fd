"""The Django admin edits vocabularies only: records are reached through the scoped pages."""

from django.contrib import admin

from vigil.accounts.actors import actor_for
from vigil.registry.models import Article, ConditionType, Facility, Occupation, Region


class VocabularyAdmin(admin.ModelAdmin):
    """Shared vocabularies are kept by organisations' administrators (with staff access)."""

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and (
            request.user.is_superuser or actor_for(request.user).may_administer
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(Region, ConditionType)
class TermAdmin(VocabularyAdmin):
    list_display = ["slug", "name_en", "name_be", "name_ru"]
    search_fields = ["slug", "name_en", "name_be", "name_ru"]


@admin.register(Occupation)
class OccupationAdmin(TermAdmin):
    list_display = [*TermAdmin.list_display, "group"]
    list_filter = ["group"]


@admin.register(Facility)
class FacilityAdmin(TermAdmin):
    list_display = [*TermAdmin.list_display, "kind", "region"]
    list_filter = ["kind", "region"]


@admin.register(Article)
class ArticleAdmin(VocabularyAdmin):
    list_display = ["country", "code", "article", "part", "title_en"]
    list_filter = ["country", "code"]
    search_fields = ["article", "title_en", "title_be", "title_ru"]
