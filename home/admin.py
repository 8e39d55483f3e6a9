"""The account list of the admin. It lives here, not in accounts, because deleting an account goes
through home.services.delete_account, which reaches every app."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin import ProfileInline
from accounts.types import User as AccountUser
from home import queries, services

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class DayCount(TypedDict):
    """What `AccountUserAdmin.get_queryset` annotates on each user."""

    day_count: int


User = get_user_model()


admin.site.unregister(User)


@admin.register(User)
class AccountUserAdmin(UserAdmin):
    inlines = (ProfileInline,)
    list_display = ("username", "email", "display_name", "time_zone", "day_count", "date_joined", "last_login")
    list_filter = (*UserAdmin.list_filter, "date_joined", "last_login")
    search_fields = (*UserAdmin.search_fields, "profile__display_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccountUser]:
        # One query for the list: profile joined, days counted in SQL.
        return super().get_queryset(request).select_related("profile").annotate(day_count=Count("days"))

    @admin.display(description=_("display name"), ordering="profile__display_name")
    def display_name(self, user: AccountUser) -> str:
        return getattr(getattr(user, "profile", None), "display_name", "")

    @admin.display(description=_("time zone"), ordering="profile__time_zone")
    def time_zone(self, user: AccountUser) -> str:
        return getattr(getattr(user, "profile", None), "time_zone", "")

    @admin.display(description=_("days logged"), ordering="day_count")
    def day_count(self, user: "WithAnnotations[AccountUser, DayCount]") -> int:
        return user.day_count

    # Deleting goes through the same service as the person's own "delete account",
    # which clears meals before foods; the stock cascade would stop at the protected food.
    def get_deleted_objects(
        self, objs: Sequence[AccountUser] | QuerySet[AccountUser], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected and not queries.foods_eaten_by_others(objs):
            protected = []
        return to_delete, model_count, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: AccountUser) -> None:
        services.delete_account(obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccountUser]) -> None:
        for user in queryset:
            services.delete_account(user)
