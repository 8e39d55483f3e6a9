"""The seeded guidance, body rendering and sanitising, validation, and the guidance version."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string

from insights.guidance import example_card
from insights.models import Guidance, render_markdown
from insights.services import guidance_version

pytestmark = pytest.mark.django_db

ARTICLE_SECTIONS = {
    "gut-brain-axis",
    "microbes-and-mood-research",
    "mediterranean-style-eating",
    "fiber",
    "fermented-foods",
    "probiotic-supplements",
    "stress-and-mindfulness",
    "sleep",
    "exercise",
    "after-antibiotics",
    "hydration",
    "ultra-processed-food",
    "added-sugar",
    "talk-to-a-doctor",
    "bloating-and-tummy-pain",
}
OVERSTATING = re.compile(r"\b(cures?|cured|causes|proven|guarantees?|guaranteed)\b", re.IGNORECASE)


def test_every_article_section_is_seeded_and_published():
    seeded = set(Guidance.objects.filter(published=True).values_list("slug", flat=True))
    assert seeded >= ARTICLE_SECTIONS


def test_every_seeded_item_carries_a_citation_and_a_doi_or_nice_link():
    for item in Guidance.objects.all():
        assert item.source_citation.strip(), item.slug
        assert re.match(r"https://(doi\.org/10\.|www\.nice\.org\.uk/guidance/)", item.source_url), item.slug


def test_no_seeded_text_overstates_the_evidence():
    for item in Guidance.objects.all():
        text = f"{item.title} {item.body} {item.reference}"
        assert not OVERSTATING.search(text), (item.slug, OVERSTATING.search(text))


def test_seeded_text_corrects_the_articles_overstatements():
    bodies = {g.slug: g.body for g in Guidance.objects.all()}
    assert "2019" in bodies["microbes-and-mood-research"]
    assert "does not cross into the brain" in bodies["gut-brain-axis"]
    assert "not established" in bodies["after-antibiotics"]
    assert "Suez" in Guidance.objects.get(slug="after-antibiotics").source_citation


def test_every_seeded_item_passes_its_own_validation():
    for item in Guidance.objects.all():
        item.full_clean()


def test_seeded_mean_rules_use_the_guideline_thresholds():
    thresholds = dict(Guidance.objects.filter(rule__startswith="mean").values_list("slug", "threshold"))
    assert thresholds["fiber"] == Decimal("25")
    assert thresholds["sleep"] == Decimal("7")
    assert thresholds["exercise"] == Decimal("30")
    assert thresholds["stress-and-mindfulness"] == Decimal("3.5")


def test_the_doctor_item_is_seeded_first():
    first = Guidance.objects.filter(published=True).first()
    assert first.rule == Guidance.Rule.DOCTOR


def test_body_rendering_strips_script_and_event_handlers():
    html = render_markdown('Hi <script>alert(1)</script><img src="x" onerror="alert(2)"> <b onclick="x()">b</b>')
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<b>b</b>" in html


def test_body_rendering_drops_javascript_links_and_keeps_https_ones():
    html = render_markdown("[bad](javascript:alert(1)) [good](https://doi.org/10.1/x)")
    assert "javascript:" not in html
    assert '<a href="https://doi.org/10.1/x" rel="noopener noreferrer">good</a>' in html


def test_body_html_is_cached_per_instance_and_follows_edits():
    item = Guidance(body="*one*")
    first = item.body_html()
    assert item.body_html() is first
    item.body = "*two*"
    assert item.body_html() == "<p><em>two</em></p>"


def make(**fields) -> Guidance:
    base = {
        "title": "T",
        "slug": "t",
        "body": "b",
        "source_citation": "c",
        "source_url": "https://doi.org/10.1/x",
        "factor": "fiber_g",
        "rule": "mean_below",
        "threshold": Decimal("25"),
        "window": 7,
    }
    return Guidance(**{**base, **fields})


def test_a_mean_rule_without_threshold_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        make(threshold=None).full_clean()
    assert "needs a threshold" in str(error.value.message_dict["threshold"])


def test_a_mean_rule_without_a_window_is_refused():
    with pytest.raises(ValidationError) as error:
        make(window=0).full_clean()
    assert "window" in error.value.message_dict


def test_a_mean_rule_on_a_general_factor_is_refused():
    with pytest.raises(ValidationError) as error:
        make(factor="general").full_clean()
    assert "factor" in error.value.message_dict


def test_a_threshold_outside_the_columns_range_is_refused():
    with pytest.raises(ValidationError) as error:
        make(factor="stress", threshold=Decimal("6")).full_clean()
    assert "1–5" in str(error.value.message_dict["threshold"])


def test_an_always_rule_needs_no_threshold():
    make(rule="always", threshold=None, factor="general").full_clean()


def test_saving_guidance_changes_the_guidance_version():
    before = guidance_version()
    item = Guidance.objects.get(slug="sleep")
    item.order = 71
    item.save()
    after_save = guidance_version()
    assert after_save != before
    item.delete()
    assert guidance_version() != after_save


def test_the_guidance_version_is_stable_without_changes():
    assert guidance_version() == guidance_version()


@pytest.mark.django_db(transaction=True)
def test_the_seed_migrations_are_reversible():
    executor = MigrationExecutor(connection)
    executor.migrate([("insights", "0001_initial")])
    assert Guidance.objects.count() == 0
    executor.loader.build_graph()
    # Every app's latest state: going back to insights 0001 also unapplied the apps that depend on it
    # (experiments links to guidance), and later tests need their tables.
    executor.migrate(executor.loader.graph.leaf_nodes())
    seeded = set(Guidance.objects.filter(published=True).values_list("slug", flat=True))
    assert seeded == ARTICLE_SECTIONS | {"low-mood-two-weeks"}


def render_card(slug: str) -> str:
    return render_to_string("insights/_guidance_card.html", {"card": example_card(Guidance.objects.get(slug=slug))})


def test_a_card_shows_its_first_paragraph_and_folds_the_rest():
    html = render_card("sleep")
    lead, folded = html.split("<details", 1)
    assert "Sleep experts recommend" in lead
    assert "A regular bedtime" in folded
    assert 'href="https://doi.org/10.5665/sleep.4716"' in html
    assert 'target="_blank"' in html


def test_the_doctor_card_is_marked_and_never_folded():
    html = render_card("talk-to-a-doctor")
    assert 'role="status"' in html
    assert "border-warning" in html
    assert "<details" not in html
    assert "three weeks or more" in html


@pytest.mark.django_db(transaction=True)
def test_reversing_the_seed_migrations_leaves_every_table_in_place():
    executor = MigrationExecutor(connection)
    executor.migrate([("insights", "0001_initial")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    tables = set(connection.introspection.table_names())
    assert {"experiments_experiment", "checkins_screenerresult", "insights_guidance"} <= tables
