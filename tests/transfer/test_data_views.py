import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.constants import DAILY_COLUMNS
from journal.models import JournalDay, Meal, MoodCheckIn
from tests.factories import FoodFactory, JournalDayFactory, MoodCheckInFactory, ProfileFactory
from tests.transfer.conftest import SAMPLES

pytestmark = pytest.mark.django_db

HEADER = ",".join(DAILY_COLUMNS)
DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def daily_upload(*rows: str, name="days.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode(), content_type="text/csv")


def blank_row(date: str, mood: str = "") -> str:
    return f"{date},{mood}" + "," * (len(DAILY_COLUMNS) - 2)


def preview(client, upload, file_format="auto", replace=False):
    data = {"file": upload, "format": file_format}
    if replace:
        data["replace"] = "on"
    return client.post(reverse("import_preview"), data)


def confirm_data(response, **extra) -> dict:
    form = response.context["form"]
    data = {"payload": form["payload"].value(), "format": form["format"].value()}
    if form["replace"].value():
        data["replace"] = "True"
    return {**data, **extra}


@pytest.mark.parametrize(
    "name", ["your_data", "export_csv", "export_json", "import_preview", "import_confirm", "import_done"]
)
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_your_data_page_offers_exports_and_an_import_form(client_a):
    response = client_a.get(reverse("your_data"))
    assert response.status_code == 200
    for name in ("export_csv", "export_json", "export_fhir", "report"):
        assert f'href="{reverse(name)}"'.encode() in response.content, name
    assert b'enctype="multipart/form-data"' in response.content
    assert b"<script>" not in response.content


def test_csv_export_downloads_only_my_days(client_a, user, other_user):
    JournalDayFactory(user=user, date=dt.date(2024, 1, 1))
    JournalDayFactory(user=other_user, date=dt.date(2024, 1, 2))
    response = client_a.get(reverse("export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="gut-mood-journal-alice-')
    assert response["Content-Disposition"].endswith('.csv"')
    body = response.content.decode()
    assert "2024-01-01" in body and "2024-01-02" not in body


def test_json_export_downloads_a_backup(client_a, user):
    JournalDayFactory(user=user, date=dt.date(2024, 1, 1))
    response = client_a.get(reverse("export_json"))
    assert response["Content-Disposition"].endswith('.json"')
    assert json.loads(response.content)["format"] == "gut-mood-journal"


@pytest.mark.parametrize("days", [1, 30])
def test_export_query_count_does_not_grow_with_days(client_a, user, django_assert_max_num_queries, days):
    ProfileFactory(user=user)
    for n in range(days):
        MoodCheckInFactory(day=JournalDayFactory(user=user, date=dt.date(2024, 1, 1) + dt.timedelta(days=n)))
    with django_assert_max_num_queries(8):
        response = client_a.get(reverse("export_csv"))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f"2024-01-{n + 1:02d}," in body for n in range(days))  # every day exported, not an error page


def test_preview_shows_counts_and_writes_nothing(client_a, user, counts):
    JournalDayFactory(user=user, date=dt.date(2024, 1, 1))
    before = counts()
    response = preview(client_a, daily_upload(blank_row("2024-01-01", "3"), blank_row("2024-01-02", "4")))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.days_created, summary.checkins, summary.skipped_dates) == (1, 1, [dt.date(2024, 1, 1)])
    assert counts() == before


def test_confirm_imports_and_shows_a_summary(client_a, user):
    response = preview(client_a, daily_upload(blank_row("2024-01-02", "4")))
    response = client_a.post(reverse("import_confirm"), confirm_data(response))
    assert response.status_code == 302
    assert response["Location"] == reverse("import_done")
    assert MoodCheckIn.objects.get(day__user=user).mood == 4
    done = client_a.get(response["Location"])
    assert done.context["summary"]["days_created"] == 1
    assert b"1 new day added" in done.content
    assert client_a.get(reverse("import_done")).status_code == 302  # shown once


def test_replace_travels_from_upload_to_confirm(client_a, user):
    JournalDayFactory(user=user, date=dt.date(2024, 1, 2), stress=5)
    response = preview(client_a, daily_upload(blank_row("2024-01-02", "4")), replace=True)
    assert response.context["summary"].days_replaced == 1
    client_a.post(reverse("import_confirm"), confirm_data(response))
    assert JournalDay.objects.get(user=user).stress is None


def test_a_bad_file_shows_its_errors_and_writes_nothing(client_a, counts):
    before = counts()
    response = preview(client_a, daily_upload(blank_row("2024-01-02", "7")))
    assert response.status_code == 400
    assert response.context["import_errors"] == ['Row 1, column "mood": 7 is outside 1–5']
    assert "7 is outside 1–5" in response.content.decode()
    assert counts() == before


def test_a_non_utf8_file_is_refused_without_a_server_error(client_a):
    response = preview(client_a, SimpleUploadedFile("x.csv", b"\xff\xfe\x00garbage"))
    assert response.status_code == 400
    assert "not UTF-8" in response.context["import_errors"][0]


def test_a_file_over_the_limit_is_refused_with_a_clear_message(client_a, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = preview(client_a, daily_upload(*[blank_row(f"2024-01-{d:02d}", "3") for d in range(1, 10)]))
    assert response.status_code == 400
    assert "files up to 100\xa0bytes can be imported" in response.content.decode()


def test_a_file_too_large_to_carry_to_the_confirm_step_is_sent_to_the_command_line(client_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 + 50
    response = preview(client_a, daily_upload(blank_row("2024-01-02", "4")))
    assert response.status_code == 400
    assert "import it with `manage.py import_journal`" in response.context["import_errors"][0]


def test_a_tampered_payload_is_refused(client_a, counts):
    response = preview(client_a, daily_upload(blank_row("2024-01-02", "4")))
    data = confirm_data(response)
    data["payload"] = data["payload"][:-2] + "xx"
    before = counts()
    response = client_a.post(reverse("import_confirm"), data, follow=True)
    assert b"expired or was changed" in response.content
    assert counts() == before


def test_another_users_payload_cannot_be_replayed(client_a, client, other_user, counts):
    response = preview(client_a, daily_upload(blank_row("2024-01-02", "4")))
    client.force_login(other_user)
    before = counts()
    client.post(reverse("import_confirm"), confirm_data(response))
    assert counts() == before


def test_daylio_custom_moods_are_scored_in_the_preview(client_a, user):
    upload = SimpleUploadedFile("daylio.csv", (SAMPLES / "daylio-csv-parser_sample.csv").read_bytes())
    response = preview(client_a, upload, "daylio")
    assert response.context["moods"] == ["sad", "average"]
    assert response.context["summary"].checkins == 3
    missing = client_a.post(reverse("import_confirm"), confirm_data(response, mood_0="2"))
    assert missing.status_code == 400
    assert not MoodCheckIn.objects.exists()
    client_a.post(reverse("import_confirm"), confirm_data(response, mood_0="2", mood_1="3"))
    assert sorted(MoodCheckIn.objects.values_list("mood", flat=True)) == [2, 3, 3]


def test_daylio_food_activities_are_added_only_when_confirmed(client_a, user):
    FoodFactory(name="Yogurt")
    body = (DAYLIO_HEADER + '2024-03-01,1 March,Friday,4:00 pm,good,"yogurt | walk","",""\n').encode()
    response = preview(client_a, SimpleUploadedFile("d.csv", body))
    assert response.context["food_matches"] == [("Yogurt", 1)]
    client_a.post(reverse("import_confirm"), confirm_data(response))
    assert not Meal.objects.exists()
    response = preview(client_a, SimpleUploadedFile("d.csv", body), replace=True)
    client_a.post(reverse("import_confirm"), confirm_data(response, add_foods="on"))
    assert Meal.objects.get().items.get().food.name == "Yogurt"


def test_auto_detects_a_json_backup(client_a, user):
    backup = {"format": "gut-mood-journal", "version": 1, "days": [{"date": "2024-01-05", "stress": 2}]}
    response = preview(client_a, SimpleUploadedFile("backup.json", json.dumps(backup).encode()))
    assert response.context["file_format"] == "json"
    assert response.context["summary"].days_created == 1


def test_import_needs_post(client_a):
    assert client_a.get(reverse("import_preview")).status_code == 405
    assert client_a.get(reverse("import_confirm")).status_code == 405


def test_a_daylio_backup_goes_from_preview_to_confirm_and_a_second_time_changes_nothing(client_a, user, counts):
    data = (SAMPLES.parent / "daylio-backup" / "guekka_official_english_v15.daylio").read_bytes()
    response = preview(client_a, SimpleUploadedFile("mine.daylio", data))
    assert response.status_code == 200  # the zip is binary: it used to fail turning it into the signed payload
    assert response.context["summary"].checkins == 5
    assert client_a.post(reverse("import_confirm"), confirm_data(response)).status_code == 302
    assert MoodCheckIn.objects.filter(day__user=user).count() == 5
    trackers = user.trackers.count()
    before = counts()
    response = preview(client_a, SimpleUploadedFile("mine.daylio", data))
    client_a.post(reverse("import_confirm"), confirm_data(response))
    assert counts() == before and user.trackers.count() == trackers
