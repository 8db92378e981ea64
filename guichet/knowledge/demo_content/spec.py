"""The shape of the demo help-centre content (plain data; loaded by kb_demo)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class S:
    name: str
    en: str = ""


@dataclass(frozen=True)
class C:
    name: str
    description: str
    en: str
    sections: tuple[S, ...]


@dataclass(frozen=True)
class T:
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class A:
    key: str
    section: str
    title: str
    summary: str
    shape: str
    tags: tuple[str, ...]
    body: str
    visibility: str = "public"
    review_days: int = 180  # negative: the review date is past (a stale article)
    en: T | None = None
    state: str = "published"


@dataclass(frozen=True)
class FlowSpec:
    title: str
    description: str
    steps: dict[str, Any]
    start: str
    language: str = "fr"
    extra: dict[str, Any] = field(default_factory=dict)
