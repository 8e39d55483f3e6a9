"""The guidance card partial, seen through the admin preview at phone and desktop size."""

from decimal import Decimal

import pytest
from django.urls import reverse

from insights.models import Guidance
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory


def card(**fields) -> Guidance:
    base = {
        "body": "Sleep experts recommend **7 hours or more** a night.\n\n- a regular wake time\n- daylight early on",
        "source_citation": "Watson NF et al. Recommended amount of sleep for a healthy adult. Sleep 2015;38(6):843–4.",
        "source_url": "https://doi.org/10.5665/sleep.4716",
        "published": True,
    }
    return Guidance.objects.create(**{**base, **fields})


@pytest.mark.django_db(transaction=True)
def test_guidance_cards_preview_at_phone_and_desktop(live_server, page, login, screenshot, console_errors):
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the site ships no favicon yet
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    sleep = card(
        title="Sleep",
        slug="sleep-card",
        factor="sleep_hours",
        rule="mean_below",
        threshold=Decimal("7"),
        figure_label="Your sleep",
        unit="h a night",
        reference="adults do best on 7–9 h.",
    )
    doctor = card(title="Worth talking to a doctor", slug="doctor-card", factor="doctor", rule="doctor")
    login(UserFactory._meta.model.objects.get(username="editor"))
    for item, name in ((sleep, "guidance-card"), (doctor, "guidance-card-doctor")):
        page.goto(live_server.url + reverse("admin:insights_guidance_preview", args=[item.pk]))
        assert page.get_by_role("heading", name=item.title).is_visible()
        assert page.get_by_role("link", name="Watson NF").first.get_attribute("target") == "_blank"
        for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page.set_viewport_size(size)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"{name}-{label}")
    assert page.locator("[role=status].guidance-card-doctor").count() == 1
    page.goto(live_server.url + reverse("admin:insights_guidance_preview", args=[sleep.pk]))
    folded = page.get_by_text("a regular wake time")
    assert not folded.is_visible()
    page.get_by_text("More on this").click()
    assert folded.is_visible()
    assert console_errors == []
