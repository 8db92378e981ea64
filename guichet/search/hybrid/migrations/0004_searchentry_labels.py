# Written by hand (session 7): an entry's labels (an article's category, section and tags) are
# stored apart from its body, so that they find it but no snippet shows them. Entries indexed
# before wrote them as the body's last line: this moves that line to `labels` (same matched
# text, so rankings and vectors stay valid without re-indexing).

from django.db import migrations, models
from django.db.models import Q

BATCH = 500


def split_labels(apps, schema_editor):
    """Move the labels line out of the body of article entries whose article had labels
    (a section or a tag) when it was indexed: it was always the body's last line."""
    entries = apps.get_model("search_hybrid", "SearchEntry").objects.using(
        schema_editor.connection.alias
    )
    articles = apps.get_model("knowledge", "Article").objects.using(schema_editor.connection.alias)
    rows = entries.filter(kind="article", labels="", body__contains="\n").order_by("pk")
    pending = list(rows.values_list("pk", "object_id", "body"))
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        labelled = set(
            articles.filter(pk__in=[object_id for _, object_id, _ in batch])
            .filter(Q(section__isnull=False) | Q(tags__isnull=False))
            .values_list("pk", flat=True)
        )
        for pk, object_id, body in batch:
            if object_id in labelled:
                text, labels = body.rsplit("\n", 1)
                entries.filter(pk=pk).update(body=text, labels=labels)


def join_labels(apps, schema_editor):
    entries = apps.get_model("search_hybrid", "SearchEntry").objects.using(
        schema_editor.connection.alias
    )
    for pk, body, labels in entries.exclude(labels="").values_list("pk", "body", "labels"):
        entries.filter(pk=pk).update(body=f"{body}\n{labels}")


class Migration(migrations.Migration):
    dependencies = [
        ("search_hybrid", "0003_searchentry_model_version_index"),
        ("knowledge", "0003_drop_article_fulltext"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="labels",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(split_labels, join_labels, elidable=True),
    ]
