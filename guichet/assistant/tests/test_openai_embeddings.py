"""The OpenAI-compatible provider against a real HTTP server on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest

from guichet.assistant.providers.embeddings import (
    EmbeddingError,
    OpenAIEmbedder,
    build_embedder,
)
from guichet.assistant.tests.fakes import HashingEmbedder


class EmbeddingsServer:
    """A tiny /v1/embeddings server answering the OpenAI schema (data in reverse order)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_with: int | None = None
        self.malformed = False
        self.model = HashingEmbedder(dimension=8)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                if server.fail_with:
                    self._send(server.fail_with, {"error": {"message": "overloaded"}})
                    return
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                data = [
                    {
                        "object": "embedding",
                        "index": i,
                        "embedding": (3 * server.model.vector(t)).tolist(),
                    }
                    for i, t in enumerate(texts)
                ]
                answer: Any = {"object": "list", "data": data[::-1], "model": body["model"],
                               "usage": {"prompt_tokens": 1, "total_tokens": 1}}  # fmt: skip
                if server.malformed:
                    answer = {"object": "list", "data": [{"index": 0}]}
                self._send(200, answer)

            def _send(self, status: int, payload: Any) -> None:
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> EmbeddingsServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[EmbeddingsServer]:
    with EmbeddingsServer() as running:
        yield running


def test_request_follows_the_openai_embeddings_schema(server: EmbeddingsServer) -> None:
    embedder = OpenAIEmbedder(url=server.url, model="e5-small", api_key="sk-test")

    embedder.embed_queries(["bonjour", "hello"])

    (request,) = server.requests
    assert request["path"] == "/v1/embeddings"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["body"] == {"model": "e5-small", "input": ["bonjour", "hello"],
                               "encoding_format": "float"}  # fmt: skip


def test_vectors_come_back_in_input_order_and_normalised(server: EmbeddingsServer) -> None:
    embedder = OpenAIEmbedder(url=server.url, model="m")
    texts = ["imprimante en panne", "facture en double", "mot de passe"]

    vectors = embedder.embed_passages(texts)

    expected = np.vstack([server.model.vector(t) for t in texts])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert vectors.shape == (3, 8)
    assert np.allclose(vectors, expected, atol=1e-6)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_full_endpoint_url_is_accepted(server: EmbeddingsServer) -> None:
    embedder = OpenAIEmbedder(url=server.url + "/embeddings", model="m")

    embedder.embed_queries(["x"])

    assert server.requests[0]["path"] == "/v1/embeddings"


def test_prefixes_are_added_per_side(server: EmbeddingsServer) -> None:
    embedder = OpenAIEmbedder(url=server.url, model="m", query_prefix="query: ",
                              passage_prefix="passage: ")  # fmt: skip

    embedder.embed_queries(["a"])
    embedder.embed_passages(["b"])

    assert [r["body"]["input"] for r in server.requests] == [["query: a"], ["passage: b"]]


def test_large_inputs_are_sent_in_batches(server: EmbeddingsServer) -> None:
    embedder = OpenAIEmbedder(url=server.url, model="m", batch_size=2)

    vectors = embedder.embed_queries(["a", "b", "c", "d", "e"])

    assert [len(r["body"]["input"]) for r in server.requests] == [2, 2, 1]
    assert vectors.shape == (5, 8)


def test_dimension_is_learnt_from_the_endpoint(server: EmbeddingsServer) -> None:
    assert OpenAIEmbedder(url=server.url, model="m").dimension == 8


def test_empty_input_makes_no_request(server: EmbeddingsServer) -> None:
    assert OpenAIEmbedder(url=server.url, model="m").embed_queries([]).shape[0] == 0
    assert server.requests == []


def test_http_error_raises_embedding_error(server: EmbeddingsServer) -> None:
    server.fail_with = 503

    with pytest.raises(EmbeddingError, match="503"):
        OpenAIEmbedder(url=server.url, model="m").embed_queries(["a"])


def test_malformed_answer_raises_embedding_error(server: EmbeddingsServer) -> None:
    server.malformed = True

    with pytest.raises(EmbeddingError, match="malformed"):
        OpenAIEmbedder(url=server.url, model="m").embed_queries(["a"])


def test_unreachable_endpoint_raises_embedding_error() -> None:
    with EmbeddingsServer() as stopped:
        url = stopped.url
    with pytest.raises(EmbeddingError):
        OpenAIEmbedder(url=url, model="m", timeout=2).embed_queries(["a"])


def test_registry_picks_the_endpoint_when_a_url_is_configured(server: EmbeddingsServer) -> None:
    embedder = build_embedder({"URL": server.url, "MODEL": "e5", "API_KEY": "k"})

    assert isinstance(embedder, OpenAIEmbedder)
    assert embedder.model_version == "openai:e5"
    assert embedder.embed_queries(["a"]).shape == (1, 8)


def test_registry_returns_none_when_the_endpoint_lacks_a_model(server: EmbeddingsServer) -> None:
    assert build_embedder({"PROVIDER": "openai", "URL": server.url}) is None
