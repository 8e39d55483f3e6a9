import pytest

from transfer.services import guess_format


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("backup.json", b"{}", "json"),
        ("backup.txt", b'  {"format": "gut-mood-journal"}', "json"),
        ("Daylio_export.csv", b"\xef\xbb\xbffull_date,date,weekday,time,mood", "daylio"),
        ("days.csv", b"date,mood,anxiety", "csv"),
    ],
)
def test_the_format_is_guessed_from_name_and_first_characters(name, data, expected):
    assert guess_format(name, data) == expected
