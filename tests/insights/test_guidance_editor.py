"""The guidance editor's tools (issue 19): versions and revert, the unsaved preview against sample
journals, reach, the review flag, evidence ids, unsafe Markdown and the editor role."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from insights.models import Guidance
from insights.queries import reach_counts
from insights.validators import validate_evidence_id, validate_safe_markdown
from tests.factories import JournalDayFactory, MoodCheckInFactory, UserFactory
from tests.insights.test_guidance_admin import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:insights_guidance_changelist")
ADD = reverse("admin:insights_guidance_add")


@pytest.fixture
def editor():
    user = UserFactory(username="eda", is_staff=True)
    user.groups.add(Group.objects.get(name="Guidance editors"))
    return user


@pytest.fixture
def editor_client(client, editor) -> Client:
    client.force_login(editor)
    return client


def change_url(item: Guidance) -> str:
    return reverse("admin:insights_guidance_change", args=[item.pk])


def add_card(client: Client, **overrides) -> Guidance:
    assert client.post(ADD, form_data(**overrides)).status_code == 302
    return Guidance.objects.get(slug=overrides.get("slug", "walk-after-meals"))


# Versions and revert.


def test_every_admin_save_keeps_a_version_with_who_and_the_text(editor_client, editor):
    item = add_card(editor_client, body="First text.")
    editor_client.post(change_url(item), form_data(body="Second text."))
    versions = Version.objects.get_for_object(item).order_by("pk")
    assert [v.field_dict["body"] for v in versions] == ["First text.", "Second text."]
    assert {v.revision.user for v in versions} == {editor}


def test_history_lists_the_versions_with_the_fields_they_changed(editor_client):
    item = add_card(editor_client, body="First text.")
    editor_client.post(change_url(item), form_data(body="Second text.", unit="minutes"))
    html = editor_client.get(reverse("admin:insights_guidance_history", args=[item.pk])).content.decode()
    assert "2 versions kept" in html
    assert "body, unit" in html
    assert html.count("Revert to this version") == 1  # not on the current version


def test_the_diff_shows_removed_and_added_lines(editor_client):
    item = add_card(editor_client, body="Walk a little.\nEvery day.")
    editor_client.post(change_url(item), form_data(body="Walk a lot.\nEvery day."))
    latest = Version.objects.get_for_object(item).first()
    html = editor_client.get(reverse("admin:insights_guidance_diff", args=[item.pk, latest.pk])).content.decode()
    assert "Removed: </span>Walk a little." in html
    assert "Added: </span>Walk a lot." in html
    assert "Every day." in html


def test_reverting_restores_the_old_text_as_a_new_logged_version(editor_client, editor):
    item = add_card(editor_client, body="First text.")
    editor_client.post(change_url(item), form_data(body="Second text."))
    first = Version.objects.get_for_object(item).order_by("pk").first()
    response = editor_client.post(reverse("admin:insights_guidance_revert", args=[item.pk, first.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.body == "First text."
    assert item.updated_by == editor
    assert Version.objects.get_for_object(item).count() == 3
    entry = LogEntry.objects.filter(object_id=str(item.pk), action_flag=CHANGE).latest("action_time")
    assert entry.user == editor
    assert entry.get_change_message().startswith("Reverted to the version saved on")


def test_revert_refuses_get(editor_client):
    item = add_card(editor_client)
    version = Version.objects.get_for_object(item).first()
    response = editor_client.get(reverse("admin:insights_guidance_revert", args=[item.pk, version.pk]))
    assert response.status_code == 405


def test_a_version_that_fails_todays_checks_is_not_put_back(editor_client):
    item = add_card(editor_client, body="Good text.")
    editor_client.post(change_url(item), form_data(body="Better text."))
    first = Version.objects.get_for_object(item).order_by("pk").first()
    first.serialized_data = first.serialized_data.replace("Good text.", "[x](javascript:alert(1))")
    first.save()
    editor_client.post(reverse("admin:insights_guidance_revert", args=[item.pk, first.pk]))
    item.refresh_from_db()
    assert item.body == "Better text."


# Preview of the unsaved card against the sample journals.


def preview(client: Client, item: Guidance | None = None, **overrides):
    url = change_url(item) if item else ADD
    return client.post(url, {**form_data(**overrides), "_preview": "Preview"})


def test_preview_runs_the_unsaved_text_against_the_sample_journals_without_writing_or_reading_journals(
    editor_client, django_assert_max_num_queries
):
    item = Guidance.objects.get(slug="sleep")
    editor_client.get(change_url(item))  # the first request of a session makes the editor's profile
    before = (item.body, Version.objects.count(), LogEntry.objects.count())
    data = {"slug": "sleep", "factor": "sleep_hours", "threshold": "7", "figure_label": "Your sleep"}
    data |= {"unit": "h a night", "decimals": "1", "body": "Unsaved words about **sleep**.", "published": ""}
    with (
        mock.patch("insights.frame.load_frame", side_effect=AssertionError("a journal was read")),
        CaptureQueriesContext(connection) as queries,
    ):
        response = preview(editor_client, item, **data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unsaved words about <strong>sleep</strong>." in html
    short_sleep = html.split('data-sample="short-sleep"')[1].split("</li>")[0]
    assert "Shows" in short_sleep and "Beside the “Sleep” chart" in short_sleep
    assert "Your sleep over the last 7 logged days: 5.8 h a night" in short_sleep
    low_fiber = html.split('data-sample="low-fiber"')[1].split("</li>")[0]
    assert "Does not show" in low_fiber
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "journal_journalday" not in sql and "journal_moodcheckin" not in sql
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    item.refresh_from_db()
    assert (item.body, Version.objects.count(), LogEntry.objects.count()) == before


def test_preview_of_a_new_card_says_where_a_doctor_card_goes(editor_client):
    response = preview(editor_client, factor="doctor", rule="doctor", threshold="", slug="new-doctor-card")
    html = response.content.decode()
    red_flag = html.split('data-sample="red-flag"')[1].split("</li>")[0]
    assert "At the top of Insights" in red_flag
    assert "should be checked by a doctor soon" in red_flag
    assert not Guidance.objects.filter(slug="new-doctor-card").exists()


def test_preview_with_errors_shows_them_and_no_samples(editor_client):
    html = preview(editor_client, threshold="").content.decode()
    assert "needs a threshold" in html
    assert "Correct the errors above to see the preview." in html


# Reach, counted from cached results.


def test_reach_counts_people_whose_cached_insights_show_the_card_once_each(editor_client, user, other_user):
    card = Guidance.objects.get(slug="gut-brain-axis")  # rule "always": shows for anyone with a journal
    for person in (user, other_user):
        MoodCheckInFactory(day=JournalDayFactory(user=person))
        reader = Client()
        reader.force_login(person)
        reader.get(reverse("insights"))
        reader.get(reverse("insights") + "?range=12")  # the same cached result: counted once
    assert reach_counts([card.slug]) == {card.slug: 2}
    row = editor_client.get(CHANGELIST).content.decode().split(f"{card.title}</a>")[1].split("</tr>")[0]
    assert "2 people" in row


def test_a_recomputed_result_moves_the_count_instead_of_adding_to_it(user):
    from insights.queries import insights_for

    MoodCheckInFactory(day=JournalDayFactory(user=user))
    insights_for(user)
    MoodCheckInFactory(day=JournalDayFactory(user=user, date=timezone.localdate() - timedelta(days=1)))
    insights_for(user)  # the journal changed: a new result, the same person
    assert reach_counts(["gut-brain-axis"]) == {"gut-brain-axis": 1}


def test_reach_starts_again_after_a_guidance_edit(user):
    from insights.queries import insights_for

    MoodCheckInFactory(day=JournalDayFactory(user=user))
    insights_for(user)
    Guidance.objects.get(slug="sleep").save()  # every cached result is retired
    assert reach_counts(["gut-brain-axis"]) == {"gut-brain-axis": 0}


# Evidence kept fresh.


def test_cards_not_reviewed_for_twelve_months_are_flagged_in_the_list_and_on_the_review_page(editor_client):
    today = timezone.localdate()
    Guidance.objects.update(last_reviewed=today)
    Guidance.objects.filter(slug="sleep").update(last_reviewed=today - timedelta(days=400))
    Guidance.objects.filter(slug="fiber").update(last_reviewed=today - timedelta(days=300))
    html = editor_client.get(CHANGELIST, {"review": "due"}).content.decode()
    assert "Sleep" in html and "Review due" in html
    rows = html.split('id="result_list"')[1]
    assert "Sleep</a>" in rows and "Fiber</a>" not in rows
    review = editor_client.get(reverse("admin:insights_guidance_review")).content.decode()
    assert "1 is due an evidence review" in review
    assert reverse("admin:insights_guidance_change", args=[Guidance.objects.get(slug="sleep").pk]) in review


def test_the_admin_index_links_the_review_page(editor_client):
    assert reverse("admin:insights_guidance_review") in editor_client.get(reverse("admin:index")).content.decode()


def test_marking_cards_reviewed_records_today_the_reviewer_a_version_and_a_log_entry(editor_client, editor):
    editor.first_name, editor.last_name = "Eda", "Editor"
    editor.save()
    item = Guidance.objects.get(slug="sleep")
    data = {"action": "mark_reviewed", "_selected_action": [str(item.pk)], "index": "0"}
    assert editor_client.post(CHANGELIST, data).status_code == 302
    item.refresh_from_db()
    assert (item.last_reviewed, item.reviewer) == (timezone.localdate(), "Eda Editor")
    assert Version.objects.get_for_object(item).count() == 1
    assert LogEntry.objects.filter(object_id=str(item.pk), user=editor).exists()


def test_the_evidence_summary_is_shown_to_people_under_the_card(client_a, user):
    Guidance.objects.filter(slug="gut-brain-axis").update(evidence_summary="Based on a review of 10 trials.")
    MoodCheckInFactory(day=JournalDayFactory(user=user))
    assert "Based on a review of 10 trials." in client_a.get(reverse("insights")).content.decode()


@pytest.mark.parametrize("value", ["10.1136/bmj-2023-077310", "10.1016/S0140-6736(18)31809-9", "31460832"])
def test_dois_and_pubmed_ids_pass(value):
    validate_evidence_id(value)


@pytest.mark.parametrize("value", ["10.12/x", "11.1136/bmj", "10.1136/", "PMID 123", "doi.org", "1234567890"])
def test_malformed_evidence_ids_are_refused(value):
    with pytest.raises(ValidationError):
        validate_evidence_id(value)


def test_the_form_takes_a_doi_link_or_a_pmid_label_and_keeps_the_bare_id(editor_client):
    item = add_card(editor_client, evidence_id="https://doi.org/10.1136/bjsports-2020-102955")
    assert item.evidence_id == "10.1136/bjsports-2020-102955"
    editor_client.post(change_url(item), form_data(evidence_id="PMID: 33239350"))
    item.refresh_from_db()
    assert item.evidence_id == "33239350"


def test_an_invalid_doi_is_refused_and_nothing_is_written(editor_client):
    item = Guidance.objects.get(slug="sleep")
    response = editor_client.post(change_url(item), form_data(slug="sleep", evidence_id="10.12/short"))
    assert response.status_code == 200
    assert "neither a DOI" in response.content.decode()
    assert Guidance.objects.get(slug="sleep").evidence_id == "10.5665/sleep.4716"


# Unsafe Markdown.


@pytest.mark.parametrize(
    "body",
    [
        "Hi <script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click]( JaVaScRiPt:alert(1))",
        '<a href="java&#115;cript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<img src="x" onerror="alert(1)">',
    ],
)
def test_scripts_and_unsafe_links_are_refused(body):
    with pytest.raises(ValidationError):
        validate_safe_markdown(body)


def test_plain_markdown_with_web_and_mail_links_passes():
    validate_safe_markdown("**Sleep** well: [NHS](https://www.nhs.uk), [mail](mailto:a@b.org), [here](#top).")


def test_the_form_refuses_a_javascript_link_and_changes_nothing(editor_client):
    item = Guidance.objects.get(slug="sleep")
    body = item.body
    response = editor_client.post(change_url(item), form_data(slug="sleep", body="[x](javascript:alert(1))"))
    assert "links may only be http, https or mailto" in response.content.decode()
    item.refresh_from_db()
    assert item.body == body


def test_a_threshold_outside_the_columns_range_is_refused(editor_client):
    response = editor_client.post(ADD, form_data(factor="sleep_hours", threshold="30"))
    assert "must lie within 0–24" in response.content.decode()
    assert not Guidance.objects.filter(slug="walk-after-meals").exists()


# The editor role.


def test_the_editor_group_holds_guidance_and_food_permissions_only():
    codenames = set(Group.objects.get(name="Guidance editors").permissions.values_list("codename", flat=True))
    assert codenames == {f"{a}_{m}" for a in ("add", "change", "delete", "view") for m in ("guidance", "food")}


@pytest.mark.parametrize("url_name", ["admin:insights_guidance_changelist", "admin:journal_food_changelist"])
def test_an_editor_can_open_guidance_and_foods(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


def test_an_editor_can_add_a_food(editor_client):
    data = {"name": "Pickled radish (test)", "serving": "100 g", "fiber_g": "2.4", "source": ""}
    response = editor_client.post(reverse("admin:journal_food_add"), data)
    assert response.status_code == 302, response.context["errors"]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:accounts_profile_changelist",
        "admin:journal_journalday_changelist",
    ],
)
def test_an_editor_gets_403_on_accounts_and_journals(editor_client, url_name):
    from django.urls import NoReverseMatch

    try:
        url = reverse(url_name)
    except NoReverseMatch:  # unregistered from the admin altogether (issue 18): nothing to reach
        return
    assert editor_client.get(url).status_code == 403
