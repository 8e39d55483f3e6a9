"""Who gets a reminder when: the ten-minute window, local midnight, daylight saving, logged days, once a date."""

import datetime as dt
from email.header import decode_header, make_header
from unittest import mock

import pytest
from django.core import mail

from checkins.models import CheckinPlan, ScreenerResult
from reminders import queries, services
from reminders.models import Reminder
from tests.factories import JournalDayFactory, UserFactory
from tests.reminders.conftest import utc, wants_reminders

pytestmark = pytest.mark.django_db


def sent_at(moment: str) -> int:
    return services.send_due(utc(moment)).sent


def test_it_sends_at_the_persons_time_in_their_zone(user):
    wants_reminders(user, "21:00", "Asia/Tokyo")  # 21:00 in Tokyo is 12:00 UTC
    assert sent_at("2026-12-01T11:59") == 0
    assert sent_at("2026-12-01T12:00") == 1
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_it_sends_within_ten_minutes_after_the_time_and_not_later(user, other_user):
    wants_reminders(user, "21:00")
    wants_reminders(other_user, "20:50")
    assert sent_at("2026-12-01T21:00") == 1  # other_user's window closed at 21:00
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_late_sender_still_sends_inside_the_window(user):
    wants_reminders(user, "21:00")
    assert sent_at("2026-12-01T21:09") == 1


def test_it_sends_once_per_local_date(user):
    wants_reminders(user, "21:00")
    assert sent_at("2026-12-01T21:00") == 1
    assert sent_at("2026-12-01T21:01") == 0
    assert sent_at("2026-12-01T21:05") == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(user=user).count() == 1


def test_it_sends_again_the_next_day(user):
    wants_reminders(user, "21:00")
    assert sent_at("2026-12-01T21:00") == 1
    assert sent_at("2026-12-02T21:03") == 1


def test_none_when_the_day_is_already_logged(user):
    wants_reminders(user, "21:00", "Europe/Berlin")
    JournalDayFactory(user=user, date=dt.date(2026, 12, 1))
    assert sent_at("2026-12-01T20:00") == 0  # 21:00 in Berlin
    assert Reminder.objects.count() == 0


def test_yesterdays_entry_does_not_count_for_today(user):
    wants_reminders(user, "21:00", "Europe/Berlin")
    JournalDayFactory(user=user, date=dt.date(2026, 11, 30))
    assert sent_at("2026-12-01T20:00") == 1


def test_never_after_local_midnight(user):
    wants_reminders(user, "23:55", "America/New_York")  # 04:55 UTC the next day in December
    assert sent_at("2026-12-02T05:00") == 0  # 00:00 in New York: that day is over
    assert sent_at("2026-12-02T04:59") == 1


def test_none_for_someone_with_no_way_to_reach_them(user):
    wants_reminders(user, "21:00", by_email=False)
    assert sent_at("2026-12-01T21:00") == 0


def test_none_when_reminders_are_off(user):
    wants_reminders(user, "21:00").__class__.objects.filter(user=user).update(reminder_time=None)
    assert sent_at("2026-12-01T21:00") == 0


@pytest.mark.parametrize(
    ("zone", "local_date", "utc_moment"),
    [
        ("Europe/Berlin", "2026-03-28", "2026-03-28T20:00"),  # the day before summer time: UTC+1
        ("Europe/Berlin", "2026-03-29", "2026-03-29T19:00"),  # summer time from that night: UTC+2
        ("Europe/Berlin", "2026-10-24", "2026-10-24T19:00"),
        ("Europe/Berlin", "2026-10-25", "2026-10-25T20:00"),  # back to UTC+1
        ("America/New_York", "2026-03-07", "2026-03-08T02:00"),  # 21:00 EST
        ("America/New_York", "2026-03-08", "2026-03-09T01:00"),  # 21:00 EDT
        ("America/New_York", "2026-11-01", "2026-11-02T02:00"),  # 21:00 EST again
    ],
)
def test_it_follows_the_local_clock_across_daylight_saving(user, zone, local_date, utc_moment):
    wants_reminders(user, "21:00", zone)
    before = (utc(utc_moment) - dt.timedelta(minutes=1)).isoformat()
    assert services.send_due(utc(before.removesuffix("+00:00"))).sent == 0
    assert sent_at(utc_moment) == 1
    assert Reminder.objects.get(user=user).local_date == dt.date.fromisoformat(local_date)


def test_a_time_the_clocks_skip_comes_just_after_the_jump(user):
    """02:30 does not exist in Berlin on 29 March 2026; it is read as 03:30 summer time (01:30 UTC)."""
    wants_reminders(user, "02:30", "Europe/Berlin")
    assert sent_at("2026-03-29T00:30") == 0
    assert sent_at("2026-03-29T01:30") == 1


def test_a_time_that_happens_twice_sends_once(user):
    """02:30 happens twice in Berlin on 25 October 2026 (00:30 and 01:30 UTC)."""
    wants_reminders(user, "02:30", "Europe/Berlin")
    assert sent_at("2026-10-25T00:30") == 1
    assert sent_at("2026-10-25T01:30") == 0


def test_a_due_questionnaire_is_reminded_even_on_a_logged_day(user):
    wants_reminders(user, "21:00")
    CheckinPlan.objects.create(user=user, phq9=True, gad7=False)
    JournalDayFactory(user=user, date=dt.date(2026, 12, 1))
    assert sent_at("2026-12-01T21:00") == 1
    [message] = mail.outbox
    assert "PHQ-9" in message.body
    assert "/checkins/phq9/" in message.body
    assert str(make_header(decode_header(message.subject))).startswith("Gut–Mood Journal")  # sent pre-encoded


def test_a_questionnaire_taken_recently_is_not_reminded(user):
    wants_reminders(user, "21:00")
    CheckinPlan.objects.create(user=user, phq9=True, gad7=False, every_days=14)
    taken = dt.date(2026, 11, 25)
    ScreenerResult.objects.create(user=user, instrument="phq9", taken_on=taken, answers=[0] * 9, score=0)
    JournalDayFactory(user=user, date=dt.date(2026, 12, 1))
    assert sent_at("2026-12-01T21:00") == 0


def test_a_questionnaire_that_stays_due_is_reminded_weekly_not_daily(user):
    wants_reminders(user, "21:00")
    CheckinPlan.objects.create(user=user, phq9=True, gad7=False)
    for day in range(1, 9):
        JournalDayFactory(user=user, date=dt.date(2026, 12, day))
    sent = [sent_at(f"2026-12-0{day}T21:00") for day in range(1, 9)]
    assert sent == [1, 0, 0, 0, 0, 0, 0, 1]


def test_the_daily_message_and_a_due_questionnaire_come_in_one_email(user):
    wants_reminders(user, "21:00")
    CheckinPlan.objects.create(user=user, phq9=False, gad7=True)
    assert sent_at("2026-12-01T21:00") == 1
    [message] = mail.outbox
    assert "today's entry" in message.body
    assert "GAD-7" in message.body


@pytest.mark.parametrize("people", [5, 40])
def test_the_pass_costs_a_constant_number_of_queries(people, django_assert_num_queries):
    for _ in range(people):
        wants_reminders(UserFactory(), "21:00")
    # profiles, already reminded, with browsers, logged days, check-in plans, claim insert, claimed ids,
    # browsers of the claimed, delivery insert, sent update, retries
    with django_assert_num_queries(11):
        report = services.send_due(utc("2026-12-01T21:00"))
    assert report.sent == people


def test_a_pass_that_saw_the_same_people_due_as_another_sends_nothing_twice(user, other_user):
    """The race two senders run: both read who is due before either has claimed anything."""
    wants_reminders(user, "21:00")
    wants_reminders(other_user, "21:00")
    now = utc("2026-12-01T21:00")
    seen_by_second = queries.due_reminders(now)
    assert services.send_due(now).sent == 2
    with mock.patch("reminders.queries.due_reminders", return_value=seen_by_second):
        report = services.send_due(now)
    assert (report.due, report.claimed, report.sent) == (2, 0, 0)
    assert len(mail.outbox) == 2


def test_none_once_the_person_has_asked_to_delete_their_account(user, other_user):
    """Closing the account is instant; deleting it waits for a background task. No reminder in between."""
    from home.services import close_account

    wants_reminders(user, "21:00")
    wants_reminders(other_user, "21:00")
    close_account(user)
    assert sent_at("2026-12-01T21:00") == 1
    assert [m.to for m in mail.outbox] == [[other_user.email]]


def test_a_retry_is_dropped_once_the_account_is_closed(user):
    from home.services import close_account
    from reminders.models import Delivery

    wants_reminders(user, "21:00")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        assert services.send_due(utc("2026-12-01T21:00")).failed == 1
    close_account(user)
    assert services.send_due(utc("2026-12-01T21:05")).retried == 0
    assert mail.outbox == [] and Delivery.objects.get().status == "failed"


def test_a_retry_is_dropped_once_the_day_has_been_logged(user):
    from reminders.models import Delivery

    wants_reminders(user, "21:00")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        assert services.send_due(utc("2026-12-01T21:00")).failed == 1
    JournalDayFactory(user=user, date=dt.date(2026, 12, 1))  # the person logged the day meanwhile
    assert services.send_due(utc("2026-12-01T21:05")).retried == 0
    assert mail.outbox == [] and Delivery.objects.get().status == "failed"
