# Presence (docs/routing.md, "Idle agents"): last request seen, and why an agent is away.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_agent_availability_labels'),
    ]

    operations = [
        migrations.AddField(
            model_name='agent',
            name='idle_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='agent',
            name='last_seen_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
