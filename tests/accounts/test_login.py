import pytest
from django.urls import reverse

from tests.factories import PASSWORD

URL = "/accounts/login/"


def test_login_and_logout_urls_are_stable():
    assert reverse("login") == URL
    assert reverse("logout") == "/accounts/logout/"


@pytest.mark.django_db
def test_login_page_has_standard_fields_and_useful_links(client):
    html = client.get(URL).content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert reverse("password_reset") in html
    assert reverse("signup") in html


@pytest.mark.django_db
def test_login_with_right_password_signs_in(client, user):
    response = client.post(URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_login_goes_back_to_the_page_asked_for(client, user):
    response = client.post(URL, {"username": user.username, "password": PASSWORD, "next": "/accounts/profile/"})
    assert response.url == "/accounts/profile/"


@pytest.mark.django_db
def test_login_refuses_to_redirect_off_site(client, user):
    response = client.post(URL, {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response.url


@pytest.mark.django_db
def test_login_with_wrong_password_shows_an_error(client, user):
    response = client.post(URL, {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_a_post_and_signs_out(client_a):
    response = client_a.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client_a.session


@pytest.mark.django_db
def test_logout_by_get_is_refused(client_a):
    response = client_a.get("/accounts/logout/")
    assert response.status_code == 405
    assert "_auth_user_id" in client_a.session
