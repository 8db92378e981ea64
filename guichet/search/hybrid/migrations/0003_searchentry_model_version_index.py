# Written by hand (session 7): the index refresh.py's stale-vector query reads.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search_hybrid", "0002_entry_word_vectors"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["model_version"], name="search_entry_model_version"),
        ),
    ]
