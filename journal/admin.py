"""Admin for the journal: the food catalogue, and people's days for support.

Every changelist joins what its rows print (users, days, foods) so a page costs
the same handful of queries whatever its length; foods are picked by
autocomplete so a form never renders the whole catalogue as options.
"""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from journal.constants import RATING_RANGE
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RED_FLAGS = Q(blood_in_stool=True) | Q(black_stool=True) | Q(unintended_weight_loss=True) | Q(severe_pain=True)


class CatalogueFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, "StrOrPromise"]]:
        return [("catalogue", _("Catalogue")), ("own", _("Added by a user"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "catalogue":
            return queryset.filter(owner__isnull=True)
        if self.value() == "own":
            return queryset.filter(owner__isnull=False)
        return queryset


class RedFlagFilter(admin.SimpleListFilter):
    title = _("red flags")
    parameter_name = "red_flag"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, "StrOrPromise"]]:
        return [("yes", _("Any red flag")), ("no", _("None"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(RED_FLAGS)
        if self.value() == "no":
            return queryset.exclude(RED_FLAGS)
        return queryset


class RatingFilter(admin.SimpleListFilter):
    """Offers the fixed 1–5 scale, where Django's default filter would query the distinct values."""

    parameter_name: str  # every subclass names its column

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, "StrOrPromise"]]:
        return [(str(n), str(n)) for n in range(int(RATING_RANGE.low), int(RATING_RANGE.high) + 1)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.parameter_name: self.value()})


class MoodFilter(RatingFilter):
    title = _("mood")
    parameter_name = "mood"


class AnxietyFilter(RatingFilter):
    title = _("anxiety")
    parameter_name = "anxiety"


class EnergyFilter(RatingFilter):
    title = _("energy")
    parameter_name = "energy"


@admin.register(Food)
class FoodAdmin(admin.ModelAdmin):
    list_display = ("name", "serving", "fiber_g", *Food.TAGS, "owner")
    list_filter = (
        CatalogueFilter,
        "is_probiotic",
        "is_prebiotic",
        "is_high_fiber",
        "has_added_sugar",
        "is_ultra_processed",
    )
    list_select_related = ("owner",)
    search_fields = ("name",)
    raw_id_fields = ("owner",)
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name", "serving", "fiber_g", "owner", "source")}),
        (
            _("Tags"),
            {"fields": ("is_probiotic", "is_prebiotic", "is_high_fiber", "has_added_sugar", "is_ultra_processed")},
        ),
    )


class MoodCheckInInline(admin.TabularInline):
    model = MoodCheckIn
    fields = ("time", "mood", "anxiety", "energy", "note")
    extra = 0


class MealInline(admin.TabularInline):
    model = Meal
    fields = ("meal_type", "time", "description")
    extra = 0
    show_change_link = True


@admin.register(JournalDay)
class JournalDayAdmin(admin.ModelAdmin):
    list_display = ("user", "date", "sleep_hours", "stress", "bloating", "red_flag", "antibiotics")
    list_filter = (RedFlagFilter, "antibiotics", "bloating")
    list_select_related = ("user",)
    date_hierarchy = "date"
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
    inlines = (MoodCheckInInline, MealInline)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(boolean=True, description=_("red flag"))
    def red_flag(self, day: JournalDay) -> bool:
        return day.has_red_flag


@admin.register(MoodCheckIn)
class MoodCheckInAdmin(admin.ModelAdmin):
    list_display = ("day", "time", "mood", "anxiety", "energy")
    list_filter = (MoodFilter, AnxietyFilter, EnergyFilter)
    list_select_related = ("day__user",)
    search_fields = ("day__user__username", "note", "activities")
    raw_id_fields = ("day",)


class MealItemInline(admin.TabularInline):
    model = MealItem
    fields = ("food", "servings")
    autocomplete_fields = ("food",)
    extra = 0


@admin.register(Meal)
class MealAdmin(admin.ModelAdmin):
    list_display = ("day", "meal_type", "time", "description")
    list_filter = ("meal_type",)
    list_select_related = ("day__user",)
    search_fields = ("day__user__username", "description")
    raw_id_fields = ("day",)
    inlines = (MealItemInline,)


@admin.register(MealItem)
class MealItemAdmin(admin.ModelAdmin):
    list_display = ("meal", "food", "servings")
    list_select_related = ("meal__day__user", "food")
    search_fields = ("food__name", "meal__day__user__username")
    autocomplete_fields = ("food",)
    raw_id_fields = ("meal",)
