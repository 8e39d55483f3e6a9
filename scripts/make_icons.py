"""Render the app icons (PNG) from static/icons/icon.svg with headless Chromium.

Run once after changing the SVG, then commit the PNGs:
    .venv/bin/python scripts/make_icons.py

"any" icons keep the SVG's rounded corners on a transparent background. Maskable icons (and the
apple-touch icon, which iOS rounds itself) fill the whole square with the theme colour and keep the
drawing inside the central 80% safe zone, so a launcher may cut any shape out of them.
"""

import base64
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
THEME = "#2f6f5e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# file name -> (size in pixels, full-bleed background?)
OUTPUTS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-192.png": (192, True),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),
}


def page_html(svg_data_url: str, size: int, full_bleed: bool) -> str:
    drawn = round(size * 0.8) if full_bleed else size
    background = THEME if full_bleed else "transparent"
    return (
        f"<html><body style='margin:0;width:{size}px;height:{size}px;background:{background};"
        f"display:flex;align-items:center;justify-content:center'>"
        f"<img src='{svg_data_url}' width='{drawn}' height='{drawn}'></body></html>"
    )


def main() -> None:
    svg = (ICONS / "icon.svg").read_bytes()
    data_url = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, (size, full_bleed) in OUTPUTS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(data_url, size, full_bleed))
            page.wait_for_load_state("load")
            page.screenshot(path=str(ICONS / name), omit_background=not full_bleed)
            page.close()
            print(f"wrote {name} ({size}x{size})")
        browser.close()


if __name__ == "__main__":
    main()
