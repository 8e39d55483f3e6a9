from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from checkins.models import CheckinPlan
from checkins.scales import ANSWER_CHOICES, Scale


class ScreenerForm(forms.Form):
    """One required 0–3 choice per item of a questionnaire, named item_1 … item_n."""

    def __init__(self, scale: Scale, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        for number, text in enumerate(scale.items, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=text,
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose an answer to this question."),
                    "invalid_choice": _("Please choose one of the four answers."),
                },
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(self.scale.items) + 1)]

    def items(self) -> list[tuple[int, forms.BoundField]]:
        return [(n, self[f"item_{n}"]) for n in range(1, len(self.scale.items) + 1)]


class PlanForm(forms.ModelForm):
    class Meta:
        model = CheckinPlan
        fields = ["phq9", "gad7", "every_days", "reminders"]
        widgets = {
            "phq9": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "gad7": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "every_days": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "reminders": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }
