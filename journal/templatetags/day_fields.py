"""The day page's fields as HTML built in Python: the same markup as Django's widgets and templates/forms/_*.html.

The day page shows a dozen scales (each check-in has three) of five to eight radio buttons and a few dozen
inputs; through widget templates and `{% include %}` they were most of the page's server time. The partial
templates stay for other pages; tests/journal/test_day_fields.py holds these tags to the same output.
Everything shown is escaped here with the standard library's html.escape, as Django's escape does.
"""

from html import escape as _html_escape
from typing import Any

from django import forms, template
from django.core.cache import cache
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_PLAIN_INPUTS = (forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.CheckboxInput)


def _e(value: Any) -> str:
    return value if isinstance(value, SafeString) else _html_escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(f" {_e(k)}" if v is True else f' {_e(k)}="{_e(v)}"' for k, v in attrs.items() if v is not False)


@register.simple_tag(name="widget")
def widget_html(field: forms.BoundField) -> SafeString:
    """`{{ field }}` for plain inputs, built here rather than through the widget's context and template:
    the same attributes in the same order (the widget's, aria-invalid, aria-describedby, id, checked)."""
    widget = field.field.widget
    if not isinstance(widget, _PLAIN_INPUTS) or isinstance(widget, forms.PasswordInput):
        return field.as_widget()
    attrs = dict(widget.attrs)
    if field.errors and not widget.is_hidden:
        attrs["aria-invalid"] = "true"
    if described := field.aria_describedby:
        attrs["aria-describedby"] = described
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    value = field.value()
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            attrs["checked"] = True
        shown = None
    else:
        shown = widget.format_value(value)
    value_html = f' value="{_e(shown)}"' if shown is not None else ""
    html = f'<input type="{_e(widget.input_type)}" name="{_e(field.html_name)}"{value_html}{_attrs(attrs)}>'
    return mark_safe(html)  # noqa: S308 (every part escaped above)


@register.simple_tag
def management_form(formset: forms.BaseFormSet) -> SafeString:
    """A formset's hidden counters, as `{{ formset.management_form }}` renders them."""
    form = formset.management_form
    return mark_safe("".join(widget_html(form[name]) for name in form.fields))  # noqa: S308


def _errors(field: forms.BoundField) -> str:
    if not field.errors:
        return ""
    words = " ".join(str(error) for error in field.errors)
    return f'<div class="invalid-feedback d-block" id="{_e(field.auto_id)}-errors">{_e(words)}</div>'


class Radio:
    """One radio button of a choice field, as RadioSelect renders it, without its per-option machinery."""

    __slots__ = ("choice_label", "id_for_label", "tag", "value")

    def __init__(self, tag: str, id_for_label: str, value: str, choice_label: str) -> None:
        self.tag, self.id_for_label, self.value, self.choice_label = tag, id_for_label, value, choice_label


def radios(field: forms.BoundField) -> list[Radio]:
    """The same <input>s as `{{ radio.tag }}` for each `radio in field`: class, indexed id, aria-invalid, checked.
    Ids, values and labels come back escaped."""
    current = field.value()
    chosen = "" if current is None else str(current)
    css = _e(field.field.widget.attrs.get("class", ""))
    invalid = ' aria-invalid="true"' if field.errors else ""
    name, auto_id = _e(field.html_name), _e(field.auto_id)
    result = []
    for index, (value, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
        value = "" if value is None else str(value)
        option_id = f"{auto_id}_{index}"
        checked = " checked" if value == chosen else ""
        tag = f'<input type="radio" name="{name}" value="{_e(value)}" class="{css}" id="{option_id}"{invalid}{checked}>'
        result.append(Radio(tag, option_id, _e(value), _e(label)))
    return result


@register.simple_tag
def field_errors(field: forms.BoundField) -> SafeString:
    return mark_safe(_errors(field))  # noqa: S308


@register.simple_tag
def field_block(field: forms.BoundField, css: str = "") -> SafeString:
    """A labelled input with its help and errors (forms/_field.html)."""
    auto_id = _e(field.auto_id)
    help_text = f'<div class="form-text" id="{auto_id}_helptext">{_e(field.help_text)}</div>' if field.help_text else ""
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<div class="mb-3 {_e(css)}">\n  <label class="form-label" for="{_e(field.id_for_label)}">{_e(field.label)}'
        f"</label>\n  {widget_html(field)}\n  {help_text}\n  {_errors(field)}\n</div>"
    )


@register.simple_tag
def scale(field: forms.BoundField) -> SafeString:
    """Segmented radio buttons in a row, "not recorded" below (forms/_scale.html)."""
    found = radios(field)
    options, clear = [r for r in found if r.value != ""], [r for r in found if r.value == ""]
    invalid = " is-invalid" if field.errors else ""
    described = f' aria-describedby="{_e(field.auto_id)}-errors"' if field.errors else ""
    buttons = "".join(
        f'{r.tag}<label class="btn scale-btn" for="{r.id_for_label}"><b>{r.value}</b>'
        f'<small class="scale-label">{r.choice_label}</small></label>'
        for r in options
    )
    clears = "".join(
        f'<div class="scale-clear">{r.tag}<label class="btn btn-sm" for="{r.id_for_label}">'
        f"{r.choice_label}</label></div>"
        for r in clear
    )
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<fieldset class="scale mb-3{invalid}"{described}><legend class="form-label">{_e(field.label)}</legend>'
        f'<div class="scale-options scale-{len(options)}">{buttons}</div>{clears}{_errors(field)}</fieldset>'
    )


@register.simple_tag
def segmented(field: forms.BoundField) -> SafeString:
    """Few options side by side: yes / no / not recorded (forms/_segmented.html)."""
    buttons = "".join(
        f'{r.tag}<label class="btn scale-btn" for="{r.id_for_label}">{r.choice_label}</label>' for r in radios(field)
    )
    invalid = " is-invalid" if field.errors else ""
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<fieldset class="segmented mb-3{invalid}"><legend class="form-label">{_e(field.label)}</legend>'
        f'<div class="segmented-options">{buttons}</div>{_errors(field)}</fieldset>'
    )


@register.simple_tag
def choice_list(field: forms.BoundField, help_text: str = "") -> SafeString:
    """Radio options one per line with their full description (forms/_choice_list.html)."""
    buttons = "".join(
        f'{r.tag}<label class="btn choice-btn{" choice-clear" if r.value == "" else ""}" for="{r.id_for_label}">'
        f"{r.choice_label}</label>"
        for r in radios(field)
    )
    help_html = f'<p class="form-text mt-0">{_e(help_text)}</p>' if help_text else ""
    invalid = " is-invalid" if field.errors else ""
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<fieldset class="choice-list mb-3{invalid}"><legend class="form-label">{_e(field.label)}</legend>'
        f'{help_html}<div class="choice-list-options">{buttons}</div>{_errors(field)}</fieldset>'
    )


_ITEM_WORDS: dict[str, dict[str, str]] = {}


def _item_words() -> dict[str, str]:
    language = get_language() or ""
    if language not in _ITEM_WORDS:
        _ITEM_WORDS[language] = {
            key: _e(words)
            for key, words in (
                ("food", _("Food")),
                ("servings", _("Servings")),
            )
        }
    return _ITEM_WORDS[language]


@register.simple_tag
def meal_item(item: forms.Form) -> SafeString:
    """One food row of a meal: the food's name and its servings (day.js adds its +/- and remove buttons)."""
    words = _item_words()
    food, servings = item["food"], item["servings"]
    errors = [str(error) for field in item for error in field.errors] + [str(e) for e in item.non_field_errors()]
    error_html = f'<div class="invalid-feedback d-block w-100">{_e(" ".join(errors))}</div>' if errors else ""
    # The name shown beside the hidden input is day.js's; without JavaScript the input itself shows it.
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<li class="meal-item" data-item><div class="item-food">'
        f'<label class="visually-hidden" for="{_e(food.id_for_label)}">{words["food"]}</label>{widget_html(food)}'
        f'<span class="item-name" data-item-name></span></div><div class="item-servings">'
        f'<label class="visually-hidden" for="{_e(servings.id_for_label)}">{words["servings"]}</label>'
        f"{widget_html(servings)}</div>{error_html}</li>"
    )


class DayPartNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name, self.nodelist = name, nodelist

    def render(self, context: template.Context) -> str:
        key = context.get("fragment_key")
        if key is None:
            return self.nodelist.render(context)
        found = (context.get("fragments") or {}).get(self.name)
        if found is None:
            found = strip_spaces_between_tags(self.nodelist.render(context))
            cache.set(f"{key}:{self.name}", found, 24 * 3600)
        return found


@register.tag
def day_part(parser: template.base.Parser, token: template.base.Token) -> DayPartNode:
    """{% day_part "meals" %}…{% end_day_part %}: a part of the day page served from the cache while its
    `fragment_key` (see journal.pages.DayPage) stays the same; rendered afresh when the key is None."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("day_part takes one name")
    nodelist = parser.parse(("end_day_part",))
    parser.delete_first_token()
    return DayPartNode(bits[1].strip("\"'"), nodelist)
