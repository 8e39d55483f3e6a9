import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.forms import time_zone_choices
from accounts.models import Profile

User = get_user_model()
URL = "/accounts/signup/"
GOOD_PASSWORD = "quiet-river-lantern-42"


def signup_data(**overrides) -> dict:
    data = {
        "username": "carol",
        "email": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "display_name": "Carol",
        "time_zone": "Europe/Amsterdam",
    }
    return {**data, **overrides}


def test_signup_url_is_the_public_contract():
    assert reverse("signup") == URL


@pytest.mark.django_db
def test_signup_page_offers_every_zone_with_utc_preselected(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="UTC" selected>' in html
    assert 'value="Pacific/Auckland"' in html
    assert 'data-time-zone="preselect"' in html
    assert "js/timezone.js" in html


def test_zone_choices_are_sorted_within_each_region():
    regions = [choice for choice in time_zone_choices() if isinstance(choice[1], list)]
    for _region, zones in regions:
        names = [name for name, _label in zones]
        assert names == sorted(names)
    assert "localtime" not in {name for _region, zones in regions for name, _label in zones}


@pytest.mark.django_db
def test_signup_creates_user_and_profile_with_chosen_zone(client):
    client.post(URL, signup_data())
    user = User.objects.get(username="carol")
    assert user.check_password(GOOD_PASSWORD)
    assert user.profile.time_zone == "Europe/Amsterdam"
    assert user.profile.display_name == "Carol"


@pytest.mark.django_db
def test_signup_logs_in_and_redirects_to_today(client):
    response = client.post(URL, signup_data())
    assert response.status_code == 302
    assert response.url == reverse("today")
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="carol").pk


@pytest.mark.django_db
def test_signup_without_display_name_or_email_is_fine(client):
    client.post(URL, signup_data(display_name="", email=""))
    assert Profile.objects.get(user__username="carol").display_name == ""


@pytest.mark.django_db
def test_signup_keeps_an_optional_email_for_password_resets(client):
    client.post(URL, signup_data(email="carol@example.org"))
    assert User.objects.get(username="carol").email == "carol@example.org"


@pytest.mark.django_db
def test_signed_in_person_visiting_signup_goes_to_today(client_a):
    response = client_a.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("today")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something-else-entirely-9"}, "password2"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "localtime"}, "time_zone"),
        ({"display_name": "x" * 10_000}, "display_name"),
        ({"username": ""}, "username"),
        ({"username": "has spaces!"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"password1": "password", "password2": "password"}, "password2"),
    ],
)
@pytest.mark.django_db
def test_bad_signup_shows_field_error_and_creates_nothing(client, overrides, field):
    response = client.post(URL, signup_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert User.objects.count() == 0
    assert Profile.objects.count() == 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_taken_username_shows_error_and_creates_nothing(client, user):
    response = client.post(URL, signup_data(username=user.username.upper()))
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.count() == 1
    assert Profile.objects.count() == 0


@pytest.mark.django_db
def test_field_errors_are_shown_next_to_the_field(client):
    response = client.post(URL, signup_data(time_zone="Nowhere/Land"))
    html = response.content.decode()
    assert "Pick a time zone from the list." in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html


@pytest.mark.django_db
def test_rejected_signup_does_not_preselect_over_the_persons_choice(client):
    response = client.post(URL, signup_data(password2="nope-nope-nope-1", time_zone="Asia/Tokyo"))
    html = response.content.decode()
    assert 'data-time-zone="preselect"' not in html
    assert '<option value="Asia/Tokyo" selected>' in html


@pytest.mark.django_db
def test_signup_requires_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, signup_data())
    assert response.status_code == 403
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_rejected_signup_puts_the_cursor_on_the_first_field_to_fix(client):
    form = client.post(URL, signup_data(password2="does-not-match-1")).context["form"]
    assert "autofocus" not in form.fields["username"].widget.attrs
    assert form.fields["password2"].widget.attrs["autofocus"] is True


def test_the_standard_three_fields_alone_sign_a_person_up_in_utc(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "plain", "password1": "a-long-Secret-9", "password2": "a-long-Secret-9"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="plain")
    assert user.profile.time_zone == "UTC"
