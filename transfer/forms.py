from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from journal.constants import MOOD_LABELS
from transfer.services import DaylioChoices, guess_format, max_bytes

FORMAT_CHOICES = [
    ("auto", _("Detect from the file")),
    ("csv", _("Daily CSV (this app's spreadsheet format)")),
    ("json", _("Full backup (JSON)")),
    ("daylio", _("Daylio CSV export")),
    ("daylio-backup", _("Daylio backup (.daylio)")),
    ("apple-health", _("Apple Health export (export.zip or export.xml)")),
    ("bearable", _("Bearable export (CSV)")),
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

    def clean(self) -> dict[str, Any]:
        """The size limit depends on the format (docs/formats.md, "Limits"), so the format is settled here."""
        data = super().clean()
        assert data is not None
        upload = data.get("file")
        if upload is None or "format" not in data:
            return data
        if data["format"] == "auto":
            head = upload.read(512)
            upload.seek(0)
            data["format"] = guess_format(upload.name or "", head)
        limit = max_bytes(data["format"])
        if upload.size > limit:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("This file is %(size)s; files up to %(limit)s can be imported."),
                    params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                ),
            )
        return data


class ConfirmForm(forms.Form):
    """The confirm step: the checked file comes back signed, plus the person's answers about it: a score for
    each of their own Daylio mood names, the activities to keep as tags, and whether to skip unreadable rows."""

    payload = forms.CharField(widget=forms.HiddenInput, required=False)  # blank for a job's stored upload
    format = forms.ChoiceField(choices=FORMAT_CHOICES[1:], widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)
    add_foods = forms.BooleanField(label=_("Also log these foods as snacks at those times"), required=False)

    def __init__(self, *args: Any, choices: DaylioChoices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.moods = [name for name, _guess in choices.moods] if choices else []
        for i, (name, guess) in enumerate(choices.moods if choices else []):
            self.fields[f"mood_{i}"] = forms.TypedChoiceField(
                label=name, choices=MOOD_CHOICES, coerce=int, initial=guess, help_text=_("1 = awful … 5 = great")
            )
        self.activities = [name for name, _days in choices.activities] if choices else []
        if self.activities:
            self.fields["activities"] = forms.MultipleChoiceField(
                label=_("Activities to keep as tags"),
                choices=[(name, name) for name in self.activities],
                initial=self.activities,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.bad_row_count = choices.bad_row_count if choices else 0
        if self.bad_row_count:
            self.fields["skip_bad_rows"] = forms.BooleanField(
                label=ngettext_lazy(
                    "Import the readable rows and skip this %(count)d row",
                    "Import the readable rows and skip these %(count)d rows",
                    "count",
                )
                % {"count": self.bad_row_count},
                required=True,
                error_messages={"required": _("Tick this to import the rest of the file, or choose another file.")},
            )

    def mood_fields(self) -> list[forms.BoundField]:
        return [self[f"mood_{i}"] for i in range(len(self.moods))]

    def mood_map(self) -> dict[str, int]:
        from transfer.daylio import normalise_mood

        return {normalise_mood(name): self.cleaned_data[f"mood_{i}"] for i, name in enumerate(self.moods)}

    def left_out(self) -> set[str]:
        """The activities the person unticked: they do not become tags."""
        kept = set(self.cleaned_data.get("activities") or [])
        return {name for name in self.activities if name not in kept}
