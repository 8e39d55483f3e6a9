import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from insights import queries
from insights.pages import NOT_CLEAR_SHOWN
from journal.models import JournalDay
from tests.factories import JournalDayFactory, MoodCheckInFactory, ProfileFactory
from tests.insights.journal_builder import build_journal, published_card
from trackers.services import create_tracker, save_day_values

pytestmark = pytest.mark.django_db

PAGE = reverse("insights")
DATA = reverse("insights_data")
PAIRS = reverse("insights_pairs")


@pytest.mark.parametrize("url", [PAGE, DATA, PAIRS])
def test_it_requires_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [PAGE, DATA, PAIRS])
def test_it_rejects_post(client_a, url):
    assert client_a.post(url).status_code == 405


def test_a_new_user_sees_what_unlocks_when(client_a, user):
    for i in range(12):
        JournalDayFactory(user=user, date=dt.date(2025, 3, 3) + dt.timedelta(days=i))

    body = client_a.get(PAGE).content.decode()

    assert "Insights unlock at 21 logged days: 9 to go" in body
    assert "12 logged days" in body
    assert "Your weeks so far" in body
    assert body.count('<tr><th scope="row">2025-03-') == 2  # two weeks, one row each
    assert "<canvas" not in body


def test_a_partial_week_is_marked_in_the_table_and_the_chart_data(client_a, user):
    for i in range(24):  # Monday 3 March: three full weeks, then three days of a fourth
        JournalDayFactory(user=user, date=dt.date(2025, 3, 3) + dt.timedelta(days=i), sleep_hours=7)

    body = client_a.get(PAGE).content.decode()

    assert "<td>3 (partial week)</td>" in body and "<td>7 (partial week)</td>" not in body
    assert "partial weeks, with fewer than 4 days logged" in body
    data = json.loads(re.search(r'id="insights-chart-data" type="application/json">(.*?)</script>', body).group(1))
    assert data["partial"] == [False, False, False, True]


def test_the_chart_data_holds_the_weekly_means_the_tables_show_in_hundredths(client_a, user):
    for i, hours in enumerate([7.1, 6.2, 8, 6.5, 7.3, 9, 6.4] * 4):  # four full weeks from Monday 3 March
        JournalDayFactory(user=user, date=dt.date(2025, 3, 3) + dt.timedelta(days=i), sleep_hours=Decimal(str(hours)))
    JournalDay.objects.filter(user=user, date=dt.date(2025, 3, 12)).update(sleep_hours=None)
    JournalDay.objects.filter(user=user, date__gte=dt.date(2025, 3, 24)).update(sleep_hours=None)  # a blank week

    body = client_a.get(PAGE).content.decode()

    data = json.loads(re.search(r'id="insights-chart-data" type="application/json">(.*?)</script>', body).group(1))
    assert data["scale"] == 100
    # 50.5 hours over 7 nights is 7.214..., shown as 7.21; the second week's 42.5 over 6 logged nights is 7.08.
    assert data["sleep_hours"] == [721, 708, 721, None]
    assert "<td>7.21</td>" in body and "<td>7.08</td>" in body


def test_an_empty_journal_gets_a_friendly_page(client_a):
    response = client_a.get(PAGE)

    assert response.status_code == 200
    assert "Insights unlock at 21 logged days: 21 to go" in response.content.decode()


def test_a_long_journal_shows_five_charts_with_tables(client_a, user):
    build_journal(user, 120)

    body = client_a.get(PAGE).content.decode()

    assert body.count("<canvas") == 5
    assert body.count("Show as table") == 5
    assert 'id="insights-chart-data" type="application/json"' in body
    assert "Insights unlock" not in body


def test_the_page_has_no_inline_script_or_handlers(client_a, user):
    build_journal(user, 60)

    body = client_a.get(PAGE).content.decode()

    scripts = re.findall(r"<script([^>]*)>", body)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert not re.search(r"\son[a-z]+=", body)


def test_a_significant_finding_shows_its_sentence_and_interval(client_a, user):
    build_journal(user, 120)
    significant = [f for f in queries.insights_for(user)["contract"]["findings"] if f["significant"]]
    assert significant

    body = client_a.get(PAGE).content.decode()

    assert significant[0]["summary"] in body
    assert body.count('class="interval-bar"') == len(significant)
    assert "No clear link yet" in body


def test_the_range_switch_limits_the_table_rows(client_a, user):
    build_journal(user, 200)  # 29 weeks

    twelve = client_a.get(PAGE, {"range": "12"}).content.decode()
    everything = client_a.get(PAGE, {"range": "all"}).content.decode()

    assert twelve.count('<tr><th scope="row">2025-') == 5 * 12
    assert everything.count('<tr><th scope="row">2025-') == 5 * 29
    assert re.search(r'value="12"[^>]*aria-pressed="true"', twelve)
    assert re.search(r'value="all"[^>]*aria-pressed="false"', twelve)


def test_an_unknown_range_falls_back_to_the_default(client_a, user):
    build_journal(user, 60)

    response = client_a.get(PAGE, {"range": "<script>"})

    assert response.status_code == 200
    assert "&lt;script&gt;" not in response.content.decode()


def test_another_user_never_sees_my_numbers(client, user, other_user):
    build_journal(user, 60)
    JournalDayFactory(user=other_user, date=dt.date(2025, 3, 3), sleep_hours="4.2")
    client.force_login(other_user)

    data = client.get(DATA).json()
    page = client.get(PAGE).content.decode()

    assert data["days_logged"] == 1
    assert [w["sleep_hours"] for w in data["weekly"]] == [4.2]
    assert "60 logged days" not in page


def test_data_json_is_the_users_contract(client_a, user):
    build_journal(user, 40)

    data = client_a.get(DATA).json()

    assert data == queries.insights_for(user)["contract"]
    assert data["days_logged"] == 40


@pytest.mark.parametrize("days", [10, 60])
def test_the_page_costs_the_same_queries_whatever_the_length(client_a, user, days, django_assert_num_queries):
    ProfileFactory(user=user)
    build_journal(user, days)
    MoodCheckInFactory(day__user=user, day__date=dt.date(2024, 12, 1))

    # The person with the menu's profile name (the first request after signing in; then the cache), the
    # 3 journal queries, the trackers' values, the published guidance and the screener results.
    with django_assert_num_queries(7):
        assert client_a.get(PAGE).status_code == 200


def test_a_warm_page_runs_only_the_request_queries(client_a, user, django_assert_num_queries):
    ProfileFactory(user=user)
    build_journal(user, 60)
    client_a.get(PAGE)

    with django_assert_num_queries(0):  # the session, the person and the page all come from the cache
        assert client_a.get(PAGE).status_code == 200


def test_a_guidance_edit_shows_on_the_page_at_once(client_a, user):
    build_journal(user, 40)
    item = published_card()
    client_a.get(PAGE)

    item.title = "Freshly edited by the admin"
    item.save()

    assert "Freshly edited by the admin" in client_a.get(PAGE).content.decode()


def test_saving_a_day_shows_on_the_page_at_once(client_a, user):
    build_journal(user, 40)
    assert "40 logged days" in client_a.get(PAGE).content.decode()

    JournalDayFactory(user=user, date=dt.date(2026, 1, 1))

    assert "41 logged days" in client_a.get(PAGE).content.decode()


def test_a_red_flag_puts_the_doctor_card_at_the_top(client_a, user):
    today = timezone.localdate()
    build_journal(user, 40, start=today - dt.timedelta(days=40))
    JournalDayFactory(user=user, date=today, blood_in_stool=True)

    body = client_a.get(PAGE).content.decode()

    doctor = body.index("guidance-card-doctor")
    assert doctor < body.index("What goes together in your diary")
    assert body.count("guidance-card-doctor") == 1


def test_the_page_says_it_is_not_medical_advice(client_a, user):
    build_journal(user, 40)

    assert "not medical advice" in client_a.get(PAGE).content.decode()


def test_unclear_links_say_how_many_more_days_would_help(client_a, user):
    build_journal(user, 30, planted=False)
    more = queries.insights_for(user)["contract"]["more_days_needed"]
    assert more

    body = client_a.get(PAGE).content.decode()

    assert f"About {more} more logged days would help." in body
    assert '<details class="not-clear">' in body


def _not_clear_rows(html: str) -> list[str]:
    table = html.split('<table class="table table-sm small not-clear-table">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><th scope="row">(.*?)</th>', table)


def test_without_trackers_every_unclear_pair_is_on_the_page_and_none_is_left_for_another(client_a, user):
    build_journal(user, 60, planted=False)
    unclear = [f for f in client_a.get(DATA).json()["findings"] if not f["significant"]]

    page = client_a.get(PAGE).content.decode()

    assert len(_not_clear_rows(page)) == len(unclear)
    assert PAIRS not in page
    assert len(_not_clear_rows(client_a.get(PAIRS).content.decode())) == len(unclear)


def test_with_many_trackers_the_page_lists_the_nearest_pairs_and_links_to_all(client_a, user):
    """30 trackers make about 1,700 pairs: the page stays light and /insights/pairs/ lists every one."""
    build_journal(user, 40, planted=False)
    trackers = [create_tracker(user, kind="rating", name=f"rating {n}") for n in range(30)]
    for n, day in enumerate(JournalDay.objects.filter(user=user).order_by("date")):
        save_day_values(user, day.date, {t: Decimal((n * (k + 1)) % 4) for k, t in enumerate(trackers)})
    findings = client_a.get(DATA).json()["findings"]
    unclear = [f for f in findings if not f["significant"]]
    assert len(unclear) > NOT_CLEAR_SHOWN

    page = client_a.get(PAGE).content.decode()
    everything = client_a.get(PAIRS).content.decode()

    assert len(_not_clear_rows(page)) == NOT_CLEAR_SHOWN
    assert f'href="{PAIRS}"' in page
    assert f"See all {len(unclear)} pairs without a clear link" in page
    rows = _not_clear_rows(everything)
    assert len(rows) == len(unclear)
    assert rows[:NOT_CLEAR_SHOWN] == _not_clear_rows(page)  # the nearest to clear first, on both
    assert "Rating 29 and" in everything


def test_the_pairs_page_shows_only_my_own_pairs(client, user, other_user):
    build_journal(user, 40)
    create_tracker(user, kind="tag", name="Secret habit")
    build_journal(other_user, 30, seed=3)
    client.force_login(other_user)

    page = client.get(PAIRS).content.decode()

    assert "Secret habit" not in page and "secret habit" not in page
    assert len(_not_clear_rows(page)) == len(
        [f for f in queries.insights_for(other_user)["contract"]["findings"] if not f["significant"]]
    )


@pytest.mark.parametrize("days", [10, 60])
def test_the_pairs_page_costs_the_same_queries_whatever_the_length(client_a, user, days, django_assert_num_queries):
    ProfileFactory(user=user)
    build_journal(user, days)

    with django_assert_num_queries(7):
        assert client_a.get(PAIRS).status_code == 200


def test_a_short_journal_is_told_when_pairs_are_tested(client_a, user):
    build_journal(user, 5)

    page = client_a.get(PAIRS).content.decode()

    assert "Insights test pairs once you have logged at least 21 days; you have logged 5 days so far." in page
