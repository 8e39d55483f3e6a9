"""Reads and forms behind the journal pages. The day page: the day's rows read in a fixed number of
queries (however many check-ins, meals and foods), its forms, and the step
from valid forms to `services.save_day`."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.types import User
from journal.constants import MEAL_TIMES, MOOD_LABELS, RED_FLAG_FIELDS, SYMPTOM_LEVELS
from journal.day_sections import bind_sections
from journal.forms import COPYABLE_DAY_FIELDS, CheckInFormSet, DayForm, FoodList, ItemFormSet, MealFormSet
from journal.forms.base import RowFormSet
from journal.forms.meals import MealForm
from journal.forms.unchanged import checkins_unchanged, day_unchanged, kept_foods, meals_unchanged
from journal.history_parts import add_parts
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from journal.queries import (
    daily_values,
    days_for,
    favourite_food_ids,
    favourite_meals,
    food_names,
    foods_named,
    get_day_for_user,
    last_meals,
    own_foods_payload,
    recent_food_ids,
)
from journal.services import (
    CheckInEntry,
    DayRows,
    MealEntry,
    StoredItem,
    catalogue_version,
    day_page_version,
    food_version,
    save_day,
)


def _templates_version() -> str:
    """Changes with the code that draws the day page's parts, so a deploy never serves parts cached
    by the code before it (the cache may outlive the processes: Redis, files)."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sources = sorted((root / "templates" / "journal").glob("*.html")) + sorted((root / "journal").rglob("*.py"))
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


DAY_PARTS = ("mood", "meals", "body", "gut", "more", "totals")
TEMPLATES_VERSION = _templates_version()
DEFAULT_MEAL_TYPES = (Meal.MealType.BREAKFAST, Meal.MealType.LUNCH, Meal.MealType.DINNER, Meal.MealType.SNACK)
DAY_FORM_FIELDS = tuple(DayForm.base_fields)
# The one blank check-in offered after the day's own: its time is the time it is saved (see save), or what day.js shows.
SPARE_CHECKINS: list[dict[str, Any]] = [{}]
SYMPTOM_WORDS = dict(SYMPTOM_LEVELS)


def previous_day(user: User, day_date: date) -> JournalDay | None:
    return days_for(user).filter(date__lt=day_date).order_by("-date").first()


def copied_fields(user: User, day_date: date) -> tuple[dict[str, Any], JournalDay | None]:
    """Sleep, exercise, mindfulness, water and stress of the previous logged day."""
    source = previous_day(user, day_date)
    if source is None:
        return {}, None
    values = {name: getattr(source, name) for name in COPYABLE_DAY_FIELDS}
    return {name: value for name, value in values.items() if value is not None}, source


def own_foods(user: User) -> list[dict[str, Any]]:
    """The person's own foods for the picker, kept per version of their list (no query on most visits)."""
    key = f"own-foods:{user.pk}:{food_version(user)}"
    rows = cache.get(key)
    if rows is None:
        rows = own_foods_payload(user)
        cache.set(key, rows, 24 * 3600)
    return rows


def food_datalist(user: User) -> SafeString:
    """The page's one list of food names for browsers without JavaScript, rendered once per food-list version."""
    key = f"food-datalist:{user.pk}:{food_version(user)}"
    html = cache.get(key)
    if html is None:
        options = format_html_join("", '<option value="{}">', ((name,) for name in food_names(user)))
        html = format_html('<datalist id="food-names">{}</datalist>', options)
        cache.set(key, str(html), 24 * 3600)
    return SafeString(html)


_BLANK_FORMS: dict[str, str] = {}


def blank_forms_html() -> str:
    """The blank check-in, meal and food row day.js copies. The same for everyone, so they are served
    apart from the page (day-templates.html, cached by the browser) and rendered once per process and language."""
    from django.template.loader import render_to_string

    language = get_language() or ""
    if language not in _BLANK_FORMS:
        context = {
            "checkins": CheckInFormSet(prefix="checkins", initial=[], allowed_ids=[], initial_extra=[]),
            "meals": MealFormSet(
                prefix="meals",
                initial=[],
                allowed_ids=[],
                initial_extra=[],
                form_kwargs={"foods": FoodList(), "items": {}},
            ),
            "item_template": ItemFormSet(prefix="meals-__meal__-items", form_kwargs={"foods": FoodList()}).empty_form,
        }
        _BLANK_FORMS[language] = render_to_string("journal/_day_templates.html", context)
    return _BLANK_FORMS[language]


def posted_food_values(data: Any) -> list[str]:
    return [value for key, value in data.items() if key.startswith("meals-") and key.endswith("-food") and value]


def posted_foods(user: User, values: list[str]) -> FoodList:
    """foods_named, kept per version of the person's food list and the exact names sent: a save re-sends
    every food of the day's meals, mostly as they were, so most saves look none of them up again. Any
    change to a food (the catalogue's or the person's) gives the food list a new version."""
    import hashlib

    texts = sorted({str(value) for value in values})
    named = "\n".join((str(user.pk), food_version(user), *texts))
    key = "posted-foods:" + hashlib.sha256(named.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        foods = foods_named(user, texts)
        cache.set(key, list(foods.values()), 3600)
        return foods
    return FoodList((food.pk, food) for food in found)


class DayPage:
    """The day page's forms, built the same way for GET and POST so a failed save re-renders as sent.

    Built lazily: a page view whose parts come from the fragment cache never builds its forms or
    reads the day's rows (see `fragment_key`).
    """

    def __init__(
        self, user: User, day_date: date, data: Any = None, copy_previous: bool = False, locked: bool = False
    ) -> None:
        """`locked`: built to be saved, inside a transaction that holds `lock_journal` (see the day view):
        the rows read here are then the ones the save writes over, and save_day does not read them again."""
        self.user = user
        self.date = day_date
        self.data = data
        self.locked = locked and data is not None
        self.copy_previous = copy_previous and data is None
        self.day = get_day_for_user(user, day_date)
        self.copied_from: JournalDay | None = None
        self.sections = bind_sections(user, day_date, data)

    @cached_property
    def rows(self) -> tuple[list, list[Meal], dict[int, list[dict]]]:
        if self.day is None:
            return [], [], {}
        if self.data is not None:
            # Bound forms show what was sent: the ids are needed, to check that rows are the day's own, and the
            # ratings, so that a check-in holding an imported day mean (2.67) still offers that choice. A page
            # to be saved reads the check-ins whole, for the save to compare with (save_day reads them no more).
            if self.locked:
                self._saved_checkins = list(self.day.checkins.order_by())
                ratings = [(c.pk, c.mood, c.anxiety, c.energy) for c in self._saved_checkins]
                meals, self._saved_items = _meals_with_items(self.day)
            else:
                ratings = list(self.day.checkins.order_by().values_list("pk", "mood", "anxiety", "energy"))
                meals = list(self.day.meals.order_by())
            checkins = [MoodCheckIn(pk=pk, mood=m, anxiety=a, energy=e) for pk, m, a, e in ratings]
            return checkins, meals, {meal.pk: [] for meal in meals}
        checkins = list(self.day.checkins.all())
        meals = list(self.day.meals.all())
        return checkins, meals, self._items_by_meal(meals)

    @cached_property
    def foods(self) -> FoodList:
        # Only the foods this page shows or was sent: the whole catalogue reaches the browser as foods.json.
        data = self.data
        foods = posted_foods(self.user, posted_food_values(data)) if data is not None else FoodList()
        for meal_items in self.rows[2].values():
            foods.update((row["food"].pk, row["food"]) for row in meal_items)
        return foods

    @cached_property
    def day_form(self) -> DayForm:
        return DayForm(self.data, initial=self._day_initial(self.copy_previous))

    @cached_property
    def checkin_formset(self) -> RowFormSet:
        checkins = self.rows[0]
        return CheckInFormSet(
            self.data,
            prefix="checkins",
            initial=[_checkin_initial(c) for c in checkins],
            allowed_ids=[c.pk for c in checkins],
            initial_extra=SPARE_CHECKINS,
        )

    @cached_property
    def meal_formset(self) -> RowFormSet:
        _checkins, meals, items = self.rows
        return MealFormSet(
            self.data,
            prefix="meals",
            initial=[_meal_initial(m) for m in meals],
            allowed_ids=[m.pk for m in meals],
            initial_extra=_spare_meals(meals),
            form_kwargs={"foods": self.foods, "items": items, "kept_items": self._kept_foods()},
        )

    def _kept_foods(self) -> dict[str, list[tuple[Food, Decimal]]]:
        """For a page being saved: its stored meals whose food rows came back as stored, with their foods
        (journal.forms.unchanged.kept_foods): a save that changed one meal builds only that meal's food rows."""
        if not self.locked or self.day is None:
            return {}
        return kept_foods(self.data, "meals", self.rows[1], self._saved_items, self.foods)

    @property
    def saved_checkins(self) -> list:
        return self.rows[0]

    @property
    def saved_meals(self) -> list[Meal]:
        return self.rows[1]

    @property
    def saved_items(self) -> dict[int, list[dict]]:
        return self.rows[2]

    def fragment_key(self, today: date) -> str | None:
        """Names the cached HTML of the page's own parts (not the sections other apps add): the same
        while the journal, the favourites and the food list stay the same. None for a page that shows
        what was sent (errors, a draft) or a copy of yesterday: those are always rendered."""
        if self.data is not None or self.copy_previous:
            return None
        return ":".join(
            (
                "day-part",
                TEMPLATES_VERSION,
                str(self.user.pk),
                self.date.isoformat(),
                today.isoformat(),
                get_language() or "",
                day_page_version(self.user),
                food_version(self.user),
            )
        )

    def _day_initial(self, copy_previous: bool) -> dict[str, Any]:
        initial = {name: getattr(self.day, name) for name in DAY_FORM_FIELDS} if self.day else {}
        if copy_previous:
            copied, self.copied_from = copied_fields(self.user, self.date)
            initial.update(copied)
        return initial

    def _items_by_meal(self, meals: list[Meal]) -> dict[int, list[dict]]:
        by_meal: dict[int, list[dict]] = {m.pk: [] for m in meals}
        if meals:
            for item in MealItem.objects.filter(meal_id__in=list(by_meal)).select_related("food").order_by("pk"):
                by_meal[item.meal_id].append({"food": item.food, "servings": item.servings})
        return by_meal

    @cached_property
    def unchanged(self) -> frozenset[str]:
        """The parts of a page being saved ("day", "checkins", "meals") sent back exactly as they are
        stored (journal.forms.unchanged): their forms are neither built nor checked, and nothing of
        theirs is written. Only a page to be saved, of a stored day, judged against the rows it read."""
        if not self.locked or self.day is None:
            return frozenset()
        checkins, meals, _items = self.rows
        parts = set()
        if day_unchanged(self.data, self.day):
            parts.add("day")
        if checkins_unchanged(self.data, "checkins", self._saved_checkins, SPARE_CHECKINS):
            parts.add("checkins")
        if meals_unchanged(self.data, "meals", meals, self._saved_items, self.foods, _spare_meals(meals)):
            parts.add("meals")
        return frozenset(parts)

    def is_valid(self) -> bool:
        unchanged = self.unchanged
        results = [
            "day" in unchanged or self.day_form.is_valid(),
            "checkins" in unchanged or self.checkin_formset.is_valid(),
            "meals" in unchanged or self.meal_formset.is_valid(),
        ]
        results += [section.is_valid() for section in self.sections]
        return all(results)

    def save(self) -> JournalDay | None:
        unchanged = self.unchanged
        if "day" in unchanged:
            fields = {name: getattr(self.day, name) for name in DAY_FORM_FIELDS}
        else:
            fields = {name: self.day_form.cleaned_data.get(name) for name in DAY_FORM_FIELDS}
        checkins = [] if "checkins" in unchanged else [_checkin_entry(form) for form in self.checkin_formset.rows()]
        now = timezone.localtime()
        if now.date() == self.date:
            # A new check-in of today without a time is one made now.
            for entry in checkins:
                if entry.id is None and entry.time is None and not entry.delete:
                    entry.time = now.time().replace(second=0, microsecond=0)
        meals = [] if "meals" in unchanged else [_meal_entry(cast(MealForm, form)) for form in self.meal_formset.rows()]
        if self.locked:
            # The caller's transaction holds the lock and the rows read: the day and the sections join it.
            current = DayRows(
                self.day, getattr(self, "_saved_checkins", []), self.rows[1], getattr(self, "_saved_items", None)
            )
            day = save_day(self.user, self.date, fields, checkins, meals, current=current)
            for section in self.sections:
                section.save(self.user, self.date)
            return day
        # The day and every section's answers together, or neither.
        with transaction.atomic():
            day = save_day(self.user, self.date, fields, checkins, meals)
            for section in self.sections:
                section.save(self.user, self.date)
        return day

    def meal_items(self, prefix: str) -> list[tuple[Food, Decimal]]:
        """The foods a posted meal holds (its valid rows), e.g. to keep them as a favourite."""
        for form in self.meal_formset.forms:
            if form.prefix == prefix and form.items.submitted:
                rows = [f.cleaned_data for f in form.items.forms if f.has_changed() and f.is_valid()]
                return [(row["food"], row["servings"] or Decimal(1)) for row in rows if row.get("food")]
        return []

    def picker(self) -> dict[str, Any]:
        """What the picker and the repeat buttons offer: the previous meal of each type, recent and
        favourite foods, favourite meals, and yesterday's values. Cached until the journal or the
        favourites change, so a page view usually reads none of it from the database."""
        key = f"day-picker:{self.user.pk}:{self.date.isoformat()}:{day_page_version(self.user)}"
        found = cache.get(key)
        if found is None:
            last = last_meals(self.user, self.date)
            copied, source = copied_fields(self.user, self.date)
            found = {
                "last_meals": {
                    t: [{"food": i.food_id, "servings": str(i.servings), "name": i.food.name} for i in items]
                    for t, items in last.items()
                },
                "recent": recent_food_ids(self.user),
                "favourites": favourite_food_ids(self.user),
                "favourite_meals": favourite_meals(self.user),
                "previous": None
                if source is None
                else {"date": source.date.isoformat(), "fields": {name: str(value) for name, value in copied.items()}},
            }
            cache.set(key, found, 24 * 3600)
        return found

    def context(self, today: date) -> dict[str, Any]:
        """The template's context. Forms, totals and summaries are callables, which the template
        calls (once: they are cached) only for the parts it renders rather than takes from the cache."""
        picker = self.picker()
        last = picker["last_meals"]
        last_names = {t: ", ".join(i["name"] for i in items) for t, items in last.items()}
        key = self.fragment_key(today)
        parts = {}
        if key is not None:
            found = cache.get_many([f"{key}:{name}" for name in DAY_PARTS])
            parts = {name: found[f"{key}:{name}"] for name in DAY_PARTS if f"{key}:{name}" in found}
        return {
            "page": self,
            "day_date": self.date,
            "day": self.day,
            "values": self.values,
            "form": lambda: self.day_form,
            "checkins": lambda: self.checkin_formset,
            "meals": lambda: self._meal_forms(last_names),
            "today": today,
            "is_today": self.date == today,
            "previous_date": self.date - timedelta(days=1) if self.date > date(2000, 1, 1) else None,
            "next_date": self.date + timedelta(days=1) if self.date < today else None,
            "copied_from": lambda: self._copied_from(),
            "previous_values": self._previous_values(picker["previous"]),
            "catalogue_version": catalogue_version(),
            "food_datalist": food_datalist(self.user),
            "picker_json": {
                "own_foods": own_foods(self.user),
                "recent": picker["recent"],
                "favourites": picker["favourites"],
                "favourite_meals": picker["favourite_meals"],
                "last_meals": last,
                "meal_times": MEAL_TIMES,
            },
            "has_errors": self.has_errors,
            "red_flag_fields": RED_FLAG_FIELDS,
            "sections": self.sections,
            "summaries": lambda: self.summaries(self.values()),
            "folded": lambda: self.folded(self.values()),
            "probiotic_word": lambda: servings_word(self.values().get("probiotic_servings") or 0),
            "fragment_key": key,
            "templates_version": TEMPLATES_VERSION,
            "fragments": parts,
        }

    def values(self) -> dict[str, Any]:
        if not hasattr(self, "_values"):
            self._values = daily_values([self.day])[0] if self.day else {}
        return self._values

    def _copied_from(self) -> JournalDay | None:
        if not self.copy_previous:
            return None
        self.day_form  # noqa: B018 (building the form sets copied_from)
        return self.copied_from

    def _meal_forms(self, last_names: dict[str, str]) -> forms.BaseFormSet:
        for form in self.meal_formset.forms:
            form.last_names = last_names.get(form["meal_type"].value(), "")
        return self.meal_formset

    def summaries(self, values: dict[str, Any]) -> dict[str, str]:
        """Each section in one line, from what is saved: what a folded section shows."""
        return {
            "mood": _mood_line(values, len(self.saved_checkins)),
            "meals": _meals_line(self.saved_meals, self.saved_items),
            "body": _join(
                values.get("sleep_hours") is not None and _("%(h)s h sleep") % {"h": _num(values["sleep_hours"])},
                values.get("exercise_minutes") is not None
                and _("%(m)s min exercise") % {"m": _num(values["exercise_minutes"])},
                values.get("stress") is not None and _("stress %(n)s/5") % {"n": values["stress"]},
            ),
            "gut": _join(
                values.get("bloating") is not None
                and _("bloating: %(level)s") % {"level": str(SYMPTOM_WORDS[values["bloating"]]).lower()},
                values.get("abdominal_pain") is not None
                and _("pain: %(level)s") % {"level": str(SYMPTOM_WORDS[values["abdominal_pain"]]).lower()},
                values.get("stool_type") is not None and _("stool type %(n)s") % {"n": values["stool_type"]},
                values.get("has_red_flag") and _("a warning sign"),
            ),
            "more": _join(
                self.day is not None and self.day.antibiotics and _("antibiotics"),
                self.day is not None and self.day.probiotic_supplement and _("probiotic supplement"),
                self.day is not None and bool(self.day.notes) and _("a note"),
            ),
        }

    def folded(self, values: dict[str, Any]) -> set[str]:
        """Sections shown folded: those already filled in for a saved day (never when sent back with errors)."""
        if self.data is not None:
            return set()
        folded = {"more"}
        if self.saved_checkins:
            folded.add("mood")
        if self.saved_meals:
            folded.add("meals")
        if any(values.get(n) is not None for n in ("sleep_hours", "exercise_minutes", "stress")):
            folded.add("body")
        if any(values.get(n) is not None for n in ("bloating", "abdominal_pain", "stool_type")):
            folded.add("gut")
        return folded

    def _previous_values(self, previous: dict[str, Any] | None) -> dict[str, Any] | None:
        """What "Same as yesterday" would fill in, so day.js can fill it in place without a reload
        (a reload would lose anything typed so far). None when there is nothing to copy."""
        if self.copy_previous or self.data is not None:
            return None
        return previous

    def has_errors(self) -> bool:
        if self.data is None:
            return False
        return bool(self.day_form.errors) or not self.checkin_formset.is_valid() or not self.meal_formset.is_valid()


def servings_word(amount: Any) -> str:
    """'serving' or 'servings' for an amount that may be a fraction (1.5 servings)."""
    whole = int(amount) if Decimal(str(amount)) == int(amount) else 2
    return ngettext("serving", "servings", whole)


def _num(value: Any) -> str:
    """7.0 as 7, 7.5 as 7.5, in the page's language."""
    return floatformat(value, -1) if value is not None else ""


def _join(*parts: Any) -> str:
    return " · ".join(str(part) for part in parts if part)


def _mood_line(values: dict[str, Any], checkins: int) -> str:
    if not checkins:
        return ""
    mood = values.get("mood")
    label = MOOD_LABELS.get(int(round(mood))) if mood is not None else None
    counted = ngettext("%(n)s check-in", "%(n)s check-ins", checkins) % {"n": checkins}
    mood_text = _("mood %(mood)s/5 (%(label)s)") % {"mood": _num(mood), "label": label} if label else ""
    return _join(mood_text, counted)


def _meals_line(meals: list[Meal], items: dict[int, list[dict]]) -> str:
    parts = []
    for meal in meals:
        names = ", ".join(row["food"].name for row in items.get(meal.pk, []))
        parts.append(f"{meal.get_meal_type_display()}: {names}" if names else str(meal.get_meal_type_display()))
    return "; ".join(parts)


def with_meal_foods(data: QueryDict, prefix: str, foods: list[tuple[Any, Any]], replace: bool) -> QueryDict:
    """The posted day with foods put in one meal's rows (by id), as "same as last time" or a new
    own food does without JavaScript; the rest of the day stays exactly as sent."""
    data = data.copy()
    total_key = f"{prefix}-items-TOTAL_FORMS"
    if total_key not in data:
        return data
    total = int(data.get(total_key) or 0)
    rows = [i for i in range(total) if (data.get(f"{prefix}-items-{i}-food") or "").strip()]
    if replace:
        for i in rows:
            data[f"{prefix}-items-{i}-food"] = ""
            data[f"{prefix}-items-{i}-servings"] = ""
        rows = []
    free = [i for i in range(total) if i not in rows]
    for food, servings in foods:
        index = free.pop(0) if free else total
        if index == total:
            total += 1
        data[f"{prefix}-items-{index}-food"] = str(getattr(food, "pk", food))
        data[f"{prefix}-items-{index}-servings"] = str(servings)
    data[total_key] = str(total)
    return data


def _checkin_initial(checkin: MoodCheckIn) -> dict[str, Any]:
    fields = ("id", "time", "note")
    initial = {name: getattr(checkin, name) for name in fields}
    for name in ("mood", "anxiety", "energy"):
        initial[name] = _rating_initial(getattr(checkin, name))
    return initial


def _rating_initial(value: Decimal | None) -> int | str | None:
    """3.00 -> 3 (its radio button); an imported mean 2.67 -> "2.67" (its own choice, see CheckInForm)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def _meal_initial(meal: Meal) -> dict[str, Any]:
    return {"id": meal.pk, "meal_type": meal.meal_type, "time": meal.time, "description": meal.description}


def _spare_meals(meals: list[Meal]) -> list[dict[str, Any]]:
    """The blank meals offered after the day's own: the usual meals it does not have yet."""
    return [{"meal_type": t, "time": MEAL_TIMES.get(t)} for t in _missing_meal_types(meals)]


def _meals_with_items(day: JournalDay) -> tuple[list[Meal], dict[int, list[StoredItem]]]:
    """The day's meals, and each one's foods in the order they were added, in one
    query (a meal without foods comes once, with no food). Sorted here: ordering by the foods' ids in
    SQL costs more to build than the sort."""
    names = [field.attname for field in Meal._meta.concrete_fields]
    found = day.meals.order_by().values_list(*names, "items__pk", "items__food_id", "items__servings")
    meals: dict[int, Meal] = {}
    items: dict[int, list[StoredItem]] = {}
    for *values, item_id, food_id, servings in sorted(found, key=lambda row: (row[0], row[-3] or 0)):
        pk = values[0]
        if pk not in meals:
            meal = Meal.from_db(found.db, names, values)
            meal.day = day  # as the day's related manager gives them
            meals[pk], items[pk] = meal, []
        if item_id is not None:
            items[pk].append(StoredItem(item_id, food_id, servings))
    return list(meals.values()), items


def _missing_meal_types(meals: list[Meal]) -> list[Meal.MealType]:
    present = {m.meal_type for m in meals}
    missing = [t for t in DEFAULT_MEAL_TYPES if t not in present]
    return missing or [Meal.MealType.SNACK]


def _checkin_entry(form: forms.Form) -> CheckInEntry:
    data = form.cleaned_data
    return CheckInEntry(
        id=data.get("id"),
        time=data.get("time"),
        mood=data.get("mood"),
        anxiety=data.get("anxiety"),
        energy=data.get("energy"),
        note=data.get("note") or "",
        delete=bool(data.get("DELETE")),
    )


def _meal_entry(form: MealForm) -> MealEntry:
    data = form.cleaned_data
    if data.get("DELETE"):
        return MealEntry(id=data.get("id"), delete=True)
    items: list[tuple[Food, Decimal]] | None = form.chosen_items()
    return MealEntry(
        id=data.get("id"),
        meal_type=data["meal_type"],
        time=data.get("time"),
        description=data.get("description") or "",
        items=items,
    )


def week_glance(user: User, today: date) -> dict[str, Any]:
    """Today's status and the last seven days (today first), missing days included as blanks."""
    start = today - timedelta(days=6)
    rows = daily_values(days_for(user).filter(date__gte=start, date__lte=today).order_by("-date"))
    by_date = {row["date"]: row for row in rows}
    week = [{"date": today - timedelta(days=n), "row": by_date.get(today - timedelta(days=n))} for n in range(7)]
    monday = today - timedelta(days=today.weekday())
    return {
        "today": today,
        "today_row": by_date.get(today),
        "week": week,
        "logged_this_week": sum(1 for d in by_date if d >= monday),
        "days_this_week": today.weekday() + 1,
    }


HISTORY_PAGE_SIZE = 30


def _month(value: str | None, today: date) -> date:
    """The first of the month asked for (?month=YYYY-MM), else this month; never past today or before 2000."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    return min(max(first, date(2000, 1, 1)), today.replace(day=1))


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def mood_by_date(user: User, start: date, end: date) -> tuple[set[date], dict[date, int]]:
    """Logged days and each one's mood (the mean of its check-ins, rounded) in two queries."""
    from django.db.models import Avg

    from journal.models import MoodCheckIn

    logged = set(days_for(user).filter(date__gte=start, date__lte=end).values_list("date", flat=True))
    means = (
        MoodCheckIn.objects.filter(day__user=user, day__date__gte=start, day__date__lte=end, mood__isnull=False)
        .values_list("day__date")
        .annotate(mood=Avg("mood"))
    )
    return logged, {day: int(Decimal(str(mood)).quantize(Decimal(1), rounding="ROUND_HALF_UP")) for day, mood in means}


def _cell(day: date, today: date, logged: set[date], moods: dict[date, int]) -> dict[str, Any]:
    return {
        "date": day,
        "mood": moods.get(day),
        "logged": day in logged,
        "future": day > today,
        "today": day == today,
    }


def month_calendar(first: date, today: date, logged: set[date], moods: dict[date, int]) -> list[list[dict | None]]:
    """Weeks (Monday first) of the month, None for the days around it."""
    last = _add_months(first, 1) - timedelta(days=1)
    weeks: list[list[dict | None]] = [[None] * first.weekday()]
    day = first
    while day <= last:
        if len(weeks[-1]) == 7:
            weeks.append([])
        weeks[-1].append(_cell(day, today, logged, moods))
        day += timedelta(days=1)
    weeks[-1] += [None] * (7 - len(weeks[-1]))
    return weeks


def year_in_pixels(first: date, today: date, logged: set[date], moods: dict[date, int]) -> list[dict[str, Any]]:
    """Twelve months ending with the given one, a row of day cells each."""
    rows = []
    for back in range(11, -1, -1):
        month = _add_months(first, -back)
        end = _add_months(month, 1)
        days = [month + timedelta(days=n) for n in range((end - month).days)]
        rows.append({"month": month, "days": [_cell(day, today, logged, moods) for day in days]})
    return rows


def history_page(user: User, today: date, params: Any) -> dict[str, Any]:
    """History: the month calendar and a year at a glance (mood as colour, logged days marked) and
    the list of logged days, in a fixed number of queries however long the journal."""
    from django.core.paginator import Paginator

    first = _month(params.get("month"), today)
    year_start = _add_months(first, -11)
    logged, moods = mood_by_date(user, year_start, _add_months(first, 1) - timedelta(days=1))
    paginator = Paginator(days_for(user).order_by("-date"), HISTORY_PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    rows = daily_values(page.object_list)
    add_parts(user, rows)
    return {
        "page_obj": page,
        "rows": rows,
        "month": first,
        "weeks": month_calendar(first, today, logged, moods),
        "year": year_in_pixels(first, today, logged, moods),
        "previous_month": _add_months(first, -1) if first > date(2000, 1, 1) else None,
        "next_month": _add_months(first, 1) if _add_months(first, 1) <= today else None,
        "today": today,
        "weekdays": [date(2024, 1, 1) + timedelta(days=n) for n in range(7)],  # a Monday, for the day names
    }
