"""Forms for signing up, editing the profile and deleting the account.

None of them carries a user field: the view passes the signed-in user in.
"""

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, validate_time_zone

# Server-specific names, meaningless as a person's zone.
HIDDEN_ZONES = {"localtime", "Factory"}
DEFAULT_ZONE = "UTC"


@cache
def time_zone_choices() -> list[tuple[str | Promise, object]]:
    """All zoneinfo zones, UTC first, then grouped by region so the long list stays scannable."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones() - HIDDEN_ZONES - {DEFAULT_ZONE}):
        region = name.partition("/")[0] if "/" in name else "Other"
        # The full name stays in the label: a closed select shows only the label.
        groups.setdefault(region, []).append((name, name.replace("_", " ")))
    others = groups.pop("Other", [])
    return [(DEFAULT_ZONE, "UTC"), *groups.items(), (_("Other"), others)]


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("help_text", _("Decides when your day starts and ends."))
        kwargs.setdefault("error_messages", {"invalid_choice": _("Pick a time zone from the list.")})
        super().__init__(choices=time_zone_choices, validators=[validate_time_zone], **kwargs)


def _display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Display name"),
        max_length=Profile._meta.get_field("display_name").max_length,
        required=False,
        help_text=_("Optional. Shown in the menu instead of your username."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


def _email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Optional. Used only for password reset links and the reminders you ask for."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class FocusFirstErrorMixin(forms.BaseForm):
    """After a rejected post the cursor lands on the first field to fix, not back at the top."""

    def full_clean(self) -> None:
        super().full_clean()
        invalid = [name for name in self.fields if name in self.errors]
        if invalid:
            for field in self.fields.values():
                field.widget.attrs.pop("autofocus", None)
            self.fields[invalid[0]].widget.attrs["autofocus"] = True


class SignupForm(FocusFirstErrorMixin, UserCreationForm):
    email = _email_field()
    display_name = _display_name_field()
    # Optional so that the standard username/password1/password2 sign-up works on its own.
    time_zone = TimeZoneField(initial=DEFAULT_ZONE, required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_time_zone(self) -> str:
        return self.cleaned_data.get("time_zone") or DEFAULT_ZONE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/timezone.js swaps UTC for the browser's zone; without JS, UTC stays.
            self.fields["time_zone"].widget.attrs["data-time-zone"] = "preselect"


def _reminder_time_field() -> forms.TimeField:
    return forms.TimeField(
        label=_("Daily reminder"),
        required=False,
        input_formats=["%H:%M"],
        help_text=_("A time in your own time zone, like 21:30. Leave it empty for no reminder."),
        error_messages={"invalid": _("Enter a time from 00:00 to 23:59, like 21:30.")},
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )


class ProfileForm(FocusFirstErrorMixin, forms.ModelForm):
    email = _email_field()
    display_name = _display_name_field()
    time_zone = TimeZoneField()
    reminder_time = _reminder_time_field()

    class Meta:
        model = Profile
        fields = ("display_name", "time_zone", "reminder_time", "reminder_email")
        labels = {"reminder_email": _("Send the reminder by email")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.user.email
        self.fields["time_zone"].widget.attrs["data-time-zone"] = "suggest"
        self.order_fields(["display_name", "time_zone", "email", "reminder_time", "reminder_email"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("reminder_email") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Add your email address to get reminders by email."))
        return cleaned
