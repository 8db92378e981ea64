"""Small labelled data sets for triage tests (generated, French and English)."""

from __future__ import annotations

import itertools

TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "printing": (
        ["imprimante", "ordonnance", "impression", "étiquette", "printer", "toner"],
        ["ne s'imprime pas", "bloquée", "papier coincé", "won't print", "prints blank pages"],
    ),
    "billing": (
        ["facture", "paiement", "prélèvement", "remboursement", "invoice", "refund"],
        ["en double", "erronée", "non reçu", "charged twice", "missing"],
    ),
    "access": (
        ["mot de passe", "connexion", "compte", "identifiant", "password", "login"],
        ["oublié", "refusé", "verrouillé", "reset needed", "locked out"],
    ),
    "delivery": (
        ["colis", "livraison", "commande", "transporteur", "parcel", "shipment"],
        ["en retard", "perdu", "abîmé", "not arrived", "lost in transit"],
    ),
}
OPENERS = ["Bonjour,", "Hello,", "Bonjour, depuis hier", "Hi team,", "Urgent :"]


def examples(per_class: int = 15, topics: dict | None = None) -> tuple[list[str], list[str]]:
    """`per_class` varied texts for each topic, interleaved by class."""
    texts, labels = [], []
    for label, (nouns, problems) in (topics or TOPICS).items():
        combos = itertools.cycle(itertools.product(OPENERS, nouns, problems))
        for i in range(per_class):
            opener, noun, problem = next(combos)
            texts.append(f"{opener} {noun} {problem} (ref {i})")
            labels.append(label)
    return texts, labels


def out_of_scope(n: int = 12) -> list[str]:
    chit_chat = ["quel temps fera-t-il demain", "raconte-moi une blague", "what is the capital of peru",
                 "who won the football match", "recette de la tarte aux pommes",
                 "how tall is mount everest"]  # fmt: skip
    return [f"{chit_chat[i % len(chit_chat)]} {i}" for i in range(n)]
