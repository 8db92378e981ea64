# Choices only: the availability labels became translatable French msgids (no schema change).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_agent_skills_capacity_help'),
    ]

    operations = [
        migrations.AlterField(
            model_name='agent',
            name='availability',
            field=models.CharField(choices=[('online', 'En ligne'), ('away', 'Absent un moment'), ('offline', 'Hors ligne'), ('ooo', 'En congé')], default='offline', max_length=10),
        ),
    ]
