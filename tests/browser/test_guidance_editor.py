"""A guidance editor's round: edit a card, preview the unsaved text against the sample journals,
publish, see it on a person's Insights, revert to the first version and see the old text back."""

import datetime as dt
import importlib

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.browser.conftest import DESKTOP
from tests.factories import PASSWORD, UserFactory
from tests.insights.journal_builder import build_journal, published_card

pytestmark = pytest.mark.django_db(transaction=True)

OLD = "Old words: a short walk after meals helps."
NEW = "New words: a ten-minute walk after each meal."


def editor_group() -> Group:
    """Transactional tests empty the tables, the group the migration made among them: make it again."""
    importlib.import_module("insights.migrations.0005_guidance_editors_group").make_group(apps, None)
    return Group.objects.get(name="Guidance editors")


def make_editor():
    editor = UserFactory(username="eda", is_staff=True)
    editor.groups.add(editor_group())
    return editor


def first_version_card():
    with reversion.create_revision():
        card = published_card("walk-after-meals", "general", "always", title="Walk after meals", body=OLD)
        reversion.set_comment("First version.")
    return card


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_an_editor_previews_publishes_and_reverts_a_card(live_server, page, browser, screenshot, console_errors):
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    make_editor()
    card = first_version_card()
    person = UserFactory(username="pia")
    build_journal(person, 30, start=dt.date.today() - dt.timedelta(days=30))
    reader_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    reader = reader_context.new_page()
    sign_in(reader, live_server.url, "pia")

    def insights_text() -> str:
        reader.goto(f"{live_server.url}/insights/")
        return reader.locator("#guidance-walk-after-meals").inner_text()

    assert OLD in insights_text()

    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "eda")
    page.goto(live_server.url + reverse("admin:insights_guidance_change", args=[card.pk]))
    page.fill("textarea[name=body]", NEW)
    page.get_by_role("button", name="Preview against sample journals").click()
    page.wait_for_load_state()
    preview = page.locator("#sample-preview")
    for sample in ("low-fiber", "short-sleep"):
        result = preview.locator(f"[data-sample={sample}]")
        assert "Shows" in result.inner_text()
        assert NEW in result.locator(".guidance-card").inner_text()
    assert page.locator("textarea[name=body]").input_value() == NEW  # the form keeps what was typed
    screenshot(page, "guidance-editor-preview-desktop")
    assert OLD in insights_text()  # previewing saved nothing

    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert NEW in insights_text()

    page.goto(live_server.url + reverse("admin:insights_guidance_history", args=[card.pk]))
    screenshot(page, "guidance-editor-history-desktop")
    page.get_by_role("link", name="Show changes").first.click()
    assert NEW in page.locator("ins").first.inner_text()
    screenshot(page, "guidance-editor-diff-desktop")
    page.go_back()
    page.locator("tr.version-row").last.get_by_role("button", name="Revert to this version").click()
    page.wait_for_load_state()
    assert "Reverted to the version saved on" in page.locator(".messagelist").inner_text()
    assert OLD in insights_text()

    page.goto(live_server.url + reverse("admin:insights_guidance_review"))
    screenshot(page, "guidance-editor-review-desktop")
    assert "Walk after meals" in page.locator("#content-main").inner_text()
    assert console_errors == []
    reader_context.close()
