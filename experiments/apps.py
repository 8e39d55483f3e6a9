from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "experiments"
    verbose_name = "Self-experiments"

    def ready(self) -> None:
        from experiments import signals  # noqa: F401 (connects the version's receivers)
        from experiments.day_ticks import register_section

        register_section()
