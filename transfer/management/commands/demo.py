import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.models import profile_for, today_for
from journal.models import Food
from journal.queries import days_for
from transfer.demo import demo_year
from transfer.services import run_import

USERNAME = "demo"


class Command(BaseCommand):
    help = "Create or refresh the `demo` account with a year of generated journal (its new password is printed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, help="repeatable data")

    def handle(self, *args: Any, seed: int | None, **options: Any) -> None:
        user, created = get_user_model().objects.get_or_create(username=USERNAME)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        profile = profile_for(user)
        profile.display_name = profile.display_name or "Demo"
        profile.save()
        if not Food.objects.filter(owner__isnull=True).exists():
            self.stderr.write("The food catalogue is empty (run migrate): the demo logs fiber without meals.")
        with transaction.atomic():
            days_for(user).delete()
            summary = run_import(user, demo_year(today_for(user), seed), replace=True)
        self.stdout.write(f"{'Created' if created else 'Refreshed'} the demo account: {summary.describe()}.")
        self.stdout.write(f"Log in as {USERNAME} with password: {password}")
