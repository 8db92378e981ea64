"""`python bench/search_dev_sentences.py`: sentence-level signals on the dev tasks (session 7).

See docs/adr/0010-hybrid-search.md, "Amendment (2026-12-07, session 7)". FAQ answers often hold
the one fact a question asks about in one sentence, which a 180-word passage vector blurs. The
candidates, all on top of the product (e5 paired with USE at w 0.1, linear fusion lambda 0.2,
French soft term matching on the fused top 50), none tuned on a retrieval benchmark:
1. dense: each body sentence embedded as a passage (both models, the pair's weight), with or
   without the title in front; an entry's dense score becomes (p + a x s) / (1 + a), p its best
   passage and s its best sentence (a in 0.25 / 0.5 / 1, so the scale stays a cosine and the
   fusion's 0.01 temperature still applies), or max(p, s);
2. lexical: BM25 of the best sentence (the sentence alone, or with the title's terms as the
   entry's are), in place of the entry's BM25 or averaged with it;
3. the sentences' cosines pooled as a mixture at e5's own temperature instead of their max:
   tau x log(mean_i exp(s_i / tau)), tau = 0.01 (see `mixture`);
4. the query respelled as the index spells it before it is embedded (`respell`): BM25 already
   reads "resilier" or "ordonance" as the entries' words (folding, SymSpell), but the dense
   side, five times BM25's weight, embeds the raw text, and both encoders were trained on
   well-spelled text; accents restored only, or accents and typos (distance 1 or 2, as
   typos.py), for the dense side alone or for soft matching too;
5. candidate-set idf (`local_bm25`): among the fused top k, a query word that every candidate
   holds cannot tell them apart, one that only one holds is the detail that decides between
   near-duplicates (box or mobile line, PIN or PUK); BM25 with its idf counted over the top k
   (N = k) is added to them at BM25's own weight, 0.2.
Sentence vectors are cached like the harness's (var/bench-cache). Per-query nDCG@10 and paired
bootstrap intervals (bench/search_dev_compare.py's) are against the product ("product", which
is search_dev_compare.py's `soft_match_use_0.1` to four places). `--cost` times the extra
cosine scan at 10,000 entries with 5 sentence rows each (every row, or the fused top 50's only)
and the embedding of the French dev entries' sentences against their passages; `--count`
counts the sentences. Logs go to stderr; the last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import search_dev as dev  # noqa: E402
from bench import search_dev_compare as compare  # noqa: E402
from bench.common import log  # noqa: E402

USE_WEIGHT = 0.1  # dense.SECOND_WEIGHT since session 6
MIN_WORDS = 5  # a shorter sentence ("Symptôme", "Oui.") is merged into its neighbour
MAX_WORDS = 60  # a longer run without punctuation is cut into even pieces
SHARES = (0.25, 0.5, 1.0)  # a: the best sentence's share beside the best passage's
TAU = 0.01  # e5's training temperature, the fusion's DENSE_TEMPERATURE
ENDS = re.compile(r"(?<=[.!?…])\s+|\n+")
# a line break inside a paragraph (hard-wrapped text) is a space; one before a blank line, a
# list item or a heading ends a piece
WRAPPED = re.compile(r"[ \t]*\n(?![ \t]*(?:\n|[-*#>]|\d+[.)]\s))[ \t]*")


def sentences(body: str) -> list[str]:
    """The body cut into sentences: after . ! ? … followed by a space, and at line breaks;
    list markers and markup dropped, hard-wrapped lines joined; a piece under MIN_WORDS words
    joins the next (the last one joins the previous); a piece over MAX_WORDS is cut into even
    parts."""
    pieces = [" ".join(re.sub(r"^\s*(?:[-*#>]+|\d+[.)])\s+", "", p).split())
              for p in ENDS.split(WRAPPED.sub(" ", body))]  # fmt: skip
    pieces = [p for p in pieces if p]
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        text = f"{carry} {piece}".strip()
        if len(text.split()) < MIN_WORDS:
            carry = text
            continue
        merged.append(text)
        carry = ""
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    out = []
    for text in merged:
        spoken = text.split()
        parts = -(-len(spoken) // MAX_WORDS)
        size = -(-len(spoken) // parts)
        out.extend(" ".join(spoken[i : i + size]) for i in range(0, len(spoken), size))
    return out


def units(task: dev.Task, with_title: bool) -> tuple[list[str], list[int]]:
    """Texts to embed (a sentence, the title in front or not) and the entry of each; an entry
    without body sentences gets its title alone."""
    texts, owners = [], []
    for row, (title, body) in enumerate(task.docs):
        found = sentences(body) or [""]
        for sentence in found:
            texts.append(f"{title}\n{sentence}".strip() if with_title or not sentence else sentence)
            owners.append(row)
    return texts, owners


def paired(task: dev.Task, e5: Any, use: Any, texts: list[str]) -> np.ndarray:
    """cos_e5 + w x cos_use of every query and text (the product's pair)."""
    use_queries = dev.embedded(use, task.queries, True)
    return (task.query_vectors @ dev.embedded(e5, texts, False).T
            + USE_WEIGHT * use_queries @ dev.embedded(use, texts, False).T)  # fmt: skip


def mixture(similarities: np.ndarray, owners: list[int], n: int) -> np.ndarray:
    """Per entry tau x log(mean_i exp(s_i / tau)) over its sentences: the entry answers when
    one of its sentences does, each a priori equally likely, exp(s / tau) being e5's own
    (unnormalised) likelihood; at most the best sentence, lower when the rest are far below."""
    out = np.full((similarities.shape[0], n), -np.inf, dtype=np.float32)
    owned = np.asarray(owners)
    for row in range(n):
        part = similarities[:, owned == row] / TAU
        if part.size:
            top = part.max(axis=1, keepdims=True)
            out[:, row] = TAU * (top[:, 0] + np.log(np.exp(part - top).mean(axis=1)))
    return out


def sentence_bm25(task: dev.Task, with_title: bool) -> np.ndarray:
    """BM25 of each entry's best sentence (queries x entries), over an index of sentences (the
    title's terms twice in front of each when `with_title`, as in the entry's own terms)."""
    from guichet.search.hybrid import engine
    from guichet.search.hybrid.lexical import LexicalIndex

    terms, owners = [], []
    for row, (title, body) in enumerate(task.docs):
        for sentence in sentences(body) or [""]:
            shown = title if with_title or not sentence else ""
            terms.append(engine._terms(engine.Document(row, shown, sentence, task.language)))
            owners.append(row)
    index = LexicalIndex(terms)
    scored = np.stack([index.scores(q, task.language) for q in task.queries])
    return dev.max_per_row(scored, owners, len(task.docs))


def candidates(name: str, task: dev.Task, e5: Any, use: Any) -> dict[str, np.ndarray]:
    """Fused scores per variant (before soft matching)."""
    from guichet.search.hybrid import fusion

    n = len(task.docs)
    passage = dev.max_per_row(paired(task, e5, use, [t for t, _ in dev.passage_texts(task)]),
                              task.owners, n)  # fmt: skip
    out = {"product": task.linear(passage)}
    for with_title in (True, False):
        tag = "title" if with_title else "bare"
        texts, owners = units(task, with_title)
        similarities = paired(task, e5, use, texts)
        best = dev.max_per_row(similarities, owners, n)
        out[f"sent_{tag}_alone"] = task.linear(best)
        for share in SHARES:
            out[f"sent_{tag}_mix_{share}"] = task.linear((passage + share * best) / (1 + share))
        out[f"sent_{tag}_max"] = task.linear(np.maximum(passage, best))
        pooled = mixture(similarities, owners, n)
        out[f"sent_{tag}_lme_mix_0.5"] = task.linear((passage + 0.5 * pooled) / 1.5)
    for depth in (10, 20):
        out[f"local_bm25_top{depth}"] = local_bm25(task, out["product"], depth)
    dense_part = passage / fusion.DENSE_TEMPERATURE
    for with_title in (True, False):
        tag = "title" if with_title else "bare"
        best = sentence_bm25(task, with_title)
        out[f"bm25_sent_{tag}"] = dense_part + fusion.LEXICAL_WEIGHT * best
        out[f"bm25_sent_{tag}_mean"] = (
            dense_part + fusion.LEXICAL_WEIGHT * (task.lexical + best) / 2
        )
    return out


def respeller(docs: list[tuple[str, str]], known: Any = None) -> Any:
    """A function from a query to the query respelled with the entries' own words: each word
    unknown to the entries (lower-cased) and typed without accents becomes the entries' most
    frequent word with the same accent-folded form (accents restored), or, with `typos`, the
    most frequent one within the SymSpell distance of typos.py (1 from 4 letters, 2 from 8)
    when `known(word)` says that
    the word is no word at all (French: it has no vector in the 500,000-word lexicon; against
    the entries' small vocabulary alone, "veux" became "deux"); other words stay as typed.
    English tasks are unchanged: their queries carry no accents and there is no lexicon."""
    from collections import Counter

    from guichet.search.hybrid.analysis import fold
    from guichet.search.hybrid.typos import Vocabulary
    from guichet.search.text import words

    counts = Counter(w.lower() for title, body in docs for w in words(f"{title} {body}"))
    by_fold: dict[str, str] = {}
    for word, _ in counts.most_common():
        by_fold.setdefault(fold(word), word)
    vocabulary = Vocabulary(by_fold)  # folded forms, for the delete-one neighbourhood

    def respell(query: str, typos: bool) -> str:
        def replace(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if lower in counts:
                return word
            folded = fold(lower)
            if folded in by_fold and lower.isascii():  # accents only added, never changed
                return by_fold[folded]
            if typos and known is not None and not folded.isdigit() and not known(word):
                near = vocabulary.fuzzy(folded)
                if near:
                    return max((by_fold[n] for n in near), key=lambda w: (counts[w], w))
            return word

        from guichet.search.text import WORD

        return WORD.sub(replace, unicodedata.normalize("NFC", query))

    return respell


def respelled(name: str, task: dev.Task, e5: Any, use: Any) -> dict[str, np.ndarray]:
    """Candidate 4: the product with the dense side's query respelled; soft matching on the
    raw query ("dense") or on the respelled one ("both")."""
    from guichet.search.hybrid import word_vectors

    n = len(task.docs)
    texts = [t for t, _ in dev.passage_texts(task)]

    vectors = word_vectors.get() if name in dev.FRENCH else None
    known = None if vectors is None else (lambda word: vectors.lookup(word)[1] >= 0)
    respell = respeller(task.docs, known)
    out = {}
    for kind, typos in (("accents", False), ("typos", True)):
        queries = [respell(q, typos) for q in task.queries]
        changed = sum(a != b for a, b in zip(queries, task.queries, strict=True))
        log(name, kind, f"{changed} of {len(queries)} queries respelled")
        similarities = (dev.embedded(e5, queries, True) @ dev.embedded(e5, texts, False).T
                        + USE_WEIGHT * dev.embedded(use, queries, True)
                        @ dev.embedded(use, texts, False).T)  # fmt: skip
        fused = task.linear(dev.max_per_row(similarities, task.owners, n))
        out[f"respell_{kind}_dense"] = soft(name, task, fused)
        shown = dev.Task(**{**task.__dict__, "queries": queries})
        out[f"respell_{kind}_both"] = soft(name, shown, fused)
    return out


def local_bm25(task: dev.Task, fused: np.ndarray, depth: int) -> np.ndarray:
    """The fused scores plus LEXICAL_WEIGHT x BM25 of each of the top `depth` entries, its idf
    counted over those `depth` entries only; the rest unchanged (they stay below)."""
    from guichet.search.hybrid import fusion
    from guichet.search.hybrid.lexical import K1, B

    index = task.index
    out = fused.astype(np.float32)
    for q, query in enumerate(task.queries):
        head = np.argsort(-fused[q], kind="stable")[:depth]
        bonus = np.zeros(len(head), dtype=np.float32)
        for term, weight in index.weighted_terms(query, task.language).items():
            term_id = index.term_ids[term]
            start, end = index.offsets[term_id], index.offsets[term_id + 1]
            tf_of = dict(zip(index.rows[start:end].tolist(), index.frequencies[start:end].tolist(),
                             strict=True))  # fmt: skip
            tf = np.array([tf_of.get(int(row), 0.0) for row in head], dtype=np.float32)
            df = int((tf > 0).sum())
            if not df:
                continue
            idf = np.log(1.0 + (len(head) - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - B + B * index.lengths[head] / index.average_length)
            bonus += weight * idf * tf * (K1 + 1.0) / (tf + norm)
        out[q, head] += fusion.LEXICAL_WEIGHT * bonus
    return out


def soft(name: str, task: dev.Task, fused: np.ndarray) -> np.ndarray:
    """French soft term matching on the fused top 50, as the product (English: unchanged)."""
    return compare.soft_match_product(name, task, fused).get("soft_match_product", fused)


def cost(size: int = 10_000, per_entry: int = 5, width: int = 896) -> dict[str, Any]:
    """CPU ms of the dense scan per query (DenseIndex.scores, the product's), with one passage
    per entry against one passage plus `per_entry` sentence rows; and of scoring the sentence
    rows of the fused top 50 only (a gather and a product per query)."""
    from guichet.search.hybrid import dense

    rng = np.random.default_rng(5)
    one = dense.DenseIndex(list(rng.standard_normal((size, 1, width)).astype(np.float32)), width)
    sentence_rows = rng.standard_normal((size * per_entry, width)).astype(np.float32)
    starts = np.arange(size) * per_entry
    many = dense.DenseIndex(list(sentence_rows.reshape(size, per_entry, width)), width)
    times: dict[str, list[float]] = {"passages": [], "passages_and_sentences": [], "top50": []}
    for number in range(600):
        query = rng.standard_normal(width).astype(np.float32)
        order = ["passages", "passages_and_sentences", "top50"]
        for kind in order if number % 2 else order[::-1]:
            cpu = time.process_time()
            scores = one.scores(query)
            if kind == "passages_and_sentences":
                np.maximum(scores, many.scores(query))
            elif kind == "top50":
                head = np.argpartition(-scores, 50)[:50]
                rows = (starts[head][:, None] + np.arange(per_entry)[None, :]).ravel()
                np.einsum("ij,j->i", sentence_rows[rows], query).reshape(50, per_entry).max(1)
            times[kind].append(1000 * (time.process_time() - cpu))
    return {
        "entries": size, "sentences_per_entry": per_entry, "width": width,
        "load": round(os.getloadavg()[0], 2),
        **{f"{kind}_cpu_p{p}_ms": round(float(np.percentile(values, p)), 3)
           for kind, values in times.items() for p in (50, 99)},
        "sentence_matrix_mb": round(sentence_rows.nbytes / 1e6, 1),
    }  # fmt: skip


def indexing_cost(model: Any) -> dict[str, Any]:
    """CPU seconds to embed faq-fr's and demo-fr's entries with the product's pair (not
    cached): their passages, and their sentences with the title in front."""
    from guichet.search.hybrid import dense

    docs = dev.build("faq-fr")[0] + dev.build("demo-fr")[0]
    passages = [text for title, body in docs for text in dense.passages(title, body)]
    sentence_texts = [
        f"{title}\n{sentence}" for title, body in docs for sentence in sentences(body)
    ]
    out: dict[str, Any] = {"indexed_entries": len(docs)}
    for kind, texts in (("passages", passages), ("sentences", sentence_texts)):
        cpu = time.process_time()
        for start in range(0, len(texts), 16):
            model.embed_passages(texts[start : start + 16])
        out[f"embed_{kind}"] = len(texts)
        out[f"embed_{kind}_cpu_ms_per_entry"] = round(
            1000 * (time.process_time() - cpu) / len(docs), 1
        )
    return out


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.assistant.providers.use_embeddings import UseEmbedder
    from guichet.search.hybrid import engine

    model = engine.embedder()
    if model is None:
        sys.exit("search_dev_sentences: no embedder available")
    e5, use = getattr(model, "primary", model), UseEmbedder()
    if "--cost" in sys.argv:
        print(json.dumps({**cost(), **indexing_cost(model)}))
        return
    if "--count" in sys.argv:
        for name in dev.TASKS:
            docs = dev.build(name)[0]
            found = [sentences(body) for _, body in docs]
            per_entry = np.mean([len(f) for f in found])
            length = np.mean([len(s.split()) for f in found for s in f])
            log(name, f"{sum(map(len, found))} sentences, {per_entry:.1f} per entry, "
                f"{length:.1f} words")  # fmt: skip
        return
    scores: dict[str, dict[str, np.ndarray]] = {}
    for name in dev.TASKS:
        started = time.perf_counter()
        task = dev.prepare(name, e5)
        fused = {k: soft(name, task, v) for k, v in candidates(name, task, e5, use).items()}
        fused.update(respelled(name, task, e5, use))
        scores[name] = {k: compare.per_query(v, task.relevant) for k, v in fused.items()}
        means = {k: round(float(v.mean()), 4) for k, v in scores[name].items()}
        log(name, f"{time.perf_counter() - started:.0f} s", json.dumps(means))
    english = [t for t in dev.TASKS if t not in dev.FRENCH]
    result = {}
    for variant in scores[dev.TASKS[0]]:
        gains = {t: scores[t][variant] - scores[t]["product"] for t in dev.TASKS}
        result[variant] = {
            **{t: round(float(scores[t][variant].mean()), 4) for t in dev.TASKS},
            "english_mean": round(float(np.mean([scores[t][variant].mean() for t in english])), 4),
            "gain_faq_fr": compare.interval(gains, ["faq-fr"]),
            "gain_demo_fr": compare.interval(gains, ["demo-fr"]),
            "gain_french": compare.interval(gains, ["demo-fr", "faq-fr"]),
            "gain_english": compare.interval(gains, english),
            "gain_faq_fr_para": compare.interval(gains, [compare.PARA]),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
