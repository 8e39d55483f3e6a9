"""Installable app: the manifest, the icons, the service worker and the offline page."""

import json
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse

ICONS = Path(settings.BASE_DIR) / "static" / "icons"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def manifest(client) -> dict:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def test_manifest_has_what_browsers_need_to_install_the_app(manifest):
    assert manifest["name"] == "Gut–Mood Journal"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/today/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#2f6f5e"
    assert manifest["background_color"]


def test_manifest_lists_png_icons_at_192_and_512_plus_maskable_and_svg(manifest):
    icons = {(icon["sizes"], icon["type"], icon["purpose"]) for icon in manifest["icons"]}
    assert ("192x192", "image/png", "any") in icons
    assert ("512x512", "image/png", "any") in icons
    assert ("512x512", "image/png", "maskable") in icons
    assert ("any", "image/svg+xml", "any") in icons


def test_manifest_icons_exist_at_the_sizes_they_claim(manifest):
    for icon in manifest["icons"]:
        path = ICONS / Path(icon["src"]).name
        assert path.exists(), icon["src"]
        if icon["type"] == "image/png":
            width, height = icon["sizes"].split("x")
            assert png_size(path) == (int(width), int(height))


def test_maskable_icons_are_opaque_so_launchers_can_crop_them():
    # Colour type 2 is RGB without alpha: a maskable icon must fill its whole square.
    for name in ("icon-maskable-192.png", "icon-maskable-512.png", "apple-touch-icon.png"):
        assert (ICONS / name).read_bytes()[25] == 2, name


def test_apple_touch_icon_is_180_pixels():
    assert png_size(ICONS / "apple-touch-icon.png") == (180, 180)


def test_manifest_rejects_post(client):
    assert client.post("/manifest.webmanifest").status_code == 405


@pytest.fixture
def service_worker(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response


def test_service_worker_is_served_as_javascript_from_the_root(service_worker):
    assert service_worker["Content-Type"].startswith("application/javascript")
    assert service_worker["Service-Worker-Allowed"] == "/"
    assert "no-cache" in service_worker["Cache-Control"]


def sw_settings(response) -> dict:
    first_line = response.content.decode().splitlines()[0]
    assert first_line.startswith("const SW_SETTINGS = ")
    return json.loads(first_line.removeprefix("const SW_SETTINGS = ").rstrip(";"))


def test_service_worker_caches_the_shell_and_the_offline_page(service_worker):
    shell = sw_settings(service_worker)["shell"]
    assert "/offline/" in shell
    assert "/static/css/app.css" in shell
    assert "/static/vendor/bootstrap/bootstrap.min.css" in shell
    assert "/static/icons/icon-192.png" in shell


def test_service_worker_shell_holds_no_page_with_journal_data(service_worker):
    shell = sw_settings(service_worker)["shell"]
    assert [url for url in shell if not url.startswith("/static/")] == ["/offline/"]


def test_service_worker_code_is_the_static_file(service_worker):
    source = (Path(settings.BASE_DIR) / "static" / "js" / "sw.js").read_text()
    assert service_worker.content.decode().endswith(source)
    assert 'request.method !== "GET"' in source


def test_service_worker_version_changes_with_its_code(client, settings, tmp_path):
    before = sw_settings(client.get("/sw.js"))["version"]
    changed = tmp_path / "js"
    changed.mkdir()
    original = (Path(settings.BASE_DIR) / "static" / "js" / "sw.js").read_text()
    (changed / "sw.js").write_text(original + "\n// a new release\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        after = sw_settings(client.get("/sw.js"))["version"]
    finally:
        finders.get_finder.cache_clear()
    assert after != before


@pytest.mark.django_db
def test_offline_page_is_public_and_says_what_happens_to_entries(client):
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "safe on the server" in page
    assert "will not be kept" in page


@pytest.mark.django_db
def test_offline_page_carries_nothing_about_the_signed_in_person(client_a, user):
    page = client_a.get(reverse("offline")).content.decode()
    assert user.username not in page
    assert "csrfmiddlewaretoken" not in page
    assert reverse("logout") not in page


@pytest.mark.django_db
def test_offline_page_does_not_use_up_a_pending_message(client_a, rf):
    # The worker fetches /offline/ in the background; a "Saved" waiting for the next page must survive it.
    storage = CookieStorage(rf.get("/"))
    client_a.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Saved your day.")])
    client_a.get(reverse("offline"))
    assert "Saved your day." in client_a.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_every_page_links_the_manifest_icon_and_service_worker(client):
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in page
    assert '<meta name="theme-color" content="#2f6f5e">' in page
    assert 'src="/static/js/sw-register.js" data-service-worker="/sw.js"' in page


def test_in_production_the_shell_lists_the_hashed_static_names(client, settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    shell = sw_settings(client.get("/sw.js"))["shell"]
    app_css = next(url for url in shell if url.startswith("/static/css/app."))
    assert app_css != "/static/css/app.css"
    assert (tmp_path / app_css.removeprefix("/static/")).exists()
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    assert all((tmp_path / icon["src"].removeprefix("/static/")).exists() for icon in icons)
