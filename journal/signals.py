"""Any change to a journal row, from any path (views, admin, imports that save
row by row), retires that user's cached insights, naming the row's date (the
cached daily frame reads that date again). Bulk writes call
journal.services.journal_changed themselves."""

from datetime import date
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from journal.services import foods_changed, journal_changed, saving_a_day


def _cascaded(instance: Model, kwargs: dict[str, Any]) -> bool:
    """A row deleted because its day, meal or user was: the parent's handler covers it."""
    origin = kwargs.get("origin")
    return origin is not None and origin is not instance


def _named(day_date: date, kwargs: dict[str, Any]) -> list[date] | None:
    """The row's date; none for an edited row (save_day's edits stand down here), which may have been
    moved from another day that is not known here: everything is read again then."""
    return None if kwargs.get("created") is False else [day_date]


@receiver([post_save, post_delete], sender=JournalDay)
def _day_changed(sender: type[JournalDay], instance: JournalDay, **kwargs: Any) -> None:
    # A day whose date was edited leaves its old date behind in a cached frame: the frame finds it by
    # the day's id (insights/frame.py), so the new date is enough here.
    journal_changed(instance.user_id, [instance.date])


@receiver([post_save, post_delete], sender=MoodCheckIn)
@receiver([post_save, post_delete], sender=Meal)
def _day_child_changed(sender: type[MoodCheckIn | Meal], instance: MoodCheckIn | Meal, **kwargs: Any) -> None:
    if _cascaded(instance, kwargs) or saving_a_day():
        return
    found = JournalDay.objects.filter(pk=instance.day_id).values_list("user_id", "date").first()
    if found is not None:
        journal_changed(found[0], _named(found[1], kwargs))


@receiver([post_save, post_delete], sender=MealItem)
def _meal_item_changed(sender: type[MealItem], instance: MealItem, **kwargs: Any) -> None:
    if _cascaded(instance, kwargs) or saving_a_day():
        return
    found = Meal.objects.filter(pk=instance.meal_id).values_list("day__user_id", "day__date").first()
    if found is not None:
        journal_changed(found[0], _named(found[1], kwargs))


@receiver([post_save, post_delete], sender=Food)
def _food_changed(sender: type[Food], instance: Food, **kwargs: Any) -> None:
    """A new food list for foods.json: the owner's, or everyone's for a catalogue food."""
    foods_changed(instance.owner_id)


def catalogue_migrated(**kwargs: Any) -> None:
    foods_changed(None)
