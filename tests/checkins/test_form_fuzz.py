"""The questionnaire and plan forms, fed random input: never a server error, a result only from valid answers."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from checkins.models import CheckinPlan, ScreenerResult
from tests.factories import UserFactory

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALUES = st.one_of(
    st.sampled_from(["0", "1", "2", "3", "4", "-1", "", " ", "1.0", "٣", "3\x00", "NaN", "1e9"]),
    st.text(max_size=12),
)
ANSWERS = st.dictionaries(st.sampled_from([f"item_{n}" for n in range(0, 11)]), VALUES, max_size=11)


class ScreenerFormFuzz(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = UserFactory()

    @FUZZ
    @given(data=ANSWERS)
    def test_random_answers_save_only_when_all_seven_are_0_to_3(self, data):
        self.client.force_login(self.user)
        response = self.client.post(reverse("checkins_take", kwargs={"instrument": "gad7"}), data)
        valid = all(data.get(f"item_{n}") in {"0", "1", "2", "3"} for n in range(1, 8))
        assert response.status_code == (302 if valid else 200)
        saved = ScreenerResult.objects.filter(user=self.user)
        assert saved.exists() is valid
        if valid:
            assert saved.get().score == sum(int(data[f"item_{n}"]) for n in range(1, 8))
        saved.delete()

    @FUZZ
    @given(every=VALUES, phq9=VALUES, reminders=VALUES)
    def test_random_plans_never_fail(self, every, phq9, reminders):
        data = {"every_days": every, "phq9": phq9, "reminders": reminders}
        self.client.force_login(self.user)
        response = self.client.post(reverse("checkins"), data)
        assert response.status_code == (302 if every in {"7", "14"} else 200)
        assert CheckinPlan.objects.filter(user=self.user).exists() is (every in {"7", "14"})
        CheckinPlan.objects.filter(user=self.user).delete()
