from datetime import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile

User = get_user_model()


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ("display_name", "time_zone")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "time_zone", "joined")
    list_select_related = ("user",)
    list_filter = ("time_zone",)
    search_fields = ("user__username", "user__email", "display_name")
    raw_id_fields = ("user",)
    ordering = ("user__username",)

    @admin.display(description=_("joined"), ordering="user__date_joined")
    def joined(self, profile: Profile) -> datetime:
        return profile.user.date_joined
