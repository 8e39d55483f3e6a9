import pytest


@pytest.mark.django_db(transaction=True)
def test_healthz_renders_in_chromium(live_server, page):
    page.goto(f"{live_server.url}/healthz")
    assert page.inner_text("body").strip() == "ok"
