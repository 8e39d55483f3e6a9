"""Every form, fed random input by hypothesis: never a server error, nothing written when refused.

Random strings (NUL bytes and unicode included), huge and non-finite numbers, empty values,
lists where one value is expected, and the ids of another user's objects. Each example runs
in its own transaction (hypothesis.extra.django.TestCase), so examples cannot see each other.
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import Profile, today_for
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from tests.factories import (
    PASSWORD,
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
    UserFactory,
)
from tests.journal.day_post import form_data
from tests.journal_rows import journal_rows
from transfer.daily_csv import export_csv
from transfer.full_json import export_json
from transfer.services import sign_upload

FUZZ_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECIAL_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "9" * 40,
    "0.00000000001",
    "on",
    "true",
    "null",
    "[]",
    "{}",
    "2026-02-30",
    "0000-00-00",
    "25:61",
    "\x00",
    "\u202e\u0000\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "ü" * 500,
    "x" * 5000,
]


def _values(foreign_ids: list[str]) -> st.SearchStrategy:
    single = st.one_of(
        st.text(max_size=120),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(SPECIAL_VALUES + foreign_ids),
    )
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def _data(fields: list[str], foreign_ids: list[str]) -> st.SearchStrategy:
    """Some of the form's own field names (and a few made-up ones) mapped to fuzz."""
    names = st.one_of(st.sampled_from(fields), st.text(min_size=1, max_size=20))
    return st.dictionaries(names, _values(foreign_ids), max_size=len(fields) + 3)


class FormFuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alice = UserFactory(username="alice")
        ProfileFactory(user=cls.alice)
        cls.day = JournalDayFactory(user=cls.alice, date=today_for(cls.alice) - dt.timedelta(days=1))
        MoodCheckInFactory(day=cls.day)
        MealItemFactory(meal=MealFactory(day=cls.day), food=FoodFactory(owner=cls.alice))
        bob = UserFactory(username="bob")
        ProfileFactory(user=bob)
        bob_day = JournalDayFactory(user=bob, date=cls.day.date)
        bob_checkin = MoodCheckInFactory(day=bob_day)
        bob_item = MealItemFactory(meal=MealFactory(day=bob_day), food=FoodFactory(owner=bob))
        cls.foreign_ids = [
            str(pk) for pk in (bob_day.pk, bob_checkin.pk, bob_item.meal.pk, bob_item.pk, bob_item.food.pk)
        ]
        cls.bob = bob

    def _snapshot(self) -> list[list[dict[str, Any]]]:
        return [
            list(model.objects.order_by("pk").values())
            for model in (get_user_model(), Profile, JournalDay, MoodCheckIn, Meal, MealItem, Food)
        ]

    def _post_and_check(self, url: str, data: dict, written_when=(302,), **extra) -> None:
        before, bob_before = self._snapshot(), journal_rows(self.bob)
        response = self.client.post(url, data, **extra)
        assert response.status_code < 500, response.status_code
        if response.status_code not in written_when:
            assert self._snapshot() == before, f"refused with {response.status_code} but wrote rows"
        assert journal_rows(self.bob) == bob_before, "another user's rows changed"

    def _signed_in(self) -> None:
        self.client.force_login(self.alice)

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_day_page_survives_random_input(self, data):
        self._signed_in()
        url = reverse("day", kwargs={"date": self.day.date.isoformat()})
        base = form_data(self.client.get(url))
        changes = data.draw(_data(sorted(base), self.foreign_ids))
        self._post_and_check(url, {**base, **changes})

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_day_page_survives_random_dates_in_the_address(self, data):
        self._signed_in()
        date = data.draw(st.one_of(st.dates().map(dt.date.isoformat), st.text(min_size=1, max_size=12)))
        url = f"/day/{date.replace('/', '').replace('?', '').replace('#', '') or 'x'}/"
        self._post_and_check(url, {"sleep_hours": "7"})

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_own_food_form_survives_random_input(self, data):
        self._signed_in()
        fields = ["name", "serving", "fiber_g", *Food.TAGS, "next"]
        self._post_and_check(reverse("food_new"), data.draw(_data(fields, self.foreign_ids)))

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_profile_form_survives_random_input(self, data):
        self._signed_in()
        fields = ["display_name", "time_zone", "email"]
        self._post_and_check(reverse("profile"), data.draw(_data(fields, self.foreign_ids)))

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_signup_form_survives_random_input(self, data):
        self.client.logout()
        fields = ["username", "email", "display_name", "time_zone", "password1", "password2"]
        self._post_and_check(reverse("signup"), data.draw(_data(fields, self.foreign_ids)))

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_delete_account_form_survives_random_input(self, data):
        self._signed_in()
        values = data.draw(_data(["password"], self.foreign_ids + [PASSWORD[:-1], PASSWORD.upper()]))
        self._post_and_check(reverse("delete_account"), values)

    @FUZZ_SETTINGS
    @given(data=st.data(), content=st.binary(max_size=600), name=st.text(min_size=1, max_size=30))
    def test_the_import_upload_survives_random_files(self, data, content, name):
        self._signed_in()
        fields = data.draw(_data(["format", "replace"], self.foreign_ids))
        fields.pop("file", None)
        name = name.replace("/", "_").replace("\x00", "")
        if name in {"", ".", ".."}:  # Django's multipart parser drops such a file before any view sees it
            name = "f"
        upload = SimpleUploadedFile(name, content)
        self._post_and_check(reverse("import_preview"), {**fields, "file": upload}, written_when=())

    @FUZZ_SETTINGS
    @given(data=st.data())
    def test_the_import_confirmation_survives_random_input(self, data):
        """The payload is one the preview really signed (for Alice or for Bob), or random text."""
        self._signed_in()
        owner = data.draw(st.sampled_from([self.alice, self.bob]))
        exported = data.draw(st.sampled_from([export_csv, export_json]))(owner)
        fields = data.draw(_data(["payload", "format", "replace", "add_foods", "mood_0"], self.foreign_ids))
        fields.setdefault("payload", sign_upload(owner, exported.encode()))
        self._post_and_check(reverse("import_confirm"), fields)


def test_a_confirmation_whose_format_was_removed_is_refused_not_a_server_error(client_a, user):
    """Found by the fuzzer: a JSON backup confirmed without its hidden format field was read as CSV."""
    JournalDayFactory(user=user)
    payload = sign_upload(user, export_json(user).encode())
    before = JournalDay.objects.count()
    response = client_a.post(reverse("import_confirm"), {"payload": payload})
    assert response.status_code == 400
    assert JournalDay.objects.count() == before


def test_clearing_the_food_of_a_saved_meal_item_removes_it_instead_of_failing(client_a, user):
    """Found by the fuzzer: an existing item posted with an empty food was saved with no food (a 500)."""
    item = MealItemFactory(meal=MealFactory(day=JournalDayFactory(user=user, date=today_for(user))))
    url = reverse("day", kwargs={"date": item.meal.day.date.isoformat()})
    data = form_data(client_a.get(url))
    data["meals-0-items-0-food"] = ""
    response = client_a.post(url, data)
    assert response.status_code == 302
    assert not MealItem.objects.filter(meal=item.meal).exists()
