"""Signed-in pages and exports are never kept by the browser or a proxy; public pages are left alone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PRIVATE = "private, no-store"


@pytest.mark.parametrize(
    "url",
    ["/", "/day/2024-01-01/", "/history/", "/insights/", "/insights/data.json", "/data/", "/accounts/profile/"],
)
def test_a_signed_in_page_is_private_and_not_stored(client_a, url):
    response = client_a.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("name", ["export_csv", "export_json"])
def test_an_export_is_private_and_not_stored(client_a, name):
    response = client_a.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_a_signed_in_redirect_is_private_too(client_a):
    response = client_a.get(reverse("import_done"))
    assert response.status_code == 302
    assert response["Cache-Control"] == PRIVATE


def test_the_public_home_page_is_left_cacheable(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
def test_public_pages_keep_the_caching_their_views_chose(client, path):
    response = client.get(path)
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_what_holds_nothing_personal_stays_cacheable_when_signed_in(client_a):
    """The food catalogue and the day page's blank forms are the same for everyone: their views mark them
    public, and a signed-in request does not turn that into no-store (the day page itself still is)."""
    from journal.pages import TEMPLATES_VERSION
    from journal.services import catalogue_version

    foods = client_a.get(reverse("foods_json"), {"v": catalogue_version()})
    forms = client_a.get(reverse("day_templates"), {"v": TEMPLATES_VERSION})
    assert foods["Cache-Control"] == "public, max-age=31536000, immutable"
    assert forms["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client_a.get("/day/2024-01-01/")["Cache-Control"] == PRIVATE
