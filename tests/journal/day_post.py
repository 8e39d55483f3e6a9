"""Helpers for posting the day page the way a browser does."""

from html.parser import HTMLParser
from typing import Any


class _FormFields(HTMLParser):
    """Collects what a browser would submit from the page's day form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.in_form = False
        self.select: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None
        self.template_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        if tag == "form" and "data-day-form" in a:
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "search"):
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self.select, self.select_first = name, None
            self.data[name] = ""
        elif tag == "option" and self.select:
            if self.select_first is None:
                self.select_first = a.get("value", "")
                self.data[self.select] = self.select_first
            if "selected" in a:
                self.data[self.select] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.template_depth -= 1
        elif tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea and not self.template_depth:
            self.data[self.textarea] += data.lstrip("\n") if not self.data[self.textarea] else data


def form_data(response) -> dict[str, str]:
    """The day form's fields as a browser would send them, read from a rendered page."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


def day_post(checkins: list[dict] = (), meals: list[dict] = (), **fields: Any) -> dict[str, str]:
    """POST data for the day page built from scratch.

    checkins: dicts of time/mood/anxiety/energy/note (and id, DELETE for existing ones);
    meals: dicts of meal_type/time/description/id/DELETE and items, a list of (food, servings).
    """
    data: dict[str, str] = {k: "" if v is None else str(v) for k, v in fields.items()}
    data["checkins-TOTAL_FORMS"] = str(len(checkins))
    data["checkins-INITIAL_FORMS"] = str(sum(1 for c in checkins if c.get("id")))
    for i, checkin in enumerate(checkins):
        for key, value in checkin.items():
            data[f"checkins-{i}-{key}"] = "" if value is None else str(value)
    data["meals-TOTAL_FORMS"] = str(len(meals))
    data["meals-INITIAL_FORMS"] = str(sum(1 for m in meals if m.get("id")))
    for i, meal in enumerate(meals):
        items = meal.get("items", [])
        for key, value in meal.items():
            if key != "items":
                data[f"meals-{i}-{key}"] = "" if value is None else str(value)
        data[f"meals-{i}-items-TOTAL_FORMS"] = str(len(items))
        data[f"meals-{i}-items-INITIAL_FORMS"] = "0"
        for j, (food, servings) in enumerate(items):
            data[f"meals-{i}-items-{j}-food"] = str(getattr(food, "pk", food))
            data[f"meals-{i}-items-{j}-servings"] = str(servings)
    return data
