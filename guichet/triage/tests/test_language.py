"""Language detection (pure)."""

from __future__ import annotations

import pytest

from guichet.triage.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bonjour, mon imprimante ne fonctionne plus depuis ce matin", "fr"),
        ("L'ordonnance ne s'imprime pas", "fr"),
        ("carte pas reçue", "fr"),
        ("Hello, my printer stopped working this morning", "en"),
        ("password reset", "en"),
        ("Where is my card?", "en"),
        ("Ich kann mich nicht anmelden", "de"),
        ("Hola, ¿cómo puedo cambiar mi contraseña?", "es"),
        ("Olá, não consigo entrar na minha conta", "pt"),
    ],
)
def test_language_of_support_messages(text: str, code: str) -> None:
    assert detect_language(text).code == code


def test_no_evidence_gives_the_default_with_zero_confidence() -> None:
    assert detect_language("12345 !!", default="en") == detect_language("12345 !!", "en")
    result = detect_language("12345 !!", default="en")
    assert (result.code, result.confidence) == ("en", 0.0)


def test_a_tie_goes_to_the_default_language() -> None:
    assert detect_language("urgent", default="fr").code == "fr"
    assert detect_language("urgent", default="en").code == "en"


def test_confidence_is_high_for_a_plain_sentence() -> None:
    assert detect_language("Je n'arrive pas à me connecter à mon compte").confidence >= 0.75
