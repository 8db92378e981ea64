"""A trained triage classifier: features, linear weights, calibration, out-of-scope threshold.

See docs/triage.md. The artefact is a NumPy .npz archive (arrays and a JSON header, no pickle):
loading it runs no code and does not depend on the scikit-learn version that trained it.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from guichet.assistant.providers.embeddings import Embedder
from guichet.triage.features import clean_text, embed_text, text_block, text_rows
from guichet.triage.neighbours import neighbour_votes

FORMAT = "guichet-triage-linear/1"
OOS = "oos"
_VECTORIZER_PARAMS = ("analyzer", "ngram_range", "token_pattern", "sublinear_tf",
                      "strip_accents", "lowercase")  # fmt: skip
# Up to this many texts, scores are computed row by row on one BLAS thread (a prediction);
# more (calibration, evaluation) go through one sparse product on all of BLAS's threads.
FEW_TEXTS = 8
_blas_lock = threading.Lock()
_blas_controller: Any = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the products of one prediction on a single BLAS thread.

    OpenBLAS splits the product with the neighbour memory (10,000 x 384) across its threads;
    on 2 busy cores the threads wait for each other (25 ms against 3 ms on one thread, load
    average 6) and keep spinning into the next embedding. threadpoolctl (a scikit-learn
    dependency) sets the limit for the process and restores it, so calls are serialised by a
    lock: the model part of a prediction takes a few milliseconds.
    """
    global _blas_controller
    with _blas_lock:
        if _blas_controller is None:
            from threadpoolctl import ThreadpoolController

            _blas_controller = ThreadpoolController()
        with _blas_controller.limit(limits=1, user_api="blas"):
            yield


class ArtefactError(ValueError):
    """The stored model cannot be read (corrupt, truncated, another format)."""


@dataclass(frozen=True)
class Prediction:
    label: str | None  # None: no opinion; "oos": hand this to a human
    confidence: float  # probability of the best in-scope label, 0..1
    source: str  # "model", "cold_start" or "rules"
    model_version: str
    alternatives: list[tuple[str, float]] = field(default_factory=list)


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores * temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def decide(
    classes: Sequence[str], probabilities: np.ndarray, threshold: float | None
) -> tuple[list[str], np.ndarray]:
    """Labels and confidences: the most probable class, `oos` below the threshold.

    The confidence is the highest probability among in-scope classes: the `oos` class, when
    trained, is left out of the max (it still lowers that max by taking probability mass).
    """
    in_scope = probabilities
    if OOS in classes:
        in_scope = probabilities.copy()
        in_scope[:, list(classes).index(OOS)] = 0.0
    confidence = in_scope.max(axis=1)
    labels = np.asarray(classes, dtype=object)[probabilities.argmax(axis=1)].tolist()
    if threshold is not None:
        labels = [OOS if c < threshold else lab for lab, c in zip(labels, confidence, strict=True)]
    return labels, confidence


def oos_scores(
    confidence: np.ndarray,
    best: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    scaling: Sequence[float],
) -> np.ndarray:
    """How in-scope each text looks, in 0..1 (low: hand it to a human).

    Two signals, each standardised on the validation slice's in-scope texts and summed: the
    log-probability of the best in-scope label, and the cosine between the text's embedding
    and that label's centroid (mean training embedding). A text far from every class's
    examples is out of scope even when the classifier is sure among the labels it knows.
    """
    mean_log, std_log, mean_cos, std_cos = scaling
    cosine = np.einsum("ij,ij->i", np.asarray(embeddings, dtype=np.float32), centroids[best])
    z = (np.log(np.maximum(confidence, 1e-12)) - mean_log) / std_log
    z = z + (cosine - mean_cos) / std_cos
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))


@dataclass
class TriageClassifier:
    classes: list[str]
    vectorizers: list[TfidfVectorizer]
    coef: np.ndarray  # (n_classes, n_features), float32
    intercept: np.ndarray  # (n_classes,)
    embed_weight: float = 0.0
    embedder_version: str = ""  # "" when trained on text features alone
    temperature: float = 1.0
    oos_threshold: float | None = None
    max_chars: int = 2000  # texts are cut as they were for training
    embed_chars: int | None = None  # beginning of each text that is embedded (None: all)
    # Out of scope with embeddings: class centroids, the (mean, std) of log-probability and
    # cosine on validation, and a threshold on `oos_scores`; `oos_threshold` (confidence)
    # is the fallback when the text could not be embedded.
    centroids: np.ndarray | None = None
    oos_scaling: list[float] | None = None
    oos_score_threshold: float | None = None
    # Neighbour votes: the training texts' embeddings (`memory`, unit rows) and class indices;
    # `knn_weight` times `neighbour_votes` is added to the scores of embedded texts (0: off).
    memory: np.ndarray | None = None
    memory_labels: np.ndarray | None = None
    knn_weight: float = 0.0
    knn_k: int = 10
    knn_sharpness: float = 0.02
    knn_floor: float = 0.0
    # With a paired embedder (assistant/providers/paired.py), the leading columns that are the
    # first model's: the votes, the centroids and the out-of-scope cosine stay on its cosines,
    # the second model is a feature block of the linear model only. None: every column.
    primary_dim: int | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def uses_embeddings(self) -> bool:
        return bool(self.embedder_version)

    @property
    def version_label(self) -> str:
        kind = "tfidf+embeddings" if self.uses_embeddings else "tfidf"
        return f"{kind}/linear-svc ({self.embedder_version or 'no embedder'})"

    def embed(self, texts: Sequence[str], embedder: Embedder | None) -> np.ndarray | None:
        """The embeddings the weights expect, or None.

        A model trained with embeddings still answers without them (scored on its TF-IDF
        weights alone, which carry most of the signal) when its embedder is unavailable;
        vectors from another embedding model would be meaningless, so those are never used.
        """
        if not self.uses_embeddings:
            return None
        if embedder is not None and embedder.model_version == self.embedder_version:
            return embedder.embed_queries([embed_text(t, self.embed_chars) for t in texts])
        return None  # scored as zeros: the embedding weights drop out

    def primary(self, embeddings: np.ndarray) -> np.ndarray:
        """The first model's columns of `embeddings` (all of them without a pair)."""
        return embeddings[:, : self.primary_dim] if self.primary_dim else embeddings

    @property
    def text_width(self) -> int:
        return sum(len(v.vocabulary_) for v in self.vectorizers)

    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        """(text weights, embedding weights), transposed and contiguous, computed once."""
        cached = self.__dict__.get("_split_weights")
        if cached is None:
            width = self.text_width
            cached = (
                np.ascontiguousarray(self.coef[:, :width].T),
                np.ascontiguousarray(self.coef[:, width:].T) * np.float32(self.embed_weight),
            )
            self.__dict__["_split_weights"] = cached
        return cached

    def scores(self, texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
        """Decision scores (n_texts, n_classes): the same as the stacked features times coef."""
        text_weights, embedding_weights = self._weights()
        cleaned = [clean_text(t, self.max_chars) for t in texts]
        if len(cleaned) <= FEW_TEXTS:  # rows of the weights: no sparse matrix to build
            rows = text_rows(self.vectorizers, cleaned)
            result = np.zeros((len(cleaned), text_weights.shape[1]), dtype=np.float32)
            for i, (columns, values) in enumerate(rows):
                result[i] = values @ text_weights[columns]
        else:
            block = text_block(self.vectorizers, cleaned)
            result = np.asarray(block @ text_weights, dtype=np.float32)
        if embeddings is not None and embedding_weights.shape[0]:
            result = result + np.asarray(embeddings, dtype=np.float32) @ embedding_weights
            result = result + self.neighbour_scores(embeddings)
        return result + self.intercept

    def neighbour_scores(self, embeddings: np.ndarray) -> np.ndarray | float:
        """`knn_weight` x the neighbour votes of embedded texts (0.0 without a memory)."""
        if self.memory is None or self.memory_labels is None or not self.knn_weight:
            return 0.0
        votes = neighbour_votes(
            self.primary(embeddings), self.memory, self.memory_labels, len(self.classes), self.knn_k,
            self.knn_sharpness, self.knn_floor,
        )  # fmt: skip
        return votes * np.float32(self.knn_weight)

    def probabilities(self, texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
        return softmax(self.scores(texts, embeddings), self.temperature)

    def decide(
        self, probabilities: np.ndarray, embeddings: np.ndarray | None = None
    ) -> tuple[list[str], np.ndarray]:
        """Labels and confidences; `oos` below the similarity score's threshold when the
        texts were embedded and the model has one, else below the confidence threshold."""
        score = self.in_scope_scores(probabilities, embeddings)
        if score is None or self.oos_score_threshold is None:
            return decide(self.classes, probabilities, self.oos_threshold)
        labels, confidence = decide(self.classes, probabilities, None)
        cut = score < self.oos_score_threshold
        return [OOS if c else label for label, c in zip(labels, cut, strict=True)], confidence

    def in_scope_scores(
        self, probabilities: np.ndarray, embeddings: np.ndarray | None
    ) -> np.ndarray | None:
        """`oos_scores` of the texts, or None without embeddings, centroids or scaling."""
        if embeddings is None or self.centroids is None or self.oos_scaling is None:
            return None
        in_scope = probabilities
        if OOS in self.classes:
            in_scope = probabilities.copy()
            in_scope[:, self.classes.index(OOS)] = 0.0
        best = in_scope.argmax(axis=1)
        return oos_scores(
            in_scope.max(axis=1), best, self.primary(embeddings), self.centroids, self.oos_scaling
        )

    def predict(
        self, texts: Sequence[str], embedder: Embedder | None = None, top: int = 3
    ) -> list[Prediction]:
        cleaned = [clean_text(t, self.max_chars) for t in texts]
        embeddings = self.embed(cleaned, embedder)
        if len(cleaned) <= FEW_TEXTS:
            with one_blas_thread():
                probs = self.probabilities(cleaned, embeddings)
                labels, confidence = self.decide(probs, embeddings)
        else:
            probs = self.probabilities(cleaned, embeddings)
            labels, confidence = self.decide(probs, embeddings)
        order = np.argsort(-probs, axis=1)[:, :top]
        version = self.info.get("model_version", self.version_label)
        return [
            Prediction(
                label,
                round(float(conf), 4),
                "model",
                version,
                [(self.classes[j], round(float(probs[i, j]), 4)) for j in order[i]],
            )  # fmt: skip
            for i, (label, conf) in enumerate(zip(labels, confidence, strict=True))
        ]

    def predict_one(self, text: str, embedder: Embedder | None = None) -> Prediction:
        return self.predict([text], embedder)[0]

    # --- artefact --------------------------------------------------------------------------
    def dumps(self) -> bytes:
        header = {
            "format": FORMAT,
            "classes": self.classes,
            "embed_weight": self.embed_weight,
            "embedder_version": self.embedder_version,
            "temperature": self.temperature,
            "oos_threshold": self.oos_threshold,
            "max_chars": self.max_chars,
            "embed_chars": self.embed_chars,
            "oos_scaling": self.oos_scaling,
            "oos_score_threshold": self.oos_score_threshold,
            "knn_weight": self.knn_weight,
            "knn_k": self.knn_k,
            "knn_sharpness": self.knn_sharpness,
            "knn_floor": self.knn_floor,
            "primary_dim": self.primary_dim,
            "info": self.info,
            "vectorizers": [
                {name: _jsonable(getattr(v, name)) for name in _VECTORIZER_PARAMS}
                for v in self.vectorizers
            ],
        }
        arrays: dict[str, np.ndarray] = {
            "header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }
        if self.centroids is not None:
            arrays["centroids"] = self.centroids.astype(np.float32)
        if self.memory is not None and self.memory_labels is not None:
            arrays["memory"] = self.memory.astype(np.float16)  # half the size; cosines to ~1e-3
            arrays["memory_labels"] = self.memory_labels.astype(np.int32)
        for i, v in enumerate(self.vectorizers):
            terms = sorted(v.vocabulary_, key=v.vocabulary_.__getitem__)
            arrays[f"terms{i}"] = np.array(terms, dtype=str)
            arrays[f"idf{i}"] = v.idf_.astype(np.float32)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    @classmethod
    def loads(cls, data: bytes) -> TriageClassifier:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                header = json.loads(archive["header"].tobytes().decode())
                if header.get("format") != FORMAT:
                    raise ArtefactError(f"unknown artefact format {header.get('format')!r}")
                vectorizers = [
                    _vectorizer(params, archive[f"terms{i}"], archive[f"idf{i}"])
                    for i, params in enumerate(header["vectorizers"])
                ]
                coef, intercept = archive["coef"], archive["intercept"]
                centroids = archive["centroids"] if "centroids" in archive.files else None
                memory = labels = None
                if "memory" in archive.files:  # absent from artefacts saved before neighbours
                    memory = archive["memory"].astype(np.float32)
                    labels = archive["memory_labels"].astype(np.intp)
        except ArtefactError:
            raise
        except Exception as error:  # zip, JSON, key or shape errors: all mean "unreadable"
            raise ArtefactError(f"unreadable triage artefact: {error}") from error
        return cls(
            classes=list(header["classes"]),
            vectorizers=vectorizers,
            coef=coef,
            intercept=intercept,
            embed_weight=float(header["embed_weight"]),
            embedder_version=header["embedder_version"],
            temperature=float(header["temperature"]),
            oos_threshold=header["oos_threshold"],
            max_chars=int(header.get("max_chars", 2000)),
            embed_chars=header.get("embed_chars"),
            centroids=centroids,
            oos_scaling=header.get("oos_scaling"),
            oos_score_threshold=header.get("oos_score_threshold"),
            memory=memory,
            memory_labels=labels,
            knn_weight=float(header.get("knn_weight", 0.0)),
            knn_k=int(header.get("knn_k", 10)),
            knn_sharpness=float(header.get("knn_sharpness", 0.02)),
            knn_floor=float(header.get("knn_floor", 0.0)),
            primary_dim=header.get("primary_dim"),
            info=header.get("info", {}),
        )


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _vectorizer(params: dict[str, Any], terms: np.ndarray, idf: np.ndarray) -> TfidfVectorizer:
    params = dict(params, ngram_range=tuple(params["ngram_range"]), dtype=np.float32)
    vectorizer = TfidfVectorizer(**params)
    vectorizer.vocabulary_ = {str(term): i for i, term in enumerate(terms.tolist())}
    vectorizer.fixed_vocabulary_ = True
    vectorizer.idf_ = idf.astype(np.float64)
    return vectorizer
