"""Internationalisation: every word a person reads is marked for translation, and pages survive another language.

The template check reads each template with Django's own Lexer, drops everything a translator already sees
({% translate %}, {% blocktranslate %}…{% endblocktranslate %}), comments and variables, then parses what is left
as HTML: any word left in visible text or in a readable attribute (aria-label, placeholder, title, alt…) was
written in English and never marked.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.urls import reverse

from tests.factories import JournalDayFactory, MoodCheckInFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TEMPLATE_FILES = sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt", ".webmanifest"})
READABLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "data-busy-text", "label"}
SKIPPED_ELEMENTS = {"script", "style"}
# Words that are the same in every language: units and format names shown as-is.
NOT_TRANSLATABLE = {"CSV", "JSON", "YYYY", "MM", "DD"}
WORD = re.compile(r"[^\W\d_]{2,}")
OPENS_UNTRANSLATED = {"blocktranslate", "blocktrans", "comment"}
CLOSES_UNTRANSLATED = {"endblocktranslate", "endblocktrans", "endcomment"}


def template_text(source: str) -> str:
    """The template with every tag, variable, comment and translated block replaced by a space."""
    kept: list[str] = []
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            depth += name in OPENS_UNTRANSLATED
            depth -= name in CLOSES_UNTRANSLATED
        kept.append(token.contents if token.token_type == TokenType.TEXT and not depth else " ")
    return "".join(kept)


class ReadableText(HTMLParser):
    """Collects the text a person would read or hear: text nodes and readable attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self.skipping.append(tag)
        kind = dict(attrs).get("type")
        for name, value in attrs:
            if value and (name in READABLE_ATTRIBUTES or (name == "value" and kind in {"submit", "button"})):
                self.found.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.found.append(data)


def untranslated_words(source: str) -> list[str]:
    parser = ReadableText()
    parser.feed(template_text(source))
    parser.close()
    words = (WORD.findall(text) for text in parser.found)
    return [word for found in words for word in found if word not in NOT_TRANSLATABLE]


def test_the_checker_flags_plain_english_text():
    assert untranslated_words("<p>Saved</p>") == ["Saved"]


def test_the_checker_flags_plain_english_in_readable_attributes():
    assert untranslated_words('<input placeholder="Search foods"><a aria-label="Close" href="/">×</a>') == [
        "Search",
        "foods",
        "Close",
    ]


def test_the_checker_accepts_marked_text_markup_and_comments():
    source = (
        '{% load i18n %}{# a note #}{% comment %}Why this is so.{% endcomment %}<div class="card mb-3" data-x>'
        '<p>{% translate "Saved" %}</p><script src="/static/js/app.js"></script>'
        "{% blocktranslate count n=days %}{{ n }} day{% plural %}{{ n }} days{% endblocktranslate %}</div>"
    )
    assert untranslated_words(source) == []


def test_template_files_were_found():
    names = {p.name for p in TEMPLATE_FILES}
    assert {"base.html", "home.html", "day.html", "offline.html"} <= names


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_word_in_templates_is_marked_for_translation(path):
    assert untranslated_words(path.read_text(encoding="utf-8")) == []


def test_locale_settings_are_ready_for_catalogues():
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
    assert settings.USE_I18N
    assert Path(settings.LOCALE_PATHS[0]) == Path(settings.BASE_DIR) / "locale"
    assert "en" in dict(settings.LANGUAGES)


MAIN_PAGES = ["home", "today", "history", "insights", "your_data", "profile", "password_change"]


@pytest.fixture
def dutch_and_german(settings):
    """Offer two languages this project has no catalogue for (Django itself has them)."""
    settings.LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch")]


@pytest.mark.django_db
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_main_pages_render_in_a_language_without_a_catalogue(client_a, user, dutch_and_german, name):
    day = JournalDayFactory(user=user)
    MoodCheckInFactory(day=day)
    response = client_a.get(reverse(name), follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "login", "signup", "password_reset", "offline"])
def test_public_pages_render_in_a_language_without_a_catalogue(client, dutch_and_german, name):
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()


@pytest.mark.django_db
def test_dates_follow_the_visitors_language(client_a, dutch_and_german):
    response = client_a.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")
    weekdays = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    assert any(day in response.content.decode() for day in weekdays)


@pytest.mark.django_db
def test_english_is_the_fallback_for_a_language_not_offered(client_a):
    response = client_a.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en">' in response.content.decode()


def test_the_time_zone_group_of_other_zones_is_translated():
    from django.utils.functional import Promise

    from accounts.forms import time_zone_choices

    label = time_zone_choices()[-1][0]
    assert isinstance(label, Promise)
    assert str(label) == "Other"


def test_daily_csv_import_errors_are_made_from_translatable_words(monkeypatch):
    """A day mean keeps two decimals (PRODUCT 3.2); a third is refused in the person's language."""
    import datetime as dt

    from transfer import daily_csv
    from transfer.formats import ImportRejected

    monkeypatch.setattr(daily_csv, "_", lambda message: message + " [nl]")
    header = ",".join(daily_csv.DAILY_COLUMNS)
    cells = ["2024-03-01", "3.555"] + [""] * (len(daily_csv.DAILY_COLUMNS) - 2)
    assert daily_csv.DAILY_COLUMNS[1] == "mood"
    with pytest.raises(ImportRejected) as rejected:
        daily_csv.parse_csv(f"{header}\n{','.join(cells)}\n".encode(), dt.date(2024, 3, 2))
    assert rejected.value.lines() == ['Row 1, column "mood": 3.555 has more than 2 decimal place(s) [nl]']


def test_import_error_lines_are_built_from_translatable_templates(monkeypatch):
    from transfer import formats as transfer

    monkeypatch.setattr(transfer, "_", lambda message: "«" + message + "»")
    assert str(transfer.RowError(2, "mood", "too high")) == '«Row 2, column "mood": too high»'
    assert str(transfer.RowError(None, "mood", "too high")) == '«Column "mood": too high»'
