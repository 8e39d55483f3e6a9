"""The Your trackers page: make, rename, archive, delete; names unique per person whatever their case."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from home.queries import account_summary
from home.services import delete_account
from journal.models import JournalDay
from tests.factories import JournalDayFactory, MoodCheckInFactory
from trackers.models import Tracker, TrackerValue
from trackers.services import create_tracker, rename_tracker, save_day_values

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 1)


def test_making_a_tracker_gives_it_a_slug_and_a_column(client_a, user):
    response = client_a.post(reverse("trackers"), {"name": "Bad sleep", "kind": "tag", "unit": "ignored"})
    assert response.status_code == 302
    tracker = Tracker.objects.get(user=user)
    assert (tracker.name, tracker.slug, tracker.column, tracker.unit) == ("Bad sleep", "bad-sleep", "tag:bad-sleep", "")


def test_a_name_that_clashes_in_any_case_is_refused_and_nothing_is_written(client_a, user):
    create_tracker(user, kind="tag", name="Coffee")
    response = client_a.post(reverse("trackers"), {"name": "coffee", "kind": "number", "unit": "cups"})
    assert response.status_code == 400
    assert "You already have a tracker called “coffee”." in response.content.decode()
    assert Tracker.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("first", "second"), [("Übelkeit", "übelkeit"), ("ÉCRAN", "écran"), ("Kaffee  Tassen", "kaffee tassen")]
)
def test_a_clash_beyond_ascii_letters_is_refused_on_every_database(client_a, user, first, second):
    """SQLite folds only ASCII letters in iexact and lower(); names are unique whatever their case all the same."""
    create_tracker(user, kind="rating", name=first)
    response = client_a.post(reverse("trackers"), {"name": second, "kind": "rating", "unit": ""})
    assert response.status_code == 400
    assert Tracker.objects.filter(user=user).count() == 1
    renamed = create_tracker(user, kind="tag", name="Walk")
    with pytest.raises(ValidationError):
        rename_tracker(renamed, name=second)


def test_the_database_refuses_a_clash_too(user):
    from django.db import IntegrityError, transaction

    Tracker.objects.create(user=user, kind="tag", name="Coffee", slug="coffee")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tracker.objects.create(user=user, kind="tag", name="COFFEE", slug="coffee-2")


def test_renaming_moves_the_slug_and_keeps_the_values(client_a, user):
    tracker = create_tracker(user, kind="number", name="Steps", unit="steps")
    save_day_values(user, DAY, {tracker: Decimal("9000")})
    url = reverse("tracker_rename", args=[tracker.pk])
    response = client_a.post(url, {f"t{tracker.pk}-name": "Daily steps", f"t{tracker.pk}-unit": "steps"})
    assert response.status_code == 302
    tracker.refresh_from_db()
    assert (tracker.name, tracker.slug) == ("Daily steps", "daily-steps")
    assert tracker.values.get().value == Decimal("9000")


def test_archiving_takes_a_tracker_off_the_day_page_and_keeps_its_days(client_a, user):
    tracker = create_tracker(user, kind="tag", name="Coffee")
    save_day_values(user, DAY, {tracker: Decimal(1)})
    client_a.post(reverse("tracker_archive", args=[tracker.pk]), {"archived": "1"})
    tracker.refresh_from_db()
    assert tracker.archived
    field = f'name="trackers-t{tracker.pk}"'
    assert field not in client_a.get(reverse("day", args=[DAY + dt.timedelta(days=1)])).content.decode()
    assert field in client_a.get(reverse("day", args=[DAY])).content.decode()  # a day holding a value shows it


def test_deleting_asks_first_with_the_count_of_days(client_a, user):
    tracker = create_tracker(user, kind="tag", name="Coffee")
    for n in range(3):
        save_day_values(user, DAY + dt.timedelta(days=n), {tracker: Decimal(1)})
    page = client_a.get(reverse("tracker_delete", args=[tracker.pk])).content.decode()
    assert "its values on 3 days will be deleted" in page
    assert Tracker.objects.filter(pk=tracker.pk).exists()


def test_deleting_removes_the_values_and_days_that_held_nothing_else(client_a, user):
    tracker = create_tracker(user, kind="tag", name="Coffee")
    save_day_values(user, DAY, {tracker: Decimal(1)})
    kept = JournalDayFactory(user=user, date=DAY + dt.timedelta(days=1))
    MoodCheckInFactory(day=kept)
    save_day_values(user, kept.date, {tracker: Decimal(1)})
    assert client_a.post(reverse("tracker_delete", args=[tracker.pk])).status_code == 302
    assert not Tracker.objects.filter(pk=tracker.pk).exists()
    assert list(JournalDay.objects.filter(user=user).values_list("date", flat=True)) == [kept.date]


@pytest.mark.parametrize(
    ("name", "method"),
    [("tracker_rename", "post"), ("tracker_archive", "post"), ("tracker_delete", "get"), ("tracker_delete", "post")],
)
def test_another_persons_tracker_is_a_404_on_every_url_and_method(client_a, other_user, name, method):
    theirs = create_tracker(other_user, kind="tag", name="Coffee")
    for verb in ("get", "post", "put", "delete"):
        response = getattr(client_a, verb)(reverse(name, args=[theirs.pk]))
        assert response.status_code == 404, (name, verb)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.archived) == ("Coffee", False)


def test_the_trackers_page_costs_the_same_queries_however_many_trackers(client_a, user, django_assert_num_queries):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(reverse("trackers")).status_code == 200
        return len(queries)

    create_tracker(user, kind="tag", name="t0")
    count()  # the session's first queries
    few = count()
    for n in range(1, 25):
        tracker = create_tracker(user, kind=("tag", "rating", "number")[n % 3], name=f"t{n}")
        save_day_values(user, DAY, {tracker: Decimal(1)})
    with django_assert_num_queries(few):
        client_a.get(reverse("trackers"))


def test_account_deletion_counts_and_removes_trackers(user):
    tracker = create_tracker(user, kind="tag", name="Coffee")
    save_day_values(user, DAY, {tracker: Decimal(1)})
    summary = account_summary(user)
    assert (summary["trackers"], summary["tracker_values"]) == (1, 1)
    delete_account(user)
    assert not Tracker.objects.exists()
    assert not TrackerValue.objects.exists()
