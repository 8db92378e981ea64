"""The raw bytes of inbound mail move to their own table (models.InboundRaw): updating a
message's status or attempts no longer rewrites them (SQLite rewrites whole rows)."""

from django.db import migrations, models
import django.db.models.deletion

CHUNK = 200


def move_raw_out(apps, schema_editor):
    InboundEmail = apps.get_model("email_channel", "InboundEmail")
    InboundRaw = apps.get_model("email_channel", "InboundRaw")
    ids = list(InboundEmail.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        rows = InboundEmail.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk", "raw"
        )
        InboundRaw.objects.bulk_create(InboundRaw(inbound_id=pk, data=raw) for pk, raw in rows)


def move_raw_back(apps, schema_editor):
    InboundEmail = apps.get_model("email_channel", "InboundEmail")
    InboundRaw = apps.get_model("email_channel", "InboundRaw")
    for row in InboundRaw.objects.iterator(chunk_size=CHUNK):
        InboundEmail.objects.filter(pk=row.inbound_id).update(raw=row.data)


class Migration(migrations.Migration):
    dependencies = [
        ("email_channel", "0002_mailbox_imap_oauth2_refresh"),
    ]

    operations = [
        migrations.CreateModel(
            name="InboundRaw",
            fields=[
                (
                    "inbound",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="raw_row",
                        serialize=False,
                        to="email_channel.inboundemail",
                    ),
                ),
                ("data", models.BinaryField()),
            ],
        ),
        migrations.RunPython(move_raw_out, move_raw_back),
        # A default first, so that undoing the removal can add the column back to full rows.
        migrations.AlterField(
            model_name="inboundemail", name="raw", field=models.BinaryField(default=b"")
        ),
        migrations.RemoveField(model_name="inboundemail", name="raw"),
    ]
