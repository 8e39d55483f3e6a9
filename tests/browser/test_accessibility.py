"""Every page, as people meet it: an axe-core sweep, no sideways scroll on a phone, big enough tap targets.

axe-core is vendored under tests/browser/vendor/axe-core/ (pinned, see its README) and injected with
page.evaluate, which a Content-Security-Policy does not block. The sweep runs each page signed in (with a month
of realistic journal, so Insights draws its charts and findings) and signed out, at phone and desktop size, in the
light and the dark colour scheme. It fails on violations of impact "serious" or "critical" and prints every
violation of any impact, so the minor ones can be read in the test output (pytest -s) and listed in notes.
"""

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from journal.models import Meal
from tests.browser.conftest import DESKTOP, PHONE
from tests.experiments.factories import ExperimentFactory
from tests.factories import FoodFactory, MealFactory, MealItemFactory, ProfileFactory, UserFactory
from tests.insights.journal_builder import build_journal, published_card

pytestmark = pytest.mark.django_db(transaction=True)

AXE_VERSION = "4.14.1"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
FAILING_IMPACTS = {"serious", "critical"}
JOURNAL_DAYS = 30
SIZES = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = ("light", "dark")

SIGNED_IN_PAGES = {
    "home": "/",
    "today": "/today/",
    "past-day": "/day/{past}/",
    "history": "/history/",
    "insights": "/insights/",
    "insights-pairs": "/insights/pairs/",
    "your-data": "/data/",
    "profile": "/accounts/profile/",
    "password-change": "/accounts/password_change/",
    "password-change-done": "/accounts/password_change/done/",
    "delete-account": "/accounts/delete/",
    "new-food": "/foods/new/",
    "checkins": "/checkins/",
    "checkins-phq9": "/checkins/phq9/",
    "checkins-gad7": "/checkins/gad7/",
    "checkins-result": "/checkins/result/{result}/",
    "checkins-result-safety": "/checkins/result/{safety_result}/",
    "checkins-delete": "/checkins/result/{result}/delete/",
    "experiments": "/experiments/",
    "experiment-new": "/experiments/new/",
    "experiment-running": "/experiments/{running}/",
    "experiment-result": "/experiments/{finished}/",
    "report": "/report/",
}
SIGNED_OUT_PAGES = {
    "welcome": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password_reset/",
    "password-reset-done": "/accounts/password_reset/done/",
    "password-reset-confirm": "/accounts/reset/{uid}/{token}/",
    "password-reset-complete": "/accounts/reset/done/",
}

# WCAG 2.5.8-style rule, made stricter for phones: a tap target passes when it is at least 44 px in one
# dimension and at least 24 px (WCAG 2.5.8's minimum) in the other. Exempt, as WCAG exempts them: links inside
# a sentence (their line height is set by the text) and targets hidden from view (visually-hidden inputs whose
# <label> is the real target; the skip link until it is focused). A checkbox or radio is measured together with
# its label, since tapping the label ticks it.
TAP_TARGETS_JS = """() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && style.visibility !== "hidden" && style.display !== "none"
      && !el.closest("[hidden], template, .visually-hidden, .visually-hidden-focusable");
  };
  const inSentence = (el) => {
    if (el.tagName !== "A" || el.classList.contains("btn")) return false;
    const own = el.textContent.trim().length;
    const around = el.parentElement.textContent.trim().length;
    return around > own + 1;
  };
  const box = (el) => {
    let r = el.getBoundingClientRect();
    if (el.matches("input[type=checkbox], input[type=radio]") && el.labels && el.labels.length) {
      const l = el.labels[0].getBoundingClientRect();
      const left = Math.min(r.left, l.left), top = Math.min(r.top, l.top);
      r = { width: Math.max(r.right, l.right) - left, height: Math.max(r.bottom, l.bottom) - top };
    }
    return r;
  };
  const describe = (el) => {
    const text = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "").trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${text}"`;
  };
  const small = [];
  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]");
  for (const el of targets) {
    if (el.tagName === "LABEL") {
      const input = document.getElementById(el.htmlFor);
      if (!input || !input.matches("input[type=checkbox], input[type=radio]")) continue;
      if (visible(input)) continue;  // measured with its input
    }
    if (!visible(el) || inSentence(el)) continue;
    const r = box(el);
    const big = Math.max(r.width, r.height), other = Math.min(r.width, r.height);
    if (big < 44 || other < 24) small.push(`${describe(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return small;
}"""


@pytest.fixture
def journal_user(db):
    """A month of journal: check-ins and day fields from the insights builder, three meals a day on top."""
    published_card("test-sleep-card", "sleep_hours", "always")
    user = UserFactory(username="ada")
    ProfileFactory(user=user, display_name="Ada")
    start = dt.date.today() - dt.timedelta(days=JOURNAL_DAYS)
    days = build_journal(user, JOURNAL_DAYS, start=start, stool_type=4)
    foods = [
        FoodFactory(name="Rolled oats", fiber_g="4.0"),
        FoodFactory(name="Kefir", fiber_g="0.0", is_probiotic=True),
        FoodFactory(name="Lentil soup", fiber_g="7.5"),
        FoodFactory(name="Apple", fiber_g="4.4"),
    ]
    rng = random.Random(3)
    for day in days:
        for meal_type in (Meal.MealType.BREAKFAST, Meal.MealType.LUNCH, Meal.MealType.DINNER):
            meal = MealFactory(day=day, meal_type=meal_type)
            MealItemFactory(meal=meal, food=rng.choice(foods), servings=Decimal(rng.choice(["1", "1.5", "2"])))
    today = dt.date.today()
    ExperimentFactory(user=user, change="one probiotic food a day", start=today - dt.timedelta(days=16))
    ExperimentFactory(user=user, change="in bed by 23:00", factor="sleep_hours", start=today - dt.timedelta(days=1))
    return user


def _signed_in_urls(user) -> dict[str, str]:
    past = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    results = _checkin_results(user)
    finished, running = user.experiments.order_by("start").values_list("pk", flat=True)
    ids = {"finished": finished, "running": running, **results}
    return {name: path.format(past=past, **ids) for name, path in SIGNED_IN_PAGES.items()}


def _checkin_results(user) -> dict[str, int]:
    """A PHQ-9 of last week and one with item 9 above zero (its help message still pending on home), a plan."""
    from checkins.models import CheckinPlan, ScreenerResult

    CheckinPlan.objects.get_or_create(user=user)
    today = dt.date.today()
    result, _ = ScreenerResult.objects.get_or_create(
        user=user,
        instrument="phq9",
        taken_on=today - dt.timedelta(days=8),
        defaults={"answers": [1] * 8 + [0], "score": 8},
    )
    safety, _ = ScreenerResult.objects.get_or_create(
        user=user,
        instrument="phq9",
        taken_on=today - dt.timedelta(days=1),
        defaults={"answers": [2] * 8 + [1], "score": 17, "safety_pending": True},
    )
    return {"result": result.pk, "safety_result": safety.pk}


def _signed_out_urls(user) -> dict[str, str]:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return {name: path.format(uid=uid, token=token) for name, path in SIGNED_OUT_PAGES.items()}


def _axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def _describe(name: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:6])
        lines.append(f"{name}: [{v['impact']}] {v['id']} ({len(v['nodes'])}x): {v['help']} -> {targets}")
    return lines


def _sweep(page, base: str, urls: dict[str, str], label: str, screenshot) -> list[str]:
    """Visits each page, runs axe, saves a screenshot; returns the serious and critical violations."""
    failing = []
    for name, path in urls.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        violations = _axe(page)
        for line in _describe(f"{label} {name}", violations):
            print("AXE", line)
        failing += _describe(f"{label} {name}", [v for v in violations if v["impact"] in FAILING_IMPACTS])
        screenshot(page, f"a11y-{name}-{label}")
    return failing


def _sign_in(login, user) -> None:
    page = login(user)
    assert page.locator("form[action='/accounts/logout/']").count() == 1, "the log-in did not work"


def _prepare(page, size: str, scheme: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.emulate_media(color_scheme=scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
def test_signed_in_pages_have_no_serious_axe_violations(
    live_server, page, login, journal_user, screenshot, size, scheme
):
    _prepare(page, size, scheme)
    _sign_in(login, journal_user)
    failing = _sweep(page, live_server.url, _signed_in_urls(journal_user), f"{size}-{scheme}", screenshot)
    assert failing == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
def test_signed_out_pages_have_no_serious_axe_violations(live_server, page, screenshot, size, scheme):
    user = UserFactory(username="bo")
    _prepare(page, size, scheme)
    failing = _sweep(page, live_server.url, _signed_out_urls(user), f"{size}-{scheme}-out", screenshot)
    assert failing == []


def _every_page(page, live_server, login, user):
    """Yields (name) after loading each page, signed out first, then signed in."""
    for name, path in _signed_out_urls(user).items():
        page.goto(live_server.url + path)
        yield f"out {name}"
    _sign_in(login, user)
    for name, path in _signed_in_urls(user).items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        yield name


def test_no_page_scrolls_sideways_on_a_phone(live_server, page, login, journal_user):
    page.set_viewport_size(PHONE)
    wide = {}
    for name in _every_page(page, live_server, login, journal_user):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
    assert wide == {}


@pytest.mark.parametrize("size", SIZES)
def test_every_tap_target_is_big_enough(live_server, page, login, journal_user, size):
    page.set_viewport_size(SIZES[size])
    small = {}
    for name in _every_page(page, live_server, login, journal_user):
        found = page.evaluate(TAP_TARGETS_JS)
        if found:
            small[name] = found
    for name, found in small.items():
        print("SMALL", size, name, found)
    assert small == {}


DAY_FORM_JS = """() => {
  const form = document.querySelector("[data-day-form]");
  const fields = [...form.querySelectorAll("input:not([type=hidden]), select, textarea")];
  const scale = (name) => [...form.querySelectorAll(`input[name='${name}']:not([value=''])`)]
    .map((input) => input.labels[0].innerText.replace(/\\s+/g, " ").trim());
  return {
    numbers: [...form.querySelectorAll("input[type=number]")].map((i) => [i.name, i.inputMode]),
    firstFields: [...new Set(fields.map((f) => f.name.replace(/^(checkins|meals)-\\d+-/, "")))].slice(0, 3),
    order: fields.map((f) => f.name),
    stress: scale("stress"),
    scales: [...form.querySelectorAll("fieldset.scale")].map((fs) => [
      fs.querySelector("legend").innerText,
      [...fs.querySelectorAll(".scale-btn")].every((l) => l.querySelector(".scale-label").innerText.trim().length > 1),
    ]),
  };
}"""


@pytest.fixture
def day_form(live_server, page, login):
    login(UserFactory(username="cy"))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/today/")
    return page.evaluate(DAY_FORM_JS)


def test_every_number_on_the_day_page_brings_up_a_numeric_keyboard(day_form):
    assert len(day_form["numbers"]) >= 8
    assert [name for name, mode in day_form["numbers"] if mode not in ("numeric", "decimal")] == []


def test_the_stress_scale_spells_out_calm_to_overwhelmed(day_form):
    assert day_form["stress"] == ["1 Calm", "2 A little", "3 Some", "4 High", "5 Overwhelmed"]


def test_every_rating_scale_is_a_row_of_buttons_with_words(day_form):
    legends = [legend for legend, _ in day_form["scales"]]
    assert {"Mood", "Anxiety", "Energy", "Stress", "Bloating"} <= set(legends)
    assert [legend for legend, worded in day_form["scales"] if not worded] == []


def test_mood_comes_first_then_meals_then_sleep_and_stress(day_form):
    order = day_form["order"]
    assert day_form["firstFields"] == ["mood", "anxiety", "energy"]
    assert order.index("meals-0-meal_type") < order.index("sleep_hours") < order.index("stress")
    assert order.index("stress") < order.index("bloating") < order.index("notes")


def _interactive_states(page, base: str, login, user):
    """Yields a name after bringing each page into a state a plain visit does not show."""
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "not-the-password")
    page.click("main button[type=submit]")
    yield "login-refused"
    page.goto(base + "/accounts/signup/")
    page.fill("input[name=username]", "new person")
    page.click("main button[type=submit]")
    yield "signup-errors"
    _sign_in(login, user)
    page.goto(base + "/today/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#main-nav.show")
    yield "menu-open"
    page.wait_for_selector("form.foods-ready")
    page.locator("#food-search").fill("o")
    page.wait_for_selector("#food-results .food-chip")
    yield "picker-results"
    page.fill("input[name=sleep_hours]", "30")
    page.click(".save-bar button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() >= 1
    yield "day-errors"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_error_messages_open_menus_and_food_suggestions_have_no_serious_axe_violations(
    live_server, page, login, screenshot, scheme
):
    user = UserFactory(username="dee")
    FoodFactory(name="Oat bran", fiber_g="5.0")
    _prepare(page, "phone", scheme)
    failing = []
    for name in _interactive_states(page, live_server.url, login, user):
        violations = _axe(page)
        for line in _describe(f"phone-{scheme} {name}", violations):
            print("AXE", line)
        failing += _describe(name, [v for v in violations if v["impact"] in FAILING_IMPACTS])
        screenshot(page, f"a11y-{name}-phone-{scheme}")
    assert failing == []


def test_the_checks_catch_a_planted_fault(live_server, page):
    """The sweep is only worth something if it can fail: an image without alt text, a tiny button, a wide box."""
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate("""() => {
      const main = document.querySelector("main");
      main.insertAdjacentHTML("beforeend", '<img src="/static/icons/icon.svg"><button>x</button><div>wide</div>');
      Object.assign(main.querySelector("button:last-of-type").style, {height: "20px", width: "20px", padding: "0"});
      main.lastElementChild.style.width = "600px";  // set through the DOM: a CSP may refuse style attributes
    }""")

    serious = [v["id"] for v in _axe(page) if v["impact"] in FAILING_IMPACTS]
    assert "image-alt" in serious
    small = page.evaluate(TAP_TARGETS_JS)
    assert any(target.startswith('button "x"') for target in small), small
    assert page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]


def _guidance_admin_urls(card) -> dict[str, str]:
    """The guidance editor's admin pages (issue 19), for a card with two versions."""
    from django.urls import reverse
    from reversion.models import Version

    latest = Version.objects.get_for_object(card).first()
    return {
        "admin-index": reverse("admin:index"),
        "guidance-list": reverse("admin:insights_guidance_changelist"),
        "guidance-list-review-due": reverse("admin:insights_guidance_changelist") + "?review=due",
        "guidance-change": reverse("admin:insights_guidance_change", args=[card.pk]),
        "guidance-history": reverse("admin:insights_guidance_history", args=[card.pk]),
        "guidance-diff": reverse("admin:insights_guidance_diff", args=[card.pk, latest.pk]),
        "guidance-review": reverse("admin:insights_guidance_review"),
        "foods": reverse("admin:journal_food_changelist"),
    }


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
def test_guidance_editor_admin_pages_have_no_serious_axe_violations(live_server, page, login, screenshot, size, scheme):
    import reversion

    from tests.browser.test_guidance_editor import first_version_card, make_editor

    editor = make_editor()
    card = first_version_card()
    with reversion.create_revision():
        card.body = "Second words."
        card.save()
    _prepare(page, size, scheme)
    login(editor)
    failing: list[str] = []

    def check(name: str) -> None:
        # The load event, not network idle: the admin pages draw no charts, and idle can take long on a busy machine.
        page.wait_for_load_state("load")
        violations = _axe(page)
        for line in _describe(f"{size}-{scheme} {name}", violations):
            print("AXE", line)
        failing.extend(_describe(name, [v for v in violations if v["impact"] in FAILING_IMPACTS]))
        screenshot(page, f"a11y-{name}-{size}-{scheme}")

    for name, path in _guidance_admin_urls(card).items():
        page.goto(live_server.url + path)
        check(name)
    page.goto(live_server.url + _guidance_admin_urls(card)["guidance-change"])
    page.get_by_role("button", name="Preview against sample journals").click()
    check("guidance-preview")
    assert failing == []
