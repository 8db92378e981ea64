"""Where the test data lives: our own fixtures, and the shared corpus beside the repository.

The shared corpus (../shared/data next to the folder that holds manage.py) is required: a test
that needs it fails, never skips, when it is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _repo_root() -> Path:
    for folder in Path(__file__).resolve().parents:
        if (folder / "manage.py").is_file():
            return folder
    raise RuntimeError("no manage.py above the email tests")


SHARED_DATA = _repo_root().parent / "shared" / "data"
MAIL = SHARED_DATA / "mail"
EXPECTED = SHARED_DATA / "mail-expected"


def require(path: Path) -> Path:
    """`path`, or a test failure saying the shared data is missing."""
    if not path.exists():
        pytest.fail(f"shared test data missing: {path} (expected beside the repository)")
    return path


def corpus_files() -> list[Path]:
    """Every raw message of the shared corpus (LICENSE*, NOTICE*, README* are not messages)."""
    if not MAIL.is_dir():
        return []
    return sorted(
        path
        for path in MAIL.rglob("*")
        if path.is_file() and not path.name.startswith(("LICENSE", "NOTICE", "README"))
    )


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def corpus_bytes(relative: str) -> bytes:
    return require(MAIL / relative).read_bytes()
