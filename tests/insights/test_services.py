import datetime as dt
from decimal import Decimal

import pytest

from insights import pages, queries
from journal.models import JournalDay
from journal.services import journal_changed
from tests.factories import JournalDayFactory
from tests.insights.journal_builder import build_journal, published_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyse_calls(monkeypatch):
    """Counts runs of the analysis while still running the real one."""
    calls = []
    real = queries.analyse_arrays

    def spy(journal, *variables):
        calls.append(len(journal.logged))
        return real(journal, *variables)

    monkeypatch.setattr(queries, "analyse_arrays", spy)
    return calls


def test_a_second_request_does_not_rerun_the_analysis(user, analyse_calls):
    build_journal(user, 30)

    first = queries.insights_for(user)
    second = queries.insights_for(user)

    assert analyse_calls == [30]
    assert second["contract"] == first["contract"]


def test_saving_a_day_shows_at_once(user, analyse_calls):
    build_journal(user, 30)
    queries.insights_for(user)

    JournalDayFactory(user=user, date=dt.date(2026, 1, 1), stress=3)
    contract = queries.insights_for(user)["contract"]

    assert contract["days_logged"] == 31
    assert len(analyse_calls) == 2


def test_a_bulk_change_shows_once_journal_changed_is_called(user, analyse_calls):
    build_journal(user, 30)
    queries.insights_for(user)

    JournalDay.objects.filter(user=user).update(stress=5)
    journal_changed(user)
    weekly = queries.insights_for(user)["contract"]["weekly"]

    assert all(week["stress"] == 5 for week in weekly)


def test_deleting_a_day_shows_at_once(user):
    days = build_journal(user, 30)
    queries.insights_for(user)

    days[-1].delete()

    assert queries.insights_for(user)["contract"]["days_logged"] == 29


def test_a_guidance_edit_shows_at_once(user):
    build_journal(user, 30)
    item = published_card()
    queries.insights_for(user)

    item.title = "A freshly edited title"
    item.save()

    titles = [card["title"] for card in queries.insights_for(user)["contract"]["guidance"]]
    assert "A freshly edited title" in titles


def test_unpublishing_guidance_hides_its_card(user):
    build_journal(user, 30)
    item = published_card()
    queries.insights_for(user)

    item.published = False
    item.save()

    slugs = [card["slug"] for card in queries.insights_for(user)["contract"]["guidance"]]
    assert item.slug not in slugs


def test_one_users_change_leaves_anothers_cache_alone(user, other_user, analyse_calls):
    build_journal(user, 25)
    build_journal(other_user, 25)
    queries.insights_for(user)
    queries.insights_for(other_user)

    JournalDayFactory(user=other_user, date=dt.date(2026, 1, 1))
    queries.insights_for(user)

    assert len(analyse_calls) == 2


def test_the_page_body_is_rendered_once_per_version(user, monkeypatch):
    build_journal(user, 30)
    renders = []
    real = pages.render_to_string
    monkeypatch.setattr(pages, "render_to_string", lambda *a, **k: renders.append(a[0]) or real(*a, **k))

    first = pages.page_body(user, "12")
    second = pages.page_body(user, "12")
    pages.page_body(user, "all")

    assert first == second
    assert len(renders) == 2


def test_a_red_flag_puts_the_doctor_card_first(user):
    build_journal(user, 30, start=dt.date.today() - dt.timedelta(days=29))
    JournalDay.objects.filter(user=user).order_by("-date").update(severe_pain=True)
    journal_changed(user)

    cards = queries.insights_for(user)["cards"]

    assert cards[0].is_doctor


def test_weekly_series_are_rounded_numbers(user):
    JournalDayFactory(user=user, date=dt.date(2025, 3, 3), fiber_g=Decimal("10.0"))
    JournalDayFactory(user=user, date=dt.date(2025, 3, 4), fiber_g=Decimal("12.5"))

    weekly = pages.weekly_series(queries.insights_for(user)["contract"]["weekly"])

    assert weekly["weeks"] == ["2025-03-03"]
    assert weekly["fiber_g"] == [11.25]
    assert weekly["days_logged"] == [2]


def test_an_entry_written_by_an_older_server_is_made_again_not_unpickled(user, analyse_calls):
    """After an upgrade the cache may hold an Insights of another shape, under the same journal version."""
    from django.core.cache import cache
    from django.utils import timezone

    from insights.services import cache_version, insights_key, language

    build_journal(user, 30)
    today = timezone.localdate()
    cache.set(insights_key(user.pk, language()), (cache_version(user, today), b"not an Insights of this shape"))

    insights = queries.insights_for(user, today)

    assert len(analyse_calls) == 1 and insights.report.days_logged == 30


def _guidance_reads(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return sum('"insights_guidance"' in query["sql"] for query in captured.captured_queries)


def test_the_published_cards_are_read_again_only_after_guidance_changes(user):
    days = build_journal(user, 30)
    item = published_card()
    assert _guidance_reads(lambda: queries.insights_for(user)) == 1

    days[-1].save()  # the journal changed: the analysis runs again, the cards it may show did not
    assert _guidance_reads(lambda: queries.insights_for(user)) == 0

    item.delete()
    assert _guidance_reads(lambda: queries.insights_for(user)) == 1
    assert item.slug not in [card["slug"] for card in queries.insights_for(user)["contract"]["guidance"]]
