"""Starting text for each article shape (task, symptom → resolution, FAQ), per language,
and the prefill of an article written from a solved ticket."""

from __future__ import annotations

from collections.abc import Sequence

from guichet.knowledge.models import Shape

SKELETONS: dict[str, dict[str, str]] = {
    "fr": {
        Shape.TASK: (
            "## Avant de commencer\n\n- Ce qu'il faut avoir sous la main\n\n"
            "## Étapes\n\n1. Première étape\n2. Deuxième étape\n3. Troisième étape\n\n"
            "## Résultat attendu\n\nCe que vous devez voir une fois terminé.\n"
        ),
        Shape.SYMPTOM: (
            "## Symptôme\n\nCe que le client constate, avec ses mots.\n\n"
            "## Cause\n\nPourquoi cela arrive.\n\n"
            "## Résolution\n\n1. Première étape\n2. Deuxième étape\n"
        ),
        Shape.FAQ: (
            "### Première question ?\n\nRéponse courte.\n\n"
            "### Deuxième question ?\n\nRéponse courte.\n"
        ),
        Shape.FREE: "",
    },
    "en": {
        Shape.TASK: (
            "## Before you start\n\n- What you need\n\n"
            "## Steps\n\n1. First step\n2. Second step\n3. Third step\n\n"
            "## Expected result\n\nWhat you should see when done.\n"
        ),
        Shape.SYMPTOM: (
            "## Symptom\n\nWhat the customer sees, in their words.\n\n"
            "## Cause\n\nWhy it happens.\n\n"
            "## Resolution\n\n1. First step\n2. Second step\n"
        ),
        Shape.FAQ: (
            "### First question?\n\nShort answer.\n\n### Second question?\n\nShort answer.\n"
        ),
        Shape.FREE: "",
    },
}

HEADINGS = {
    "fr": ("Symptôme", "Résolution"),
    "en": ("Symptom", "Resolution"),
}


def skeleton(shape: str, language: str) -> str:
    return SKELETONS.get(language, SKELETONS["fr"]).get(shape, "")


def from_conversation(
    language: str, customer_messages: Sequence[str], agent_replies: Sequence[str]
) -> str:
    """A symptom → resolution body: the customer's first message as the symptom, the public
    replies as the resolution (greetings are left for the writer to trim)."""
    symptom_title, resolution_title = HEADINGS.get(language, HEADINGS["fr"])
    symptom = _quote(customer_messages[0]) if customer_messages else ""
    resolution = "\n\n".join(reply.strip() for reply in agent_replies if reply.strip())
    return f"## {symptom_title}\n\n{symptom}\n\n## {resolution_title}\n\n{resolution}\n"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())
