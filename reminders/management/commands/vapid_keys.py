"""Prints a new VAPID key pair for Web Push, as environment lines to paste into the server's settings."""

import base64
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_pair() -> tuple[str, str]:
    """(private, public): the raw 32-byte private value and the uncompressed public point, base64url,
    the forms pywebpush reads and a browser's applicationServerKey takes."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(private), b64url(public)


class Command(BaseCommand):
    help = "Prints a new VAPID key pair (VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY) for Web Push reminders."

    def handle(self, *args: Any, **options: Any) -> None:
        private, public = new_pair()
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}")
