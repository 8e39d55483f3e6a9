from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from journal.constants import MOOD_LABELS

FORMAT_CHOICES = [
    ("auto", _("Detect from the file")),
    ("csv", _("Daily CSV (this app's spreadsheet format)")),
    ("json", _("Full backup (JSON)")),
    ("daylio", _("Daylio CSV export")),
]
MOOD_CHOICES = [("", _("Choose…")), *[(str(n), f"{n} · {label}") for n, label in MOOD_LABELS.items()]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    replace = forms.BooleanField(
        label=_("Replace days already in my journal"),
        required=False,
        help_text=_(
            "Otherwise those days are kept as they are and skipped. With a full backup, experiments, "
            "questionnaire results and settings already here are replaced too."
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; files up to %(limit)s can be imported."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
            )
        return upload


class ConfirmForm(forms.Form):
    """The confirm step: the checked file comes back signed, plus any mood scores the person chose."""

    payload = forms.CharField(widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=FORMAT_CHOICES[1:], widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)
    add_foods = forms.BooleanField(label=_("Also log these foods as snacks at those times"), required=False)

    def __init__(self, *args: Any, moods: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.moods = list(moods)
        for i, name in enumerate(self.moods):
            self.fields[f"mood_{i}"] = forms.TypedChoiceField(
                label=name, choices=MOOD_CHOICES, coerce=int, help_text=_("1 = awful … 5 = great")
            )

    def mood_fields(self) -> list[forms.BoundField]:
        return [self[f"mood_{i}"] for i in range(len(self.moods))]

    def mood_map(self) -> dict[str, int]:
        from transfer.daylio import normalise_mood

        return {normalise_mood(name): self.cleaned_data[f"mood_{i}"] for i, name in enumerate(self.moods)}
