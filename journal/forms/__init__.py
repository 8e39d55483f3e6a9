"""Forms of the day page, one module per part: the day's own fields (`day`), mood check-ins
(`checkins`), meals with their foods (`meals`), a person's own food (`foods`), and the shared
building blocks (`base`).

Plain forms rather than model formsets: the page renders from data read in a
fixed number of queries, and every id a browser sends back is checked against
the day's own rows here, so another user's id is a field error, never a write.
Ranges come from journal.constants, the same place the database constraints use.
"""

from journal.forms.base import StyledForm, style_widgets
from journal.forms.checkins import CheckInForm, CheckInFormSet
from journal.forms.day import COPYABLE_DAY_FIELDS, DayForm
from journal.forms.foods import FoodForm
from journal.forms.meals import FoodList, ItemFormSet, MealFormSet, MealItemForm

__all__ = [
    "COPYABLE_DAY_FIELDS",
    "CheckInForm",
    "CheckInFormSet",
    "DayForm",
    "FoodForm",
    "FoodList",
    "ItemFormSet",
    "MealFormSet",
    "MealItemForm",
    "StyledForm",
    "style_widgets",
]
