"""The push subscription a browser posts, checked before anything is stored."""

import base64
import binascii
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

P256_POINT_BYTES = 65  # an uncompressed P-256 public key: 0x04, then x and y
AUTH_SECRET_BYTES = 16


def _b64url(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


class SubscriptionForm(forms.Form):
    """Fields as PushSubscription.toJSON() gives them: endpoint, keys.p256dh, keys.auth.

    Push services are reached over https only; anything else would make this server post to an
    address a visitor picked.
    """

    endpoint = forms.CharField(max_length=1000, validators=[URLValidator(schemes=["https"])])
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    @classmethod
    def from_json(cls, data: Any) -> "SubscriptionForm":
        data = data if isinstance(data, dict) else {}
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        return cls({"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")})

    def clean_p256dh(self) -> str:
        value = self.cleaned_data["p256dh"]
        raw = _b64url(value)
        if raw is None or len(raw) != P256_POINT_BYTES or raw[0] != 4:
            raise forms.ValidationError(_("keys.p256dh must be a P-256 public key (65 bytes, base64url)."))
        return value

    def clean_auth(self) -> str:
        value = self.cleaned_data["auth"]
        raw = _b64url(value)
        if raw is None or len(raw) != AUTH_SECRET_BYTES:
            raise forms.ValidationError(_("keys.auth must be a 16-byte secret (base64url)."))
        return value
