from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import FocusFirstErrorMixin


class DeleteAccountForm(FocusFirstErrorMixin, forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password. Nothing was deleted."), code="wrong")
        return password
