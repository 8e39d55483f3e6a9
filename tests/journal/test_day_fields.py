"""The day page's fields drawn in Python (journal/templatetags/day_fields.py) match Django's own widgets."""

import datetime as dt
from decimal import Decimal

import pytest

from journal.forms import CheckInForm, CheckInFormSet, DayForm, FoodList, MealItemForm
from journal.models import Food
from journal.templatetags.day_fields import management_form, radios, widget_html

OATS = Food(pk=3, name='Oats & "friends" <b>', serving="1 cup", fiber_g=Decimal("4"))
FORMS = [
    DayForm(initial={"sleep_hours": Decimal("7.5"), "blood_in_stool": True, "notes": "x", "antibiotics": True}),
    DayForm(data={"sleep_hours": "99", "exercise_minutes": "a", "stress": "9", "antibiotics": "0"}),
    CheckInForm(prefix="checkins-0", initial={"time": dt.time(8, 5), "id": 4, "mood": 2}, allowed_ids=[4]),
    MealItemForm(prefix="m-0", initial={"food": OATS, "servings": Decimal("1.5")}, foods=FoodList({3: OATS})),
    MealItemForm(prefix="m-1", data={"m-1-food": "<zzz>", "m-1-servings": "0"}, foods=FoodList({3: OATS})),
]


@pytest.mark.parametrize("form", FORMS)
def test_inputs_are_drawn_as_django_draws_them(form):
    for name in form.fields:
        if "<input" in str(form[name]) and "radio" not in str(form[name]):
            assert str(widget_html(form[name])) == str(form[name])


@pytest.mark.parametrize("form", FORMS[:3])
def test_radio_buttons_are_drawn_as_django_draws_them(form):
    for name in form.fields:
        if "radio" in str(form[name]):
            assert [r.tag for r in radios(form[name])] == [str(r.tag()) for r in form[name]]


def test_the_management_form_is_drawn_as_django_draws_it():
    formset = CheckInFormSet(prefix="checkins", initial=[], allowed_ids=[], initial_extra=[{}])
    assert str(management_form(formset)) == str(formset.management_form)


def test_names_are_escaped():
    html = str(widget_html(FORMS[3]["food"]))
    assert 'value="Oats &amp; &quot;friends&quot; &lt;b&gt;"' in html
