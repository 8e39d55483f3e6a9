import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.forms import ProfileForm, SignupForm
from accounts.models import Profile

ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
PASSWORD = "quiet-river-lantern-42"


@settings(max_examples=60, deadline=None)
@given(time_zone=st.one_of(st.text(max_size=80), st.sampled_from(ZONES)), display_name=st.text(max_size=200))
@pytest.mark.django_db
def test_signup_form_accepts_exactly_known_zones_and_short_names(time_zone, display_name):
    data = {"username": "ivy", "password1": PASSWORD, "password2": PASSWORD}
    form = SignupForm({**data, "time_zone": time_zone, "display_name": display_name})
    zone_ok = time_zone in ZONES or time_zone == ""  # blank falls back to UTC
    name_ok = len(display_name.strip()) <= 80 and "\x00" not in display_name
    assert form.is_valid() == (zone_ok and name_ok)


@settings(max_examples=40, deadline=None)
@given(time_zone=st.text(max_size=100))
@pytest.mark.django_db
def test_profile_form_never_accepts_an_unknown_zone(time_zone):
    profile = Profile(user=get_user_model()(username="ivy"))
    form = ProfileForm({"display_name": "", "time_zone": time_zone, "email": ""}, instance=profile)
    assert form.is_valid() == (time_zone in ZONES)
