"""The building blocks of the day page's forms: ranged number fields, rating scales, rows that name
one of the day's own entries, and formsets that skip blank rows."""

import copy
import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from journal.constants import (
    ColumnRange,
)

NOT_RECORDED = ("", _("Not recorded"))
TRUE_WORDS = {"1", "true", "on", "yes", "y"}
FALSE_WORDS = {"0", "false", "off", "no", "n"}


def ranged_number(r: ColumnRange, label: Any, help_text: Any = "") -> forms.Field:
    """A number input bounded by a constants range (min/max also reach the browser)."""
    if r.is_whole:
        attrs = {"inputmode": "numeric", "step": "1"}
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=int(r.low),
            max_value=int(r.high),
            help_text=help_text,
            widget=forms.NumberInput(attrs=attrs),
        )
    attrs = {"inputmode": "decimal", "step": str(Decimal(1).scaleb(-r.decimals))}
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=r.low,
        max_value=r.high,
        decimal_places=r.decimals,
        help_text=help_text,
        widget=forms.NumberInput(attrs=attrs),
    )


class FixedChoiceField(forms.TypedChoiceField):
    """Choices that never change per form: each form's copy shares them instead of deep-copying the
    list with its translated labels (a day page builds a few dozen of these per request)."""

    def __deepcopy__(self, memo: dict) -> "FixedChoiceField":
        return forms.Field.__deepcopy__(self, memo)


def scale(label: Any, labels: dict | list) -> forms.TypedChoiceField:
    """A labelled scale shown as segmented radio buttons; "not recorded" clears it."""
    choices = list(labels.items()) if isinstance(labels, dict) else list(labels)
    return FixedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[NOT_RECORDED, *choices],
        widget=forms.RadioSelect,
    )


class TriStateField(FixedChoiceField):
    """Yes / no / not recorded. Accepts the usual spellings (1, true, on, yes) as well."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            choices=[NOT_RECORDED, ("0", _("No")), ("1", _("Yes"))],
            widget=forms.RadioSelect,
            **kwargs,
        )

    def to_python(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("Choose yes, no or not recorded."), code="invalid_choice")

    def validate(self, value: Any) -> None:
        """to_python has already checked the value."""

    def clean(self, value: Any) -> Any:
        value = self.to_python(value)
        self.run_validators(value)
        return value

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "1"
        if value is False:
            return "0"
        return value


_HOURS_MINUTES = re.compile(r"([0-9]{1,2}):([0-9]{1,2})")


class QuickTimeField(forms.TimeField):
    """A time as the day page sends it (08:30) read without strptime's tries (it tries %H:%M:%S and
    %H:%M:%S.%f first, each failing with an exception); anything else goes the usual way."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            found = _HOURS_MINUTES.fullmatch(value.strip())
            if found is not None and int(found[1]) < 24 and int(found[2]) < 60:
                return datetime.time(int(found[1]), int(found[2]))
        return super().to_python(value)


def time_field(label: Any) -> forms.TimeField:
    return QuickTimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": _("Enter a time such as 08:30.")},
    )


def text_field(label: Any, max_length: int, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def id_field(allowed_ids: list[int], message: Any) -> forms.TypedChoiceField:
    """A row's id, accepted only if it is one of the day's own rows."""
    return forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", ""), *[(pk, pk) for pk in allowed_ids]],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": message},
    )


_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "time", "date", "hidden", "checkbox", "radio_option", "search")
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickWidgets(DjangoTemplates):
    """Renders inputs and textareas in Python, the same HTML as Django's widget templates.

    The day page has a few hundred radio buttons (every scale of every check-in); through the
    template engine they were most of the page's server time. Anything else goes to the templates.
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if widget is not None and template_name in _INPUT_TEMPLATES and not widget.get("wrap_label"):
            value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
            name = escape(widget["name"])
            return mark_safe(f'<input type="{escape(widget["type"])}" name="{name}"{value}{_attrs(widget["attrs"])}>')  # noqa: S308
        if widget is not None and template_name == _TEXTAREA_TEMPLATE:
            text = escape(widget["value"]) if widget["value"] else ""
            return mark_safe(f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>')  # noqa: S308
        return super().render(template_name, context, request)


QUICK_WIDGETS = QuickWidgets()


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes, set once here rather than in every template."""
    style_fields(form.fields.values())


def style_fields(fields: Iterable[forms.Field]) -> None:
    for field in fields:
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "btn-check")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


_PLAIN_FIELD_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__, FixedChoiceField.__deepcopy__)
_PLAIN_WIDGET_COPIES = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


def _shallow(obj: Any) -> Any:
    copied = object.__new__(type(obj))
    copied.__dict__.update(obj.__dict__)
    return copied


def _field_copy(field: forms.Field, memo: dict) -> forms.Field:
    """What Field.__deepcopy__ makes (the field and its widget copied, the widget's attrs, the error messages
    and validators copied one level down), without copy.copy's generic machinery. Fields or widgets with a
    __deepcopy__ of their own take theirs."""
    widget = field.widget
    if type(field).__deepcopy__ not in _PLAIN_FIELD_COPIES or type(widget).__deepcopy__ not in _PLAIN_WIDGET_COPIES:
        return copy.deepcopy(field, memo)
    copied, copied_widget = _shallow(field), _shallow(widget)
    copied_widget.attrs = widget.attrs.copy()
    copied.widget = copied_widget
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    # Choices lists are shared, not copied: they are only ever replaced (`field.choices = [...]`, which sets
    # the field's and its widget's), never changed in place, and copying a widget's re-normalises them.
    return copied


class QuickCopyFields(dict):
    """A form class's base_fields, copied for each form (BaseForm.__init__ deep-copies them) field by field
    as Django does but quicker: the day page builds a few dozen forms per request."""

    def __deepcopy__(self, memo: dict) -> dict[str, forms.Field]:
        return {name: _field_copy(field, memo) for name, field in self.items()}


class QuickCopyMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    def __new__(mcs, name: str, bases: tuple, attrs: dict[str, Any]) -> type:
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = QuickCopyFields(new_class.base_fields)  # type: ignore[attr-defined]
        if getattr(new_class, "styled", False):
            style_fields(new_class.base_fields.values())  # type: ignore[attr-defined]  # once, not per form
        return new_class


# Django's Form.__init__ translates ":" for each form it makes (through the language's thread-local, ~20 us);
# the lazy one is translated only where a label_tag() shows it, in the language of that moment, as before.
LABEL_SUFFIX = _(":")


class StyledForm(forms.Form, metaclass=QuickCopyMetaclass):
    """Bootstrap classes on every widget (given to the class's fields once: each form's copies have them)."""

    default_renderer = QUICK_WIDGETS
    styled = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class RowForm(StyledForm):
    """A check-in or meal: `id` names one of the day's rows (or none for a new one)."""

    DELETE = forms.BooleanField(label=_("Remove"), required=False)
    content_fields: tuple[str, ...] = ()
    foreign_id_message: Any = _("That entry does not belong to this day.")

    def __init__(
        self, *args: Any, allowed_ids: list[int] | None = None, id_prototype: forms.Field | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # A formset makes the id field once (id_prototype) and each row takes a copy.
        made = id_prototype if id_prototype is not None else id_field(allowed_ids or [], self.foreign_id_message)
        self.fields["id"] = _field_copy(made, {})

    def is_existing(self) -> bool:
        if self.is_bound:
            return bool(self.data.get(self.add_prefix("id")))
        return bool(self.initial.get("id"))

    def should_delete(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("DELETE"))

    def is_acceptable(self) -> bool:
        """Valid, or marked for removal with a good id (errors in a removed row do not matter)."""
        return self.is_valid() or (self.should_delete() and "id" not in self.errors)

    def has_changed(self) -> bool:
        """A blank new row is skipped, whatever defaults (the time) it was shown with."""
        if self.is_existing():
            return True
        return any(name in self.changed_data for name in self.content_fields)


class QuickManagementForm(forms.formsets.ManagementForm, metaclass=QuickCopyMetaclass):
    """Django's management form (a formset's hidden counters), its fields copied the quick way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class LenientFormSet(forms.BaseFormSet):
    """A formset that was not sent at all is 'not submitted', not an error, so a
    POST of only the day's fields leaves check-ins and meals as they are."""

    renderer = QUICK_WIDGETS

    @cached_property
    def management_form(self) -> forms.formsets.ManagementForm:
        """BaseFormSet.management_form with QuickManagementForm (a day page has six of them)."""
        if self.is_bound:
            form = QuickManagementForm(self.data, auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer)
            form.full_clean()
            return form
        initial = {
            "TOTAL_FORMS": self.total_form_count(),
            "INITIAL_FORMS": self.initial_form_count(),
            "MIN_NUM_FORMS": self.min_num,
            "MAX_NUM_FORMS": self.max_num,
        }
        return QuickManagementForm(auto_id=self.auto_id, prefix=self.prefix, initial=initial, renderer=self.renderer)

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        self.submitted = data is not None and f"{prefix}-TOTAL_FORMS" in data
        super().__init__(data if self.submitted else None, *args, **kwargs)

    def rows(self) -> list[forms.Form]:
        """Forms with something in them, once valid."""
        return [form for form in self.forms if form.has_changed()] if self.submitted else []

    def is_valid(self) -> bool:
        return True if not self.submitted else super().is_valid()

    def clean(self) -> None:
        ids = [form.cleaned_data.get("id") for form in self.forms if getattr(form, "cleaned_data", None)]
        ids = [pk for pk in ids if pk]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("The same entry was sent twice; reload the page and try again."))


class RowFormSet(LenientFormSet):
    def __init__(self, *args: Any, allowed_ids: list[int], initial_extra: list[dict], **kwargs: Any) -> None:
        self.initial_extra = initial_extra
        kwargs.setdefault("form_kwargs", {})["id_prototype"] = id_field(allowed_ids, self.form.foreign_id_message)
        super().__init__(*args, **kwargs)
        self.extra = len(initial_extra)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            offset = index - self.initial_form_count()
            if offset < len(self.initial_extra):
                kwargs["initial"] = self.initial_extra[offset]
        return kwargs

    def is_valid(self) -> bool:
        if not self.submitted:
            return True
        # Every form is checked (no short cut), so each shows its own errors.
        results = [form.is_acceptable() for form in self.forms if form.has_changed()]
        return all(results) and not self.non_form_errors()
