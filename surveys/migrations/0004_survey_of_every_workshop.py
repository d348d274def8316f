"""Every workshop has its survey from the start (workshop_create makes it): give one to the
workshops made before, so no page has to create it while it is read."""

from django.db import migrations

DEFAULT_QUESTION = (
    "What do you want our customers to think of when they think of the service we provide?"
)


def create_missing_surveys(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Survey = apps.get_model("surveys", "Survey")
    Survey.objects.bulk_create(
        Survey(workshop=workshop, question=DEFAULT_QUESTION, languages="en")
        for workshop in Workshop.objects.filter(survey__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_hold_offensive"), ("workshops", "0001_initial")]

    operations = [migrations.RunPython(create_missing_surveys, migrations.RunPython.noop)]
