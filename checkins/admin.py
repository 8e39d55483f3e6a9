"""Admin for check-ins: read-only lists for support (dates, scores, plans); answers are never shown or edited."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from checkins.models import CheckinPlan, ScreenerResult


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ScreenerResult)
class ScreenerResultAdmin(ReadOnlyAdmin):
    list_display = ("user", "instrument", "taken_on", "score", "safety_pending")
    list_filter = ("instrument", "safety_pending")
    list_select_related = ("user",)
    date_hierarchy = "taken_on"
    fields = ("user", "instrument", "taken_on", "score", "safety_pending", "created_at")
    search_fields = ("user__username",)


@admin.register(CheckinPlan)
class CheckinPlanAdmin(ReadOnlyAdmin):
    list_display = ("user", "phq9", "gad7", "every_days", "reminders")
    list_select_related = ("user",)
    fields = ("user", "phq9", "gad7", "every_days", "reminders")
    search_fields = ("user__username",)
