"""The "Guidance editors" group: add, change, delete and view guidance and the food catalogue, nothing else.

Members also need "staff status" to sign in at /admin/; docs/admin.md describes the role.
Permissions are made by a post_migrate signal, after every migration has run, so on a fresh
database they are created here first for the two apps the group needs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Guidance editors"
MODELS = (("insights", "guidance"), ("journal", "food"))
ACTIONS = ("add", "change", "delete", "view")


def make_group(apps, schema_editor):
    for app_label in sorted({app_label for app_label, _model in MODELS}):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # a migration's app stub has none; create_permissions skips such apps
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for _app, model in MODELS for action in ACTIONS]
    labels = [app_label for app_label, _model in MODELS]
    permissions = Permission.objects.filter(content_type__app_label__in=labels, codename__in=codenames)
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0004_guidance_evidence"),
        ("journal", "0003_mealitem_food_restrict"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_group, remove_group)]
