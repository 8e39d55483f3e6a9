"""The Django admin keeps the food catalogue; it never shows a person's journal (docs/privacy.md)."""

import pytest

from journal.models import Food
from tests.factories import FoodFactory, UserFactory

JOURNAL_CHANGELISTS = [
    "/admin/journal/journalday/",
    "/admin/journal/moodcheckin/",
    "/admin/journal/meal/",
    "/admin/journal/mealitem/",
    "/admin/experiments/experiment/",
    "/admin/experiments/adherencetick/",
    "/admin/checkins/screenerresult/",
    "/admin/checkins/checkinplan/",
]
# Session, user, profile, the count, the page of rows.
MAX_QUERIES = 6


@pytest.fixture
def staff_client(admin_client):
    """The admin, after a first request: that one also creates their profile, which is not the page's cost."""
    admin_client.get("/admin/")
    return admin_client


@pytest.mark.django_db
@pytest.mark.parametrize("url", JOURNAL_CHANGELISTS)
def test_journal_contents_are_not_in_the_admin_even_for_a_superuser(staff_client, url):
    assert staff_client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_admin_index_lists_no_journal_model(staff_client):
    html = staff_client.get("/admin/").content.decode()
    for url in JOURNAL_CHANGELISTS:
        assert url not in html
    assert "/admin/journal/food/" in html
    assert "/admin/insights/guidance/" in html
    assert "/admin/auth/user/" in html


@pytest.mark.django_db
def test_the_food_list_is_the_catalogue_without_anyones_own_foods(staff_client):
    own = FoodFactory(owner=UserFactory(), name="Zyzzyva family mix")
    changelist = staff_client.get("/admin/journal/food/").context["cl"]
    assert changelist.result_count == Food.objects.filter(owner__isnull=True).count()
    assert staff_client.get("/admin/journal/food/", {"q": "zyzzyva"}).context["cl"].result_count == 0
    assert staff_client.get(f"/admin/journal/food/{own.pk}/change/").status_code == 302  # "does not exist"


@pytest.mark.django_db
def test_a_food_added_in_the_admin_joins_the_catalogue(staff_client):
    data = {"name": "Sauerkraut, raw", "serving": "1/2 cup", "fiber_g": "2.0", "source": "USDA", "is_probiotic": "on"}
    assert staff_client.post("/admin/journal/food/add/", data).status_code == 302
    assert Food.objects.get(name="Sauerkraut, raw").owner is None


@pytest.mark.django_db
def test_the_food_list_loads_in_a_bounded_number_of_queries(staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        assert staff_client.get("/admin/journal/food/").status_code == 200


@pytest.mark.django_db
def test_food_search_finds_by_name(admin_client):
    response = admin_client.get("/admin/journal/food/", {"q": "kimchi"})
    assert [food.name for food in response.context["cl"].result_list] == ["Kimchi"]


@pytest.mark.django_db
def test_food_filter_by_tag(admin_client):
    response = admin_client.get("/admin/journal/food/", {"is_probiotic__exact": "1"})
    assert response.context["cl"].result_count == Food.objects.filter(is_probiotic=True, owner=None).count()


@pytest.mark.django_db
def test_a_signed_in_non_staff_user_is_sent_to_the_admin_login(client_a):
    response = client_a.get("/admin/journal/food/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/journal/food/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
