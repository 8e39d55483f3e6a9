"""Starting an experiment, changing its washout, and the day page's "did you do it today?" tick."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.types import User
from experiments.models import (
    DEFAULT_LENGTH_DAYS,
    MAX_LENGTH_DAYS,
    MAX_START_DAYS_AGO,
    MAX_WASHOUT_DAYS,
    MIN_LENGTH_DAYS,
    MIN_USED_DAYS,
    SLOW_FACTORS,
    SLOW_MIN_LENGTH_DAYS,
    Experiment,
)
from experiments.queries import running_on_kept
from experiments.services import Plan, start_problems
from experiments.suggestions import FACTOR_LABELS
from journal.forms import style_widgets


class ExperimentForm(forms.ModelForm):
    """A new run. The view passes the user, today and, for a repeat, the run it repeats; the
    change, factor and outcome of a repeat are its series' and cannot be edited."""

    factor = forms.ChoiceField(
        label=_("What part of your day does it change?"),
        required=False,
        choices=[("", _("Something else")), *FACTOR_LABELS.items()],
        help_text=_("Diet and probiotic changes need at least 14 days to show."),
    )

    class Meta:
        model = Experiment
        fields = ["change", "factor", "outcome", "start", "length_days", "washout_days"]
        labels = {
            "change": _("What will you change?"),
            "outcome": _("What should it help?"),
            "start": _("First day of the change"),
            "length_days": _("How many days"),
            "washout_days": _("Washout days"),
        }
        help_texts = {
            "change": _("One change you can do every day, e.g. “one probiotic food a day”."),
            "length_days": _("From 7 to 28 days; 14 is a good start."),
            "washout_days": _("First days left out of the result while the change settles in (0 to 7)."),
        }
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: User, today: date, series: Experiment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.today, self.series = user, today, series
        self.fields["outcome"].choices = Experiment.Outcome.choices  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["outcome"].widget = forms.RadioSelect(choices=Experiment.Outcome.choices)
        self.fields["length_days"].widget.attrs.update(min=MIN_LENGTH_DAYS, max=MAX_LENGTH_DAYS, inputmode="numeric")
        self.fields["washout_days"].widget.attrs.update(min=0, max=MAX_WASHOUT_DAYS, inputmode="numeric")
        self.fields["start"].widget.attrs.update(
            min=(today - timedelta(days=MAX_START_DAYS_AGO)).isoformat(), max=today.isoformat()
        )
        if series is not None:
            for name in ("change", "factor", "outcome"):
                self.fields[name].disabled = True
        style_widgets(self)
        self.fields["outcome"].widget.attrs["class"] = "btn-check"

    def clean_start(self) -> date:
        start = self.cleaned_data["start"]
        earliest = self.today - timedelta(days=MAX_START_DAYS_AGO)
        if not earliest <= start <= self.today:
            raise ValidationError(
                _("Start today or on one of the last %(days)s days (from %(earliest)s to %(today)s)."),
                params={
                    "days": MAX_START_DAYS_AGO,
                    "earliest": date_format(earliest, "j F Y"),
                    "today": date_format(self.today, "j F Y"),
                },
            )
        return start

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # ModelForm.clean returns cleaned_data
        length, washout, factor = data.get("length_days"), data.get("washout_days"), data.get("factor")
        if length is not None and factor in SLOW_FACTORS and length < SLOW_MIN_LENGTH_DAYS:
            self.add_error(
                "length_days",
                _("Diet and probiotic changes take a while to show: choose at least %(days)s days.")
                % {"days": SLOW_MIN_LENGTH_DAYS},
            )
        if length is not None and washout is not None and washout > length - MIN_USED_DAYS:
            self.add_error(
                "washout_days",
                _("Leave at least %(days)s days after the washout: at most %(most)s washout days for this length.")
                % {"days": MIN_USED_DAYS, "most": max(length - MIN_USED_DAYS, 0)},
            )
        if not self.errors and data.get("start") and data.get("outcome") and length is not None:
            for problem in start_problems(self.user, Plan(data["start"], length), data["outcome"], self.series):
                self.add_error(None, problem)
        return data


def start_initial(today: date, change: str = "", factor: str = "", outcome: str = "mood") -> dict[str, Any]:
    length = max(DEFAULT_LENGTH_DAYS, SLOW_MIN_LENGTH_DAYS if factor in SLOW_FACTORS else MIN_LENGTH_DAYS)
    return {"change": change, "factor": factor, "outcome": outcome, "start": today, "length_days": length}


class WashoutForm(forms.ModelForm):
    class Meta:
        model = Experiment
        fields = ["washout_days"]
        labels = {"washout_days": _("Washout days")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        most = self.most
        self.fields["washout_days"].widget.attrs.update(min=0, max=most, inputmode="numeric")
        style_widgets(self)

    @property
    def most(self) -> int:
        return min(MAX_WASHOUT_DAYS, self.instance.length_days - MIN_USED_DAYS)

    def clean_washout_days(self) -> int:
        days = self.cleaned_data["washout_days"]
        if days > self.most:
            raise ValidationError(_("At most %(most)s washout days for this experiment."), params={"most": self.most})
        return days


TICK_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("Not answered"))]


class TickForm(forms.Form):
    """One experiment's answer on the day page. `shown` marks that the page offered the question,
    so a save from a page that did not show it never clears an answer."""

    done = forms.ChoiceField(choices=TICK_CHOICES, required=False, widget=forms.RadioSelect)
    shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, experiment: Experiment, day: date, **kwargs: Any) -> None:
        self.experiment = experiment
        self.day_number = experiment.day_number(day)
        done = {True: "yes", False: "no"}.get(experiment.tick_done, "")  # type: ignore[attr-defined]  # running_on annotates it
        super().__init__(*args, prefix=f"experiment-{experiment.pk}", initial={"done": done, "shown": True}, **kwargs)  # type: ignore[misc]  # args is only the data
        style_widgets(self)

    def was_shown(self) -> bool:
        return self.is_bound and bool(self.cleaned_data.get("shown"))

    def answer(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("done") or "")


def day_tick_forms(user: User, day: date, data: Any = None) -> list[TickForm]:
    """A tick form for each of the user's experiments running on `day` (one query, none while kept)."""
    return [TickForm(data, experiment=experiment, day=day) for experiment in running_on_kept(user, day)]
