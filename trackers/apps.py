from django.apps import AppConfig


class TrackersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trackers"
    verbose_name = "Your trackers"

    def ready(self) -> None:
        from trackers.day_part import register_parts

        register_parts()
