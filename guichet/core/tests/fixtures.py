"""Pytest fixtures shared by the test packages that import them in their conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Iterator[Any]:
    """Attachments written during a test land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Any,
) -> Callable[[], AbstractContextManager[Any]]:
    """`with committed():` runs what the block scheduled with transaction.on_commit at its end
    (search indexing, jobs), as a real commit would."""

    def capture() -> AbstractContextManager[Any]:
        return django_capture_on_commit_callbacks(execute=True)  # type: ignore[no-any-return]

    return capture
