"""Telvia: a French consumer telecom operator (mobile, fibre, bills, orders). See docs/demo.md."""

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
from guichet.demo.vocabulary.common import LAST_NAMES_FR
from guichet.demo.vocabulary.telvia_intents import INTENTS

TEAMS = (
    TeamSpec("telvia-n1-accueil", "Telvia N1 Accueil", 1),
    TeamSpec("telvia-n1-facturation", "Telvia N1 Facturation", 1),
    TeamSpec("telvia-n2-technique", "Telvia N2 Technique", 2),
    TeamSpec("telvia-n2-reclamations", "Telvia N2 Réclamations", 2),
    TeamSpec("telvia-n3-reseau", "Telvia N3 Réseau et plateformes", 3),
)

_C = CategorySpec
CATEGORIES = (
    _C("facturation", "Facturation", "Factures, paiements, remboursements.", "telvia-n1-facturation", 1),
    _C("facture-contestation", "Contestation de facture", "Montant inattendu, frais inconnus, hors forfait.", "telvia-n1-facturation", 1, "facturation"),
    _C("paiement", "Paiement et prélèvement", "Prélèvement rejeté, changement de RIB, échéancier.", "telvia-n1-facturation", 1, "facturation"),
    _C("remboursement", "Remboursement", "Trop-perçu, geste commercial, dépôt de garantie.", "telvia-n1-facturation", 1, "facturation"),
    _C("mobile", "Mobile", "Ligne mobile, SIM, réseau, forfait.", "telvia-n1-accueil", 1),
    _C("sim-esim", "Carte SIM et eSIM", "Activation, PUK, transfert d'eSIM.", "telvia-n1-accueil", 1, "mobile"),
    _C("reseau-mobile", "Réseau et couverture", "Pas de réseau, data lente, appels coupés.", "telvia-n1-accueil", 1, "mobile"),
    _C("forfait-options", "Forfait et options", "Options, international, itinérance.", "telvia-n1-accueil", 1, "mobile"),
    _C("portabilite", "Portabilité du numéro", "Conserver son numéro (RIO), portabilité entrante ou sortante.", "telvia-n1-accueil", 1, "mobile"),
    _C("internet", "Fibre et box", "Accès internet fixe, box, TV.", "telvia-n1-accueil", 1),
    _C("panne-internet", "Panne internet", "Plus d'internet, coupures, débit.", "telvia-n1-accueil", 1, "internet"),
    _C("box-wifi", "Box et Wi-Fi", "Box qui redémarre, Wi-Fi faible, voyants.", "telvia-n1-accueil", 1, "internet"),
    _C("raccordement", "Raccordement fibre", "Rendez-vous technicien, prise optique, câblage.", "telvia-n2-technique", 2, "internet"),
    _C("tv", "Télévision", "Décodeur, chaînes, replay.", "telvia-n1-accueil", 1, "internet"),
    _C("commandes", "Commandes et livraisons", "Commandes de box, mobiles et accessoires.", "telvia-n1-accueil", 1),
    _C("suivi-livraison", "Suivi de livraison", "Colis en retard ou perdu, point relais.", "telvia-n1-accueil", 1, "commandes"),
    _C("retour-echange", "Retour et échange", "Terminal défectueux, rétractation, SAV.", "telvia-n1-accueil", 1, "commandes"),
    _C("compte", "Compte et contrat", "Contrat, résiliation, données personnelles.", "telvia-n1-accueil", 1),
    _C("resiliation", "Résiliation", "Résilier une ligne ou une box, frais de résiliation.", "telvia-n1-accueil", 1, "compte"),
    _C("changement-offre", "Changement d'offre", "Passer à une autre offre mobile ou fibre.", "telvia-n1-accueil", 1, "compte"),
    _C("donnees-personnelles", "Données personnelles", "Demandes RGPD : accès, effacement, opposition.", "telvia-n2-reclamations", 2, "compte"),
)  # fmt: skip

_A = AgentSpec
AGENTS = (
    _A("nadia.benali", "Nadia", "Benali", "supervisor", 2, ("telvia-n1-accueil", "telvia-n1-facturation"), (), ("fr", "en"), 10),
    _A("marc.lefort", "Marc", "Lefort", "incident_manager", 3, ("telvia-n3-reseau",), ("reseau-mobile", "panne-internet"), ("fr", "en"), 10),
    _A("ines.moreau", "Inès", "Moreau", "csm", 2, (), (), ("fr",), 15),
    _A("hugo.petit", "Hugo", "Petit", "agent", 1, ("telvia-n1-accueil",), ("mobile", "internet"), ("fr",), 30),
    _A("lea.garnier", "Léa", "Garnier", "agent", 1, ("telvia-n1-accueil",), ("mobile", "commandes"), ("fr", "en"), 30),
    _A("kevin.roux", "Kevin", "Roux", "agent", 1, ("telvia-n1-accueil",), ("internet", "tv"), ("fr",), 30),
    _A("sarah.haddad", "Sarah", "Haddad", "agent", 1, ("telvia-n1-accueil",), ("mobile", "compte"), ("fr", "en"), 30),
    _A("yanis.diallo", "Yanis", "Diallo", "agent", 1, ("telvia-n1-accueil",), ("internet",), ("fr",), 25),
    _A("emma.fontaine", "Emma", "Fontaine", "agent", 1, ("telvia-n1-accueil",), ("commandes", "compte"), ("fr",), 25),
    _A("lucas.brunet", "Lucas", "Brunet", "agent", 1, ("telvia-n1-accueil",), ("mobile",), ("fr", "en"), 25),
    _A("julie.masson", "Julie", "Masson", "agent", 1, ("telvia-n1-facturation",), ("facturation",), ("fr",), 30),
    _A("romain.colin", "Romain", "Colin", "agent", 1, ("telvia-n1-facturation",), ("facturation",), ("fr", "en"), 30),
    _A("chloe.picard", "Chloé", "Picard", "agent", 1, ("telvia-n1-facturation",), ("facturation", "compte"), ("fr",), 25),
    _A("thomas.caron", "Thomas", "Caron", "agent", 2, ("telvia-n2-technique",), ("internet", "raccordement"), ("fr",), 20),
    _A("amina.traore", "Amina", "Traoré", "agent", 2, ("telvia-n2-technique",), ("mobile", "reseau-mobile"), ("fr", "en"), 20),
    _A("pierre.joly", "Pierre", "Joly", "agent", 2, ("telvia-n2-technique",), ("internet", "tv"), ("fr",), 20),
    _A("sophie.lemaire", "Sophie", "Lemaire", "agent", 2, ("telvia-n2-reclamations",), ("facturation", "donnees-personnelles"), ("fr",), 20),
    _A("damien.duval", "Damien", "Duval", "agent", 2, ("telvia-n2-reclamations",), ("facturation",), ("fr", "en"), 20),
    _A("olivier.nguyen", "Olivier", "Nguyen", "agent", 3, ("telvia-n3-reseau",), ("reseau-mobile", "internet"), ("fr", "en"), 12),
    _A("claire.robin", "Claire", "Robin", "agent", 3, ("telvia-n3-reseau",), ("tv", "box-wifi"), ("fr",), 12),
)  # fmt: skip

_TRADES = ("Plomberie", "Boulangerie", "Garage", "Coiffure", "Pharmacie", "Taxi", "Fleurs",
           "Électricité", "Bistrot", "Immobilier", "Couverture", "Auto-école")  # fmt: skip


def org_name(rng: Random, index: int) -> str:
    return f"{rng.choice(_TRADES)} {rng.choice(LAST_NAMES_FR)} ({index + 1})"


POPULATION = PopulationSpec(
    organisations=150,
    consumers=3000,
    segments=(("smb", 0.95), ("enterprise", 0.05)),
    plans={"smb": ("Telvia Pro Mobile", "Telvia Pro Fibre"), "enterprise": ("Telvia Entreprises",)},
    arr={"smb": (300, 4000), "enterprise": (20000, 90000)},
    contacts_per_org=(1, 2),
    en_share=0.08,
    org_name=org_name,
    email_domain="telvia-pro.example",
)

TRAFFIC = TrafficProfile(
    weekday=(1.35, 1.1, 1.05, 1.0, 0.95, 0.6, 0.4),
    hourly_week=(
        0.05,
        0.02,
        0.01,
        0.01,
        0.02,
        0.05,
        0.15,
        0.4,
        0.85,
        1.4,
        1.5,
        1.3,
        0.75,
        0.8,
        1.2,
        1.2,
        1.1,
        1.1,
        1.2,
        1.0,
        0.8,
        0.55,
        0.3,
        0.12,
    ),
    hourly_weekend=(
        0.08,
        0.04,
        0.02,
        0.01,
        0.01,
        0.03,
        0.08,
        0.2,
        0.5,
        0.9,
        1.2,
        1.2,
        0.9,
        0.9,
        1.0,
        1.0,
        1.0,
        0.95,
        0.95,
        0.9,
        0.8,
        0.6,
        0.35,
        0.15,
    ),
    open_hours=((8, 21), (8, 21), (8, 21), (8, 21), (8, 21), (8, 21), (10, 18)),
    month_factor={8: 0.85, 12: 1.1},
    spikes=(Spike(47, 1, 3.0, "internet_down"), Spike(118, 2, 2.2, "no_network")),
)

TEXTS = Texts(
    solutions={
        "facturation": {
            "fr": ("J'ai vérifié votre facture : les frais de {amount} correspondent à {option}. Je vous accorde un avoir, visible sur votre prochaine facture.",
                   "Après vérification, un prélèvement en double a bien eu lieu. Le remboursement de {amount} est lancé, comptez 5 à 7 jours ouvrés.",
                   "Votre nouveau RIB est enregistré, il sera utilisé dès la prochaine échéance."),
            "en": ("I checked your bill: the {amount} charge comes from {option}. I have issued a credit note, visible on your next bill.",
                   "You were indeed charged twice. The {amount} refund is on its way, allow 5 to 7 working days."),
        },
        "mobile": {
            "fr": ("Votre ligne a été réinitialisée sur le réseau. Redémarrez votre téléphone et tout devrait rentrer dans l'ordre.",
                   "L'option {option} est maintenant active sur votre ligne.",
                   "Nous avons généré un nouveau QR code eSIM, vous le recevez par e-mail dans quelques minutes."),
            "en": ("Your line has been reset on the network. Please restart your phone.",
                   "The {option} add-on is now active on your line."),
        },
        "internet": {
            "fr": ("Un incident sur l'équipement de votre quartier a été corrigé, votre connexion est rétablie.",
                   "J'ai relancé la synchronisation de votre {box} à distance : le débit est de nouveau normal.",
                   "Un technicien passera le {day} entre 8h et 12h pour intervenir sur votre prise optique.",
                   "Nous vous envoyons une nouvelle {box} en échange standard, avec une étiquette de retour."),
            "en": ("An incident on the equipment in your area has been fixed; your connection is back.",
                   "I restarted your {box} remotely and the speed is back to normal."),
        },
        "commandes": {
            "fr": ("Votre colis a été localisé, il sera livré sous 48 h. Voici le numéro de suivi : {order}.",
                   "Le retour de votre {device} est accepté : l'étiquette prépayée vous a été envoyée par e-mail."),
            "en": ("Your parcel was located and will arrive within 48 hours (tracking {order}).",
                   "The return of your {device} is accepted; the prepaid label was emailed to you."),
        },
        "compte": {
            "fr": ("Votre demande est enregistrée, elle prendra effet à la fin de votre cycle de facturation.",
                   "Le changement d'offre est fait, sans frais ni réengagement.",
                   "Votre demande d'accès à vos données a été transmise à notre délégué à la protection des données."),
            "en": ("Your request is recorded and will take effect at the end of your billing cycle.",
                   "Your plan has been changed, with no fee."),
        },
    },
    questions={
        "": {"fr": ("Pourriez-vous me donner votre numéro client et le numéro de la ligne concernée ?",
                    "Pouvez-vous me préciser depuis quand le problème a commencé ?"),
             "en": ("Could you send me your customer number and the phone number concerned?",
                    "Since when has this been happening?")},
        "facturation": {"fr": ("Pouvez-vous m'envoyer une photo ou le PDF de la facture concernée ?",
                               "Pouvez-vous me confirmer la date du prélèvement sur votre relevé bancaire ?")},
        "mobile": {"fr": ("Avez-vous essayé de redémarrer le téléphone et de réinsérer la carte SIM ?",
                          "Pouvez-vous me donner le modèle de votre téléphone et la commune où vous êtes ?")},
        "internet": {"fr": ("Pouvez-vous me dire quels voyants sont allumés sur votre box ?",
                            "Pourriez-vous débrancher la box 30 secondes puis me confirmer si le problème persiste ?")},
        "commandes": {"fr": ("Pouvez-vous me rappeler le numéro de commande ?",
                             "Pouvez-vous vérifier auprès de votre point relais et me dire ce qu'il indique ?")},
        "compte": {"fr": ("Pour des raisons de sécurité, pouvez-vous confirmer votre date de naissance et votre adresse ?",)},
    },
    escalation_reasons={
        2: ("Diagnostic à distance sans résultat, besoin d'un test de ligne approfondi",
            "Contestation au-delà du plafond de geste commercial N1",
            "Synchronisation de la box impossible après réinitialisation",
            "Demande RGPD, à traiter par l'équipe réclamations"),
        3: ("Panne collective suspectée sur le NRO", "Anomalie de provisioning côté plateforme",
            "Défaut de configuration réseau, analyse ingénierie nécessaire"),
    },
    notes=("Client déjà rappelé deux fois, geste commercial possible.", "Vérifié dans l'outil réseau : pas d'incident déclaré sur la zone.",
           "Test de ligne OK côté NRO, le problème semble venir de l'installation du client.",
           "Attention client très mécontent, à traiter en priorité.", "Ticket lié à l'incident en cours sur la zone."),
    details={
        "fr": ("Mon numéro client est {customer_id}.", "J'ai déjà redémarré la box deux fois.", "Ma facture de {month} est de {amount}.",
               "Je suis en télétravail et j'ai besoin d'internet.", "Le problème dure depuis {days} jours.",
               "J'habite à {city}.", "Ma ligne est le {phone}.", "J'ai déjà appelé le service client hier."),
        "en": ("My customer number is {customer_id}.", "I already restarted the box twice.", "My {month} bill is {amount}.",
               "I work from home and need internet.", "It has been going on for {days} days."),
    },
    slots={
        "box": ("Box Telvia 4K", "Box Telvia Pop", "Telvia Box Ultra", "box fibre"),
        "device": ("iPhone 15", "Galaxy S24", "Pixel 8", "Redmi Note 13", "décodeur TV", "répéteur Wi-Fi"),
        "option": ("l'option Europe+", "le pass Maghreb", "des appels hors forfait", "l'option Netflix", "l'option data 20 Go", "des SMS surtaxés"),
        "city": ("Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Rennes", "Montpellier", "Grenoble", "Saint-Étienne", "Metz"),
        "error": ("LOS rouge", "voyant @ clignotant", "code E-12", "pas de synchro DSL", "PPP down"),
    },
)  # fmt: skip

CUSTOM_FIELDS = (
    CustomFieldSpec("ticket", "telvia_box_model", "Modèle de box", "choice",
                    ("Box Telvia 4K", "Box Telvia Pop", "Telvia Box Ultra")),
    CustomFieldSpec("ticket", "telvia_line_number", "Numéro de ligne", "text", visible_to_customers=True),
)  # fmt: skip

MACROS = (
    MacroSpec("Telvia - Redémarrage box", "Bonjour {{ requester.first_name }},\n\nPourriez-vous débrancher votre box 30 secondes puis la rebrancher, et nous dire si le problème persiste ?\n\n{{ agent.name }}", set_fields=(("status", "pending"),)),
    MacroSpec("Telvia - Avoir accordé", "Bonjour {{ requester.first_name }},\n\nUn avoir a été appliqué sur votre compte, il apparaîtra sur votre prochaine facture.\n\n{{ agent.name }}", set_fields=(("status", "solved"),)),
    MacroSpec("Telvia - Incident en cours", "Bonjour {{ requester.first_name }},\n\nUn incident est en cours sur votre zone, nos équipes sont mobilisées. Nous revenons vers vous dès le rétablissement.\n\n{{ agent.name }}", set_fields=(("status", "on_hold"),)),
    MacroSpec("Telvia - Escalade réseau", "Escalade N3 : panne collective suspectée, voir la supervision.", kind="note", set_fields=(("tier", "3"),)),
)  # fmt: skip


def ticket_fields(rng: Random, category: str, top: str, day: dt.date) -> dict[str, object]:
    if category in ("panne-internet", "box-wifi", "tv"):
        return {"telvia_box_model": rng.choice(CUSTOM_FIELDS[0].choices)}
    if category in ("sim-esim", "reseau-mobile", "forfait-options", "portabilite"):
        return {"telvia_line_number": f"+336{rng.randrange(10_000_000, 99_999_999)}"}
    return {}


SPEC = BrandSpec(
    slug="telvia",
    name="Telvia",
    prefix="TEL",
    legal_name="Telvia Télécom SA",
    host="aide.telvia.localhost",
    support_email="support@telvia.example",
    languages=("fr", "en"),
    teams=TEAMS,
    categories=CATEGORIES,
    agents=AGENTS,
    intents=INTENTS,
    traffic=TRAFFIC,
    channels=(
        ("chat", 0.3),
        ("email", 0.22),
        ("portal", 0.15),
        ("phone", 0.15),
        ("whatsapp", 0.18),
    ),
    population=POPULATION,
    texts=TEXTS,
    custom_fields=CUSTOM_FIELDS,
    macros=MACROS,
    ticket_fields=ticket_fields,
    escalation_teams={"facturation": "telvia-n2-reclamations", "compte": "telvia-n2-reclamations"},
)
