"""The day page's script writes words and numbers that come from the page, so they follow its language."""

import pytest

from tests.factories import FoodFactory


@pytest.mark.django_db(transaction=True)
def test_picker_words_come_from_the_translated_page(live_server, page, login, user, console_errors):
    login(user)
    page.goto(f"{live_server.url}/today/")
    form = page.locator("[data-day-form]")
    form.evaluate("f => { f.dataset.textNoMatch = 'Geen voedsel gevonden.'; }")
    page.locator("[data-meal] [data-picker-input]").first.fill("qqqqzz")
    assert page.locator(".picker-hint").first.inner_text() == "Geen voedsel gevonden."
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_picker_figures_use_the_page_languages_decimal_comma(live_server, page, login, user, settings):
    settings.LANGUAGES = [("en", "English"), ("de", "Deutsch")]
    FoodFactory(name="Rolled oats", fiber_g="2.5")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "de", "url": live_server.url}])
    login(user)
    page.goto(f"{live_server.url}/today/")
    assert page.evaluate("() => document.documentElement.lang") == "de"
    page.locator("[data-meal] [data-picker-input]").first.fill("rolled")
    assert "2,5" in page.locator(".food-chip", has_text="Rolled oats").first.inner_text()
