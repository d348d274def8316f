"""Every workshop has its value set from the start (workshop_create makes it): give one to
the workshops made before, so no page has to create it while it is read."""

from django.db import migrations


def create_missing_value_sets(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    ValueSet = apps.get_model("values", "ValueSet")
    ValueSet.objects.bulk_create(
        ValueSet(workshop=workshop) for workshop in Workshop.objects.filter(value_set__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [("values", "0001_initial")]

    operations = [migrations.RunPython(create_missing_value_sets, migrations.RunPython.noop)]
