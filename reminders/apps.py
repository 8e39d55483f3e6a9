from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from accounts import profile_sections
        from reminders.pages import profile_section

        profile_sections.register("reminders", "reminders/_profile_section.html", profile_section)
