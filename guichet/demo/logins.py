"""The demo logins printed by `make run`; one shared password. See docs/demo.md."""

from __future__ import annotations

from dataclasses import dataclass

from guichet.demo.specs import AgentSpec

DEMO_PASSWORD = "guichet"
CUSTOMER_BRAND = "kolibri"

N1_TEAMS = ("telvia-n1-accueil", "kolibri-n1-support", "asclepia-n1-assistance")
N2_TEAMS = ("telvia-n2-technique", "kolibri-n2-paie", "asclepia-n2-teletransmission")

STAFF = (
    AgentSpec("admin", "Anaïs", "Lebrun", "admin", 3, (), (), ("fr", "en"), 10, 0),
    AgentSpec("agent.n1", "Camille", "Martin", "agent", 1, N1_TEAMS, ("mobile", "paie", "impression"), ("fr", "en"), 30, 1.5),
    AgentSpec("agent.n2", "Julien", "Mercier", "agent", 2, N2_TEAMS, ("internet", "dsn", "teletransmission"), ("fr", "en"), 20, 1.5),
    AgentSpec("supervisor", "Sophie", "Garnier", "supervisor", 2, N1_TEAMS, (), ("fr", "en"), 10, 0),
)  # fmt: skip


@dataclass(frozen=True)
class CustomerLogin:
    username: str = "customer"
    name: str = "Marie Dupuis"
    email_local: str = "marie.dupuis"


CUSTOMER = CustomerLogin()


def login_lines() -> list[tuple[str, str]]:
    """(username, what it shows) for the banner of `make run` and docs/demo.md."""
    return [
        ("admin", "administrateur, toutes les marques, /django-admin/"),
        ("agent.n1", "agent N1 (Telvia, Kolibri RH, Asclépia)"),
        ("agent.n2", "agent N2 (technique, paie, télétransmission)"),
        ("supervisor", "superviseure des équipes N1"),
        ("customer", "cliente de Kolibri RH (portail, ses propres tickets)"),
    ]
