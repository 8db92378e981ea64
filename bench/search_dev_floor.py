"""`python bench/search_dev_floor.py`: which entries count as a match (docs/adr/0010, session 6).

On the dev tasks of bench/search_dev.py (cached vectors; e5 paired with USE at w 0.2, as the
product), nDCG@10 when only matching entries are kept, and the share of queries left with no
match for content-free queries and French off-topic questions, for each rule: rank everything,
a shared term (the rule before session 6), one floor per searcher (the probes' best scores:
their 90th percentile or their maximum), a floor per entry (the probes' best on it: maximum,
the product's `floor.row_floors`, or 90th percentile). One JSON line per task on stdout.
"""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import search_dev as dev  # noqa: E402
from bench.search_dev_compare import per_query  # noqa: E402

CONTENT_FREE = ["asdf qwerty", "zzzz", "hello", "bonjour", "test", "merci", "lorem ipsum dolor",
                "xkcd 927", "?", "ok", "aaa", "salut ça va", "coucou"]  # fmt: skip
OFF_TOPIC = ["recette de la tarte aux pommes", "quel temps fera-t-il demain à Lyon",
             "résultat du match de foot PSG", "horaires du train pour Marseille",
             "comment planter des tomates", "meilleur film de l'année",
             "prix du carburant aujourd'hui", "traduire bonjour en espagnol",
             "combien de calories dans une banane", "quelle heure est-il à Tokyo",
             "idée de cadeau pour ma mère", "comment nettoyer un four",
             "histoire de la révolution française", "où partir en vacances en juin",
             "adopter un chat", "réparer un vélo crevé"]  # fmt: skip


def paired_scores(
    task: dev.Task,
    e5: Any,
    use: Any,
    use_passages: np.ndarray,
    queries: list[str],
    vectors: np.ndarray | None = None,
) -> np.ndarray:
    """queries x entries: the best passage's cos_e5 + 0.2 cos_USE, as the product scores."""
    first = dev.embedded(e5, queries, True) if vectors is None else vectors
    paired = first @ task.passage_vectors.T
    paired = paired + 0.2 * (dev.embedded(use, queries, True) @ use_passages.T)
    return dev.max_per_row(paired, task.owners, len(task.docs))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.assistant.providers.use_embeddings import UseEmbedder
    from guichet.search.hybrid import engine, floor

    model = engine.embedder()
    e5, use = getattr(model, "primary", model), UseEmbedder()
    for name in dev.TASKS:
        task = dev.prepare(name, e5)
        use_passages = dev.embedded(use, [text for text, _ in dev.passage_texts(task)], False)
        dense = partial(paired_scores, task, e5, use, use_passages)
        scores = dense(task.queries, task.query_vectors)
        fused = task.linear(scores)
        probes = dense(list(floor.PROBES))
        floors = {"searcher_q90": np.quantile(probes.max(1), 0.9), "searcher_max": probes.max(),
                  "entry_max": probes.max(0), "entry_q90": np.quantile(probes, 0.9, axis=0)}  # fmt: skip
        asked = {"content_free": CONTENT_FREE, "off_topic": OFF_TOPIC}
        shared = {k: np.stack([task.index.scores(q, task.language) for q in v]) > 0
                  for k, v in asked.items()}  # fmt: skip
        near = {k: dense(v) for k, v in asked.items()}
        row = {"rank_everything": per_query(fused, task.relevant).mean(),
               "shared_term": per_query(np.where(task.lexical > 0, fused, -np.inf),
                                        task.relevant).mean()}  # fmt: skip
        for k in asked:
            row[f"shared_term_{k}_empty"] = float(np.mean(~shared[k].any(1)))
        for rule, level in floors.items():
            keep = (task.lexical > 0) | (scores > level)
            row[rule] = per_query(np.where(keep, fused, -np.inf), task.relevant).mean()
            for k in asked:
                row[f"{rule}_{k}_empty"] = float(np.mean(~(shared[k] | (near[k] > level)).any(1)))
        print(name, json.dumps({k: round(float(v), 4) for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
