from django.apps import AppConfig


class JournalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from journal import signals

        # The catalogue is seeded and updated by migrations, in bulk: a new foods.json for everyone.
        post_migrate.connect(signals.catalogue_migrated, sender=self)
