import pytest
from django.db.models import RestrictedError

from journal.models import Food, MealItem
from tests.factories import FoodFactory, MealItemFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_user_removes_their_own_foods_even_when_their_meals_use_them(user):
    own = FoodFactory(owner=user)
    MealItemFactory(meal__day__user=user, food=own)
    user.delete()
    assert not Food.objects.filter(pk=own.pk).exists()
    assert MealItem.objects.count() == 0


def test_a_food_used_in_a_meal_cannot_be_deleted_on_its_own(user):
    food = FoodFactory()
    MealItemFactory(meal__day__user=user, food=food)
    with pytest.raises(RestrictedError):
        food.delete()
