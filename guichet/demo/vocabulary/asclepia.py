"""Asclépia: a medical-software vendor for doctors and clinics. See docs/demo.md."""

from __future__ import annotations

import datetime as dt
from random import Random

from guichet.demo.specs import (
    AgentSpec,
    BrandSpec,
    CategorySpec,
    CustomFieldSpec,
    MacroSpec,
    PopulationSpec,
    Spike,
    TeamSpec,
    Texts,
    TrafficProfile,
)
from guichet.demo.vocabulary.asclepia_intents import INTENTS
from guichet.demo.vocabulary.common import LAST_NAMES_FR

TEAMS = (
    TeamSpec("asclepia-n1-assistance", "Asclépia N1 Assistance", 1),
    TeamSpec("asclepia-n2-technique", "Asclépia N2 Technique", 2),
    TeamSpec("asclepia-n2-teletransmission", "Asclépia N2 Télétransmission", 2),
    TeamSpec("asclepia-n3-editeur", "Asclépia N3 Éditeur", 3),
)

_C = CategorySpec
CATEGORIES = (
    _C("prescription", "Prescription", "Ordonnances, base médicamenteuse, ALD.", "asclepia-n1-assistance", 1),
    _C("ordonnances", "Ordonnances", "Rédaction, posologies, renouvellements.", "asclepia-n1-assistance", 1, "prescription"),
    _C("base-medicaments", "Base médicamenteuse", "Médicaments absents, interactions, mises à jour de la base.", "asclepia-n1-assistance", 1, "prescription"),
    _C("ald-bizone", "Ordonnances bizone et ALD", "Ordonnances bizone, exonérations ALD.", "asclepia-n1-assistance", 1, "prescription"),
    _C("impression", "Impression", "Imprimantes, modèles, mise en page.", "asclepia-n1-assistance", 1),
    _C("imprimante", "Imprimante et pilotes", "Impression bloquée, pilote, file d'attente.", "asclepia-n1-assistance", 1, "impression"),
    _C("modeles", "Modèles et mise en page", "En-têtes, ordonnances sécurisées, marges.", "asclepia-n1-assistance", 1, "impression"),
    _C("teletransmission", "Facturation et télétransmission", "FSE, carte Vitale, NOEMIE, tiers payant.", "asclepia-n2-teletransmission", 1),
    _C("fse-vitale", "FSE et carte Vitale", "Création et envoi des feuilles de soins électroniques.", "asclepia-n1-assistance", 1, "teletransmission"),
    _C("rejets-noemie", "Rejets et retours NOEMIE", "Rejets de lots, retours NOEMIE, paiements manquants.", "asclepia-n2-teletransmission", 2, "teletransmission"),
    _C("tiers-payant", "Tiers payant", "Tiers payant AMO/AMC, impayés.", "asclepia-n2-teletransmission", 2, "teletransmission"),
    _C("lecteur-cps", "Lecteur de cartes et CPS", "Lecteur Sesam-Vitale, carte CPS, e-CPS.", "asclepia-n1-assistance", 1, "teletransmission"),
    _C("mises-a-jour", "Mises à jour", "Installation et mises à jour du logiciel.", "asclepia-n2-technique", 1),
    _C("installation", "Installation et poste de travail", "Nouveau poste, migration, réseau du cabinet.", "asclepia-n2-technique", 2, "mises-a-jour"),
    _C("maj-echec", "Mise à jour en échec", "Mise à jour bloquée ou logiciel qui ne démarre plus.", "asclepia-n1-assistance", 1, "mises-a-jour"),
    _C("dossiers", "Agenda et dossiers patients", "Agenda, dossier patient, DMP.", "asclepia-n1-assistance", 1),
    _C("agenda", "Agenda", "Rendez-vous, synchronisation, prise de RDV en ligne.", "asclepia-n1-assistance", 1, "dossiers"),
    _C("dossier-patient", "Dossier patient et DMP", "Dossiers introuvables, doublons, DMP.", "asclepia-n1-assistance", 1, "dossiers"),
    _C("compte-abonnement", "Compte et abonnement", "Abonnement, factures, résiliation.", "asclepia-n1-assistance", 1),
    _C("abonnement", "Abonnement et factures", "Factures Asclépia, changement de formule.", "asclepia-n1-assistance", 1, "compte-abonnement"),
)  # fmt: skip

_A = AgentSpec
AGENTS = (
    _A("isabelle.fabre", "Isabelle", "Fabre", "supervisor", 2, ("asclepia-n1-assistance",), (), ("fr",), 10),
    _A("xavier.meyer", "Xavier", "Meyer", "incident_manager", 3, ("asclepia-n3-editeur",), ("mises-a-jour",), ("fr",), 10),
    _A("nathalie.guillot", "Nathalie", "Guillot", "csm", 2, (), (), ("fr",), 30),
    _A("elodie.marie", "Élodie", "Marie", "agent", 1, ("asclepia-n1-assistance",), ("prescription", "impression"), ("fr",), 25),
    _A("bastien.huet", "Bastien", "Huet", "agent", 1, ("asclepia-n1-assistance",), ("teletransmission",), ("fr",), 25),
    _A("yasmine.cherif", "Yasmine", "Chérif", "agent", 1, ("asclepia-n1-assistance",), ("dossiers", "prescription"), ("fr", "en"), 25),
    _A("florian.besson", "Florian", "Besson", "agent", 1, ("asclepia-n1-assistance",), ("impression", "mises-a-jour"), ("fr",), 25),
    _A("marine.poirier", "Marine", "Poirier", "agent", 1, ("asclepia-n1-assistance",), ("teletransmission", "compte-abonnement"), ("fr",), 25),
    _A("stephane.renaud", "Stéphane", "Renaud", "agent", 2, ("asclepia-n2-teletransmission",), ("teletransmission", "rejets-noemie"), ("fr",), 18),
    _A("laetitia.giraud", "Laetitia", "Giraud", "agent", 2, ("asclepia-n2-teletransmission",), ("tiers-payant",), ("fr",), 18),
    _A("maxime.aubert", "Maxime", "Aubert", "agent", 2, ("asclepia-n2-technique",), ("installation", "mises-a-jour"), ("fr",), 18),
    _A("david.lucas", "David", "Lucas", "agent", 2, ("asclepia-n2-technique",), ("mises-a-jour",), ("fr", "en"), 18),
    _A("anne.schmitt", "Anne", "Schmitt", "agent", 3, ("asclepia-n3-editeur",), ("prescription", "base-medicaments"), ("fr",), 10),
    _A("paul.lacroix", "Paul", "Lacroix", "agent", 3, ("asclepia-n3-editeur",), ("teletransmission",), ("fr",), 10),
)  # fmt: skip

_PLACES = ("des Lilas", "du Parc", "Saint-Michel", "de la Gare", "des Tilleuls", "Pasteur",
           "du Centre", "Victor Hugo", "Jean Jaurès", "de la Mairie", "du Port")  # fmt: skip


def org_name(rng: Random, index: int) -> str:
    kind = rng.random()
    if kind < 0.6:
        return f"Cabinet du Dr {rng.choice(LAST_NAMES_FR)} ({index + 1})"
    if kind < 0.85:
        return f"Maison de santé {rng.choice(_PLACES)} ({index + 1})"
    if kind < 0.95:
        return f"Centre médical {rng.choice(_PLACES)} ({index + 1})"
    return f"Clinique {rng.choice(_PLACES)} ({index + 1})"


POPULATION = PopulationSpec(
    organisations=900,
    consumers=0,
    segments=(("smb", 0.9), ("enterprise", 0.1)),
    plans={
        "smb": ("Cabinet Solo", "Cabinet Groupe"),
        "enterprise": ("Clinique", "Centre de santé"),
    },
    arr={"smb": (600, 4800), "enterprise": (15000, 150000)},
    contacts_per_org=(1, 3),
    en_share=0.03,
    org_name=org_name,
    email_domain="cabinet-medical.example",
)

TRAFFIC = TrafficProfile(
    weekday=(1.2, 1.0, 0.9, 1.0, 0.95, 0.8, 0.6),
    hourly_week=(
        0.2,
        0.08,
        0.03,
        0.02,
        0.02,
        0.05,
        0.2,
        0.6,
        1.0,
        1.0,
        0.9,
        0.8,
        0.9,
        0.9,
        0.8,
        0.8,
        0.8,
        0.85,
        1.0,
        1.35,
        1.5,
        1.35,
        1.0,
        0.5,
    ),
    hourly_weekend=(
        0.25,
        0.1,
        0.03,
        0.02,
        0.02,
        0.03,
        0.1,
        0.3,
        0.7,
        1.0,
        1.1,
        1.0,
        0.8,
        0.8,
        0.9,
        1.0,
        1.0,
        1.0,
        1.1,
        1.3,
        1.4,
        1.3,
        1.0,
        0.5,
    ),
    open_hours=((8, 20), (8, 20), (8, 20), (8, 20), (8, 20), (9, 13), None),
    month_factor={8: 0.75, 12: 0.9},
    month_end_factor=1.5,
    spikes=(Spike(34, 3, 2.5, "update_failed"),),
)

TEXTS = Texts(
    solutions={
        "prescription": {
            "fr": ("La base médicamenteuse a été resynchronisée sur votre poste : le médicament apparaît à nouveau.",
                   "Le modèle d'ordonnance bizone était désactivé dans vos préférences, je l'ai réactivé."),
            "en": ("The drug database has been resynchronised on your computer; the drug is back.",),
        },
        "impression": {
            "fr": ("Le pilote de l'imprimante {printer} n'était plus le bon depuis la mise à jour de Windows. Je l'ai réinstallé à distance, l'impression fonctionne.",
                   "J'ai ajusté les marges du modèle d'ordonnance sécurisée, l'en-tête ne sort plus coupé."),
            "en": ("The {printer} driver was wrong since the Windows update. I reinstalled it remotely and printing works.",),
        },
        "teletransmission": {
            "fr": ("Le lot était rejeté à cause d'un certificat CPS expiré. Après mise à jour de la carte, les FSE ont été renvoyées.",
                   "Les {count} FSE en attente ont été retransmises, vous verrez le retour NOEMIE sous 48 h.",
                   "Le paramétrage du tiers payant de la mutuelle était erroné, c'est corrigé pour les prochaines feuilles."),
            "en": ("The batch was rejected because of an expired CPS certificate; the claims have been resent.",),
        },
        "mises-a-jour": {
            "fr": ("La mise à jour {version} est installée, le logiciel redémarre normalement.",
                   "Nous avons restauré la base depuis la sauvegarde de la nuit, aucune donnée n'est perdue."),
            "en": ("Update {version} is installed and the software starts normally.",),
        },
        "dossiers": {
            "fr": ("Les dossiers en doublon ont été fusionnés, l'historique des consultations est complet.",
                   "La synchronisation de l'agenda avec la prise de rendez-vous en ligne est rétablie."),
            "en": ("The duplicate records were merged; the consultation history is complete.",),
        },
        "compte-abonnement": {
            "fr": ("Votre facture est disponible dans votre espace client, rubrique Abonnement.",
                   "Le changement de formule prendra effet au prochain renouvellement."),
            "en": ("Your invoice is available in your customer area, Subscription section.",),
        },
    },
    questions={
        "": {"fr": ("Pouvez-vous nous indiquer la version du logiciel (menu Aide > À propos) ?",
                    "Pouvez-vous lancer l'outil de prise en main à distance et me donner le code affiché ?"),
             "en": ("Which software version do you use (Help > About)?",
                    "Could you start the remote support tool and give me the code it shows?")},
        "teletransmission": {"fr": ("Pourriez-vous me communiquer le numéro du lot rejeté et le code de rejet ?",
                                    "Quel est le modèle de votre lecteur de cartes ?")},
        "impression": {"fr": ("Quel est le modèle de votre imprimante, et imprime-t-elle depuis Word ?",)},
        "prescription": {"fr": ("Pouvez-vous m'indiquer le nom exact du médicament et sa présentation ?",)},
        "dossiers": {"fr": ("Pouvez-vous me donner les initiales et la date de naissance du patient concerné ?",)},
    },
    escalation_reasons={
        2: ("Rejets NOEMIE répétés, analyse des lots nécessaire", "Problème de poste nécessitant une prise en main technique",
            "Tiers payant : paramétrage organisme complémentaire à revoir", "Mise à jour bloquée, restauration de base à prévoir"),
        3: ("Bug confirmé dans la version en cours", "Anomalie de la base médicamenteuse, correctif éditeur",
            "Régression sur la génération des FSE depuis la dernière version"),
    },
    notes=("Médecin joignable uniquement le soir après 19h.", "Prise en main faite, pilote réinstallé.",
           "Même rejet chez plusieurs cabinets depuis la mise à jour.", "Clinique sous contrat premium : priorité.",
           "Lot de FSE vérifié, certificat CPS expiré."),
    details={
        "fr": ("Je suis médecin généraliste.", "Nous sommes {count} praticiens au cabinet.", "J'ai {patients} patients cet après-midi.",
               "J'utilise la version {version}.", "Mon imprimante est une {printer}.", "Le message affiché est : {code}.",
               "Je ne peux vous joindre que le soir après mes consultations.", "Ma secrétaire est absente cette semaine."),
        "en": ("I am a general practitioner.", "I use version {version}.", "The message says: {code}."),
    },
    slots={
        "printer": ("Brother HL-L2350", "HP LaserJet Pro M404", "Canon i-SENSYS", "Epson EcoTank", "Kyocera Ecosys"),
        "version": ("8.2.1", "8.3.0", "8.3.2", "9.0.0"),
        "code": ("Rejet 501", "Code retour 8A", "Erreur SSV 0x0F", "CPS non reconnue", "Erreur 1603", "Lot 0042 rejeté"),
        "drug": ("Doliprane 1000", "Amoxicilline 1g", "Levothyrox 50", "Kardegic 75", "Ventoline"),
        "reader": ("lecteur Ingenico Moneo", "lecteur Olaqin", "lecteur bi-fente", "lecteur Sesam-Vitale"),
    },
)  # fmt: skip

CUSTOM_FIELDS = (
    CustomFieldSpec("ticket", "asclepia_version", "Version du logiciel", "choice",
                    ("8.2.1", "8.3.0", "8.3.2", "9.0.0")),
    CustomFieldSpec("contact", "asclepia_rpps", "Numéro RPPS", "text"),
)  # fmt: skip

MACROS = (
    MacroSpec("Asclépia - Prise en main", "Bonjour {{ requester.name }},\n\nPouvez-vous lancer l'outil de prise en main à distance (menu Aide) et nous communiquer le code affiché ?\n\n{{ agent.name }}", set_fields=(("status", "pending"),)),
    MacroSpec("Asclépia - Retransmission FSE", "Bonjour {{ requester.name }},\n\nLes FSE en attente ont été retransmises. Le retour NOEMIE arrive sous 48 h.\n\n{{ agent.name }}", set_fields=(("status", "solved"),)),
    MacroSpec("Asclépia - Rejets NOEMIE au N2", "Transmis au N2 télétransmission avec le numéro de lot.", kind="note", set_fields=(("tier", "2"), ("team", "asclepia-n2-teletransmission"))),
)  # fmt: skip


def ticket_fields(rng: Random, category: str, top: str, day: dt.date) -> dict[str, object]:
    if rng.random() < 0.6:
        return {"asclepia_version": rng.choice(CUSTOM_FIELDS[0].choices)}
    return {}


SPEC = BrandSpec(
    slug="asclepia",
    name="Asclépia",
    prefix="ASC",
    legal_name="Asclépia Santé SAS",
    host="assistance.asclepia.localhost",
    support_email="assistance@asclepia.example",
    languages=("fr", "en"),
    teams=TEAMS,
    categories=CATEGORIES,
    agents=AGENTS,
    intents=INTENTS,
    traffic=TRAFFIC,
    channels=(("phone", 0.32), ("email", 0.25), ("portal", 0.28), ("chat", 0.15)),
    population=POPULATION,
    texts=TEXTS,
    custom_fields=CUSTOM_FIELDS,
    macros=MACROS,
    ticket_fields=ticket_fields,
    escalation_teams={
        "teletransmission": "asclepia-n2-teletransmission",
        "compte-abonnement": "asclepia-n2-teletransmission",
    },
)
