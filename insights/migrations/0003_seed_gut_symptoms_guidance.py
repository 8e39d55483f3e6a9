"""A card for the bloating and abdominal pain charts, shown when the person's own
data links those symptoms with something (rule: finding)."""

from django.db import migrations

ITEM = {
    "slug": "bloating-and-tummy-pain",
    "title": "Bloating and tummy pain",
    "factor": "gut_symptoms",
    "rule": "finding",
    "order": 65,
    "body": (
        "Bloating and tummy pain are common and often come and go. When they keep coming back, UK guidance on "
        "irritable bowel syndrome suggests some first steps:\n\n"
        "- eat regular meals, take your time over them, and avoid long gaps;\n"
        "- go easy on alcohol and fizzy drinks, and keep tea and coffee to about three cups a day;\n"
        "- for wind and bloating, oats and linseeds may help, while a lot of bran and other insoluble fiber "
        "can make things worse.\n\n"
        "Symptoms that last three weeks or more, or any of the warning signs in the doctor card, are worth "
        "having checked."
    ),
    "source_citation": "NICE CG61 Irritable bowel syndrome in adults: diagnosis and management (2008, updated 2017).",
    "source_url": "https://www.nice.org.uk/guidance/cg61",
    "published": True,
}


def seed(apps, schema_editor):
    Guidance = apps.get_model("insights", "Guidance")
    fields = dict(ITEM)
    Guidance.objects.update_or_create(slug=fields.pop("slug"), defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("insights", "Guidance").objects.filter(slug=ITEM["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0002_seed_guidance")]

    operations = [migrations.RunPython(seed, unseed)]
