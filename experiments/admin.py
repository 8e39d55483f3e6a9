from django.contrib import admin

from experiments.models import AdherenceTick, Experiment


class AdherenceTickInline(admin.TabularInline):
    model = AdherenceTick
    extra = 0


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ("change", "user", "outcome", "start", "length_days", "washout_days", "stopped_on", "series")
    list_filter = ("outcome", "factor", "start", "stopped_on")
    search_fields = ("change", "user__username")
    date_hierarchy = "start"
    list_select_related = ("user", "series")
    raw_id_fields = ("user", "series", "guidance")
    inlines = [AdherenceTickInline]


@admin.register(AdherenceTick)
class AdherenceTickAdmin(admin.ModelAdmin):
    list_display = ("experiment", "date", "done")
    list_filter = ("done", "date")
    search_fields = ("experiment__change", "experiment__user__username")
    raw_id_fields = ("experiment",)
    list_select_related = ("experiment",)
