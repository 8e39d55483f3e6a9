from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checkins"
    verbose_name = "Weekly check-ins"

    def ready(self) -> None:
        from checkins import signals  # noqa: F401  (a new or changed score retires the cached insights)
