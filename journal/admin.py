"""Admin for the journal: the food catalogue only.

People's days, check-ins, meals and their own foods are not in the admin at all: staff never
see journal contents (docs/privacy.md). The changelist is one query for its page of rows.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from journal.models import Food


@admin.register(Food)
class FoodAdmin(admin.ModelAdmin):
    list_display = ("name", "serving", "fiber_g", *Food.TAGS)
    list_filter = ("is_probiotic", "is_prebiotic", "is_high_fiber", "has_added_sugar", "is_ultra_processed")
    search_fields = ("name",)
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name", "serving", "fiber_g", "source")}),
        (
            _("Tags"),
            {"fields": ("is_probiotic", "is_prebiotic", "is_high_fiber", "has_added_sugar", "is_ultra_processed")},
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Food]:
        # A person's own foods are part of their journal ("Only you see the foods you add").
        return super().get_queryset(request).filter(owner__isnull=True)
