"""Creates the load-test accounts with a journal history, fast (bulk inserts, one password hash).

Run by loadtest/run.sh with DATABASE_URL pointing at the load database:
    python loadtest/seed.py USERS DAYS PASSWORD SESSIONS_FILE
Existing load accounts (named load-*) are deleted first, so every run starts alike. Each account
also gets a signed-in session, written one key a line to SESSIONS_FILE: the simulated people are
already signed in, as after an earlier visit, so the run measures the journal rather than
a burst of fifty password hashes (a log-in is timed on its own by run.sh).
"""

import datetime as dt
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import Profile  # noqa: E402
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn  # noqa: E402

PREFIX = "load-"


def _day(user, date: dt.date, rng: random.Random) -> JournalDay:
    return JournalDay(
        user=user,
        date=date,
        sleep_hours=Decimal(rng.randint(50, 90)) / 10,
        stress=rng.randint(1, 5),
        bloating=rng.randint(0, 3),
        water_glasses=rng.randint(2, 10),
        exercise_minutes=rng.choice([0, 15, 30, 45]),
    )


def signed_in_session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed(users: int, days: int, password: str, sessions_file: str) -> None:
    User = get_user_model()
    rng = random.Random(6)
    today = dt.date.today()
    foods = list(Food.objects.filter(owner__isnull=True).order_by("pk")[:40])
    with transaction.atomic():
        User.objects.filter(username__startswith=PREFIX).delete()
        hashed = make_password(password)
        people = User.objects.bulk_create(User(username=f"{PREFIX}{n}", password=hashed) for n in range(users))
        Profile.objects.bulk_create(Profile(user=u, time_zone="UTC") for u in people)
        rows = JournalDay.objects.bulk_create(
            _day(u, today - dt.timedelta(days=d), rng) for u in people for d in range(1, days + 1)
        )
        MoodCheckIn.objects.bulk_create(
            MoodCheckIn(day=row, time=dt.time(20, 0), mood=rng.randint(1, 5), anxiety=rng.randint(1, 5)) for row in rows
        )
        meals = Meal.objects.bulk_create(Meal(day=row, meal_type="lunch") for row in rows)
        if foods:
            MealItem.objects.bulk_create(
                MealItem(meal=meal, food=rng.choice(foods), servings=Decimal(rng.randint(1, 3))) for meal in meals
            )
    Path(sessions_file).write_text("".join(f"{signed_in_session(u)}\n" for u in people))
    print(f"seeded {users} accounts ({PREFIX}0..{PREFIX}{users - 1}) with {days} days each")


if __name__ == "__main__":
    seed(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4])
