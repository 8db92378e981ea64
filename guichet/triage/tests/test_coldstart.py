"""Cold start: keywords and similarity to descriptions (pure)."""

from __future__ import annotations

from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.triage.coldstart import (
    MAX_CONFIDENCE,
    LabelDescription,
    predict_label,
    predict_priority,
    predict_type,
)

CATEGORIES = [
    LabelDescription("billing", "Facturation : factures, paiements, remboursements"),
    LabelDescription("printing", "Impression : imprimante, ordonnances, étiquettes"),
    LabelDescription("access", "Accès : mot de passe, identifiant, compte bloqué"),
]


def test_similarity_to_descriptions_without_embedder() -> None:
    prediction = predict_label("mon ordonnance ne s'imprime pas", CATEGORIES)

    assert prediction.label == "printing"
    assert prediction.source == "cold_start"
    assert 0 < prediction.confidence <= MAX_CONFIDENCE


def test_similarity_tolerates_missing_accents() -> None:
    assert predict_label("probleme de facturation", CATEGORIES).label == "billing"


def test_similarity_with_an_embedder() -> None:
    embedder = HashingEmbedder()

    prediction = predict_label("mot de passe oublié", CATEGORIES, embedder)

    assert prediction.label == "access"


def test_keywords_win_over_similarity() -> None:
    labels = [*CATEGORIES, LabelDescription("vip", "Clients prioritaires", ("contrat gold",))]

    assert predict_label("Notre contrat gold : facture", labels).label == "vip"


def test_no_labels_means_no_opinion() -> None:
    assert predict_label("anything", []).label is None


def test_type_rules() -> None:
    assert predict_type("L'application plante avec une erreur 500").label == "incident"
    assert predict_type("Comment exporter mes données ?").label == "question"
    assert predict_type("C'est inadmissible, je veux un remboursement").label == "complaint"
    assert predict_type("Could you add a user to our account").label == "request"


def test_priority_rules() -> None:
    assert predict_priority("URGENT : plus rien ne fonctionne en production").label == "urgent"
    assert predict_priority("C'est inadmissible !!").label == "high"
    assert predict_priority("Suggestion, pas urgent : un mode sombre").label == "low"
    assert predict_priority("Comment changer mon adresse ?").label == "normal"
