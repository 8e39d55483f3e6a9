from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The composition layer: pages and actions that gather several apps (home, account deletion)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"
