"""Open sequence-number claims: writers on PostgreSQL take numbers before their transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hq", "0003_bundles"),
    ]

    operations = [
        migrations.CreateModel(
            name="SequenceClaim",
            fields=[
                ("first", models.BigIntegerField(primary_key=True, serialize=False)),
                ("last", models.BigIntegerField()),
                ("backend_pid", models.IntegerField(blank=True, null=True)),
                ("backend_started", models.DateTimeField(blank=True, null=True)),
                ("claimed_at", models.DateTimeField()),
            ],
        ),
    ]
