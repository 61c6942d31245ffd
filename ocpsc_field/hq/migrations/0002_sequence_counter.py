"""The change-log sequence counter starts at zero (see ocpsc_field.hq.sequence)."""

from django.db import migrations


def create_counter(apps, schema_editor):
    counter = apps.get_model("hq", "SequenceCounter")
    counter.objects.get_or_create(name="changes", defaults={"value": 0})


class Migration(migrations.Migration):
    dependencies = [("hq", "0001_initial")]

    operations = [migrations.RunPython(create_counter, migrations.RunPython.noop)]
