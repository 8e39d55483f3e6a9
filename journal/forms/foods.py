"""A food of the person's own."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.types import User
from journal.forms.base import style_widgets
from journal.models import Food


class FoodForm(forms.ModelForm):
    """A food of the user's own. The view sets the owner; the form never carries one."""

    class Meta:
        model = Food
        fields = ["name", "serving", "fiber_g", *Food.TAGS]
        widgets = {"fiber_g": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"})}

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        style_widgets(self)

    def clean_name(self) -> str:
        from journal.queries import foods_for

        name = " ".join(self.cleaned_data["name"].split())
        if foods_for(self.owner).filter(name__iexact=name).exists():
            raise ValidationError(_("A food called “%(name)s” is already on your list."), params={"name": name})
        return name

    def save(self, commit: bool = True) -> Food:
        self.instance.owner = self.owner
        return super().save(commit=commit)
