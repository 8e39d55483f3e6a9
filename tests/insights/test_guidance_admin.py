"""The guidance admin: list, list editing, preview, who edited, staff only, and edits reaching the cache."""

import pytest
from django.test import Client
from django.urls import reverse

from insights.models import Guidance
from insights.services import guidance_version
from tests.factories import JournalDayFactory, MoodCheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:insights_guidance_changelist")
ADD = reverse("admin:insights_guidance_add")


@pytest.fixture
def staff():
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, staff) -> Client:
    client.force_login(staff)
    return client


def form_data(**overrides) -> dict[str, str]:
    data = {
        "title": "Walk after meals",
        "slug": "walk-after-meals",
        "body": "A short walk is *pleasant*.",
        "published": "on",
        "order": "85",
        "factor": "exercise_minutes",
        "rule": "mean_below",
        "threshold": "20",
        "window": "7",
        "figure": "mean",
        "figure_label": "Your exercise",
        "unit": "min a day",
        "decimals": "0",
        "reference": "",
        "source_citation": "Bull FC et al. Br J Sports Med 2020;54:1451–62.",
        "source_url": "https://doi.org/10.1136/bjsports-2020-102955",
    }
    return {**data, **overrides}


def add_items(count: int) -> None:
    Guidance.objects.bulk_create(
        Guidance(
            title=f"Extra {i}",
            slug=f"extra-{i}",
            body="b",
            source_citation="c",
            source_url="https://doi.org/10.1/x",
            updated_by=UserFactory(),
        )
        for i in range(count)
    )


def test_changelist_lists_the_seeded_guidance_for_staff(admin_client):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "How your gut and brain signal each other" in response.content.decode()


def test_changelist_query_count_does_not_grow_with_the_items(admin_client, django_assert_num_queries):
    assert admin_client.get(CHANGELIST).status_code == 200  # warm the session (cached), the time zone and content types
    # 3 queries and the savepoint django-reversion's revision opens around the list (list editing saves there);
    # the admin comes from the cache.
    with django_assert_num_queries(5):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "How your gut and brain signal each other" in response.content.decode()
    add_items(30)
    with django_assert_num_queries(5):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Extra 29" in response.content.decode()


def test_changelist_filters_and_searches(admin_client):
    response = admin_client.get(CHANGELIST, {"rule__exact": "doctor"})
    assert "Worth talking to a doctor" in response.content.decode()
    assert "How your gut and brain" not in response.content.decode()
    response = admin_client.get(CHANGELIST, {"q": "Suez"})
    assert "After a course of antibiotics" in response.content.decode()
    assert "Worth talking to a doctor" not in response.content.decode()


def list_edit(client: Client, item: Guidance, published: bool, order: int):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(item.pk),
        "form-0-order": str(order),
        "_save": "Save",
    }
    if published:
        data["form-0-published"] = "on"
    return client.post(CHANGELIST, data)


def test_list_editing_saves_published_and_order_and_records_the_editor(admin_client, staff):
    item = Guidance.objects.get(slug="sleep")
    response = list_edit(admin_client, item, published=False, order=3)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.published, item.order, item.updated_by) == (False, 3, staff)


def test_list_editing_changes_the_guidance_version(admin_client):
    before = guidance_version()
    list_edit(admin_client, Guidance.objects.get(slug="sleep"), published=True, order=4)
    assert guidance_version() != before


def test_adding_an_item_records_who_edited_it(admin_client, staff):
    response = admin_client.post(ADD, form_data())
    assert response.status_code == 302
    item = Guidance.objects.get(slug="walk-after-meals")
    assert item.updated_by == staff
    assert item.updated_at is not None


def test_a_mean_rule_without_threshold_is_refused_and_nothing_is_written(admin_client):
    count = Guidance.objects.count()
    response = admin_client.post(ADD, form_data(threshold=""))
    assert response.status_code == 200
    assert "needs a threshold" in response.content.decode()
    assert Guidance.objects.count() == count


def test_an_admin_edit_changes_the_guidance_version(admin_client):
    item = Guidance.objects.get(slug="sleep")
    before = guidance_version()
    url = reverse("admin:insights_guidance_change", args=[item.pk])
    response = admin_client.post(url, form_data(slug="sleep", title="Sleep, revised"))
    assert response.status_code == 302
    assert guidance_version() != before


def test_change_form_shows_a_sanitised_preview_of_the_card(admin_client):
    item = Guidance.objects.get(slug="sleep")
    item.body = "Rest <script>alert(1)</script> **well**"
    item.save()
    response = admin_client.get(reverse("admin:insights_guidance_change", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>well</strong>" in html
    assert "<script>alert(1)" not in html  # the textarea shows it escaped, the preview drops it
    assert "Example: Your sleep over the last 7 logged days: 7.0 h a night" in html
    assert reverse("admin:insights_guidance_preview", args=[item.pk]) in html


def test_preview_page_shows_the_card_as_people_see_it(admin_client):
    item = Guidance.objects.get(slug="talk-to-a-doctor")
    response = admin_client.get(reverse("admin:insights_guidance_preview", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="status"' in html
    assert 'href="https://www.nice.org.uk/guidance/cg61"' in html
    assert "Source:" in html


def test_preview_of_a_missing_item_is_404(admin_client):
    response = admin_client.get(reverse("admin:insights_guidance_preview", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["changelist", "preview"])
def test_non_staff_are_refused(client_a, url_name):
    args = [Guidance.objects.first().pk] if url_name == "preview" else []
    response = client_a.get(reverse(f"admin:insights_guidance_{url_name}", args=args))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_non_staff_cannot_list_edit(client_a):
    item = Guidance.objects.get(slug="sleep")
    list_edit(client_a, item, published=False, order=1)
    item.refresh_from_db()
    assert item.published is True


def test_an_admin_edit_shows_on_the_insights_page_at_once(admin_client, user):
    day = JournalDayFactory(user=user)
    MoodCheckInFactory(day=day)
    reader = Client()
    reader.force_login(user)
    assert "How your gut and brain signal each other" in reader.get(reverse("insights")).content.decode()
    item = Guidance.objects.get(slug="gut-brain-axis")
    url = reverse("admin:insights_guidance_change", args=[item.pk])
    data = form_data(
        slug=item.slug, title="Gut and brain, revised", factor="general", rule="always", threshold="", order="10"
    )
    assert admin_client.post(url, data).status_code == 302
    assert "Gut and brain, revised" in reader.get(reverse("insights")).content.decode()


CRLF_BODY = "A short walk helps.\r\n\r\nMore:\r\n- ten minutes\r\n- after lunch"


def test_a_body_saved_from_a_browser_keeps_its_fold(admin_client):
    """Browsers send CRLF line breaks; the card folds at the first blank line all the same."""
    assert admin_client.post(ADD, form_data(body=CRLF_BODY)).status_code == 302
    item = Guidance.objects.get(slug="walk-after-meals")
    assert "\r" not in item.body
    lead, rest = item.body_parts()
    assert "short walk" in lead and "ten minutes" not in lead
    assert "ten minutes" in rest


def test_a_body_with_crlf_already_stored_still_folds():
    Guidance.objects.create(**{**form_data(), "published": True, "threshold": 20, "body": "x"})
    Guidance.objects.filter(slug="walk-after-meals").update(body=CRLF_BODY)  # as older saves left it
    lead, rest = Guidance.objects.get(slug="walk-after-meals").body_parts()
    assert "ten minutes" not in lead
    assert "ten minutes" in rest


def test_saving_in_code_normalises_line_endings_too():
    item = Guidance(**{**form_data(), "published": True, "threshold": 20, "body": "a\rb\r\n\r\nc"})
    item.save()
    item.refresh_from_db()
    assert item.body == "a\nb\n\nc"
