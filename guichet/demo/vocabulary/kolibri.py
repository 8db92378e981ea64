"""Kolibri RH: an HR-software vendor for businesses (payroll, leave, reviews). See docs/demo.md."""

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
    TeamSpec,
    Texts,
    TrafficProfile,
)
from guichet.demo.vocabulary.common import LAST_NAMES_FR
from guichet.demo.vocabulary.kolibri_intents import INTENTS

TEAMS = (
    TeamSpec("kolibri-n1-support", "Kolibri N1 Support", 1),
    TeamSpec("kolibri-n2-paie", "Kolibri N2 Experts paie", 2),
    TeamSpec("kolibri-n2-integrations", "Kolibri N2 Intégrations", 2),
    TeamSpec("kolibri-n3-produit", "Kolibri N3 Produit", 3),
)

_C = CategorySpec
CATEGORIES = (
    _C("paie", "Paie", "Bulletins, DSN, cotisations, virements.", "kolibri-n1-support", 1),
    _C("bulletins", "Bulletins de paie", "Calcul, édition et distribution des bulletins.", "kolibri-n1-support", 1, "paie"),
    _C("dsn", "DSN et déclarations", "DSN mensuelle, événementielle, anomalies et rejets.", "kolibri-n2-paie", 2, "paie"),
    _C("cotisations", "Cotisations et taux", "Taux AT, prévoyance, mutuelle, exonérations.", "kolibri-n1-support", 1, "paie"),
    _C("virements", "Virements et exports bancaires", "Fichiers SEPA, acomptes, export banque.", "kolibri-n1-support", 1, "paie"),
    _C("conges", "Congés et absences", "Compteurs, validation, absences longues.", "kolibri-n1-support", 1),
    _C("soldes", "Soldes et compteurs", "Acquisition, report, RTT.", "kolibri-n1-support", 1, "conges"),
    _C("validation", "Circuit de validation", "Approbations, délégations, notifications.", "kolibri-n1-support", 1, "conges"),
    _C("arrets", "Arrêts maladie et absences longues", "Subrogation, IJSS, maternité.", "kolibri-n2-paie", 2, "conges"),
    _C("entretiens", "Entretiens et évaluations", "Campagnes d'entretiens annuels et professionnels.", "kolibri-n1-support", 1),
    _C("campagnes", "Campagnes d'entretiens", "Lancement, relances, suivi de campagne.", "kolibri-n1-support", 1, "entretiens"),
    _C("formulaires", "Formulaires et modèles", "Trames, questions, signatures.", "kolibri-n1-support", 1, "entretiens"),
    _C("acces", "Accès et administration", "Connexion, rôles, import des salariés.", "kolibri-n1-support", 1),
    _C("connexion-sso", "Connexion et SSO", "Mot de passe, SSO SAML, double authentification.", "kolibri-n1-support", 1, "acces"),
    _C("roles-droits", "Rôles et droits", "Profils administrateur, manager, salarié.", "kolibri-n1-support", 1, "acces"),
    _C("import-salaries", "Import de salariés", "Fichiers CSV, entrées et sorties.", "kolibri-n1-support", 1, "acces"),
    _C("integrations", "Intégrations et API", "API publique, webhooks, connecteurs.", "kolibri-n2-integrations", 2),
    _C("api", "API et webhooks", "Erreurs d'API, quotas, webhooks.", "kolibri-n2-integrations", 2, "integrations"),
    _C("connecteurs", "Connecteurs comptables et SIRH", "Export comptable, synchronisation SIRH.", "kolibri-n2-integrations", 2, "integrations"),
    _C("abonnement", "Abonnement et facturation", "Factures Kolibri, licences, renouvellement.", "kolibri-n1-support", 1),
    _C("facture-abonnement", "Factures Kolibri", "Questions sur les factures d'abonnement.", "kolibri-n1-support", 1, "abonnement"),
    _C("licences", "Licences et renouvellement", "Ajout de licences, changement de formule.", "kolibri-n1-support", 1, "abonnement"),
)  # fmt: skip

_A = AgentSpec
AGENTS = (
    _A("helene.marchand", "Hélène", "Marchand", "supervisor", 2, ("kolibri-n1-support",), (), ("fr", "en"), 10),
    _A("vincent.perrot", "Vincent", "Perrot", "incident_manager", 3, ("kolibri-n3-produit",), ("integrations",), ("fr", "en"), 10),
    _A("aurelie.vidal", "Aurélie", "Vidal", "csm", 2, (), (), ("fr", "en"), 40),
    _A("benoit.carpentier", "Benoît", "Carpentier", "csm", 2, (), (), ("fr",), 40),
    _A("priya.shah", "Priya", "Shah", "csm", 2, (), (), ("en", "fr"), 40),
    _A("manon.leclerc", "Manon", "Leclerc", "agent", 1, ("kolibri-n1-support",), ("paie", "conges"), ("fr",), 25),
    _A("antoine.rey", "Antoine", "Rey", "agent", 1, ("kolibri-n1-support",), ("acces", "entretiens"), ("fr", "en"), 25),
    _A("fatima.elamrani", "Fatima", "El Amrani", "agent", 1, ("kolibri-n1-support",), ("paie",), ("fr",), 25),
    _A("guillaume.barbier", "Guillaume", "Barbier", "agent", 1, ("kolibri-n1-support",), ("conges", "abonnement"), ("fr",), 25),
    _A("emily.walker", "Emily", "Walker", "agent", 1, ("kolibri-n1-support",), ("acces", "entretiens"), ("en", "fr"), 25),
    _A("sandrine.hubert", "Sandrine", "Hubert", "agent", 2, ("kolibri-n2-paie",), ("paie", "dsn"), ("fr",), 18),
    _A("karim.bensaid", "Karim", "Bensaïd", "agent", 2, ("kolibri-n2-paie",), ("paie", "arrets"), ("fr",), 18),
    _A("jan.novak", "Jan", "Novak", "agent", 2, ("kolibri-n2-integrations",), ("api", "connecteurs"), ("en", "fr"), 18),
    _A("celine.roger", "Céline", "Roger", "agent", 2, ("kolibri-n2-integrations",), ("api",), ("fr", "en"), 18),
    _A("mathieu.gaillard", "Mathieu", "Gaillard", "agent", 3, ("kolibri-n3-produit",), ("paie", "dsn"), ("fr",), 10),
    _A("lukas.weber", "Lukas", "Weber", "agent", 3, ("kolibri-n3-produit",), ("api",), ("en", "fr"), 10),
)  # fmt: skip

_SECTORS = ("Transports", "Boulangeries", "Cliniques", "Hôtels", "Logistique", "Bâtiment",
            "Conseil", "Imprimerie", "Laboratoires", "Restaurants", "Agence", "Ateliers",
            "Pharmacies", "Menuiserie", "Garages", "Crèches", "Informatique", "Nettoyage")  # fmt: skip
_FORMS = ("SAS", "SARL", "SA", "Groupe", "& Fils", "Industrie", "Services", "France")


def org_name(rng: Random, index: int) -> str:
    return f"{rng.choice(_SECTORS)} {rng.choice(LAST_NAMES_FR)} {rng.choice(_FORMS)} ({index + 1})"


POPULATION = PopulationSpec(
    organisations=2500,
    consumers=0,
    segments=(("smb", 0.86), ("enterprise", 0.14)),
    plans={"smb": ("Essentiel", "Pro"), "enterprise": ("Entreprise", "Entreprise+")},
    arr={"smb": (1200, 18000), "enterprise": (40000, 420000)},
    contacts_per_org=(1, 3),
    en_share=0.18,
    org_name=org_name,
    email_domain="client-kolibri.example",
)

TRAFFIC = TrafficProfile(
    weekday=(1.4, 1.15, 1.05, 1.0, 0.8, 0.04, 0.02),
    hourly_week=(
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.01,
        0.03,
        0.25,
        0.9,
        1.6,
        1.6,
        1.3,
        0.6,
        0.75,
        1.3,
        1.3,
        1.15,
        0.9,
        0.45,
        0.2,
        0.1,
        0.05,
        0.02,
        0.0,
    ),
    hourly_weekend=(
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.1,
        0.4,
        0.8,
        1.0,
        1.0,
        0.6,
        0.6,
        0.8,
        0.8,
        0.6,
        0.4,
        0.2,
        0.1,
        0.05,
        0.0,
        0.0,
        0.0,
    ),
    open_hours=((9, 18), (9, 18), (9, 18), (9, 18), (9, 18), None, None),
    month_factor={8: 0.6, 12: 0.85},
    month_end_factor=2.2,
)

TEXTS = Texts(
    solutions={
        "paie": {
            "fr": ("Le taux appliqué venait d'un paramétrage de l'établissement. Je l'ai corrigé : relancez le calcul de la paie de {month} et le bulletin sera juste.",
                   "L'anomalie DSN vient du code {code} manquant sur {employees} salariés. Une fois complété, vous pouvez redéposer la DSN.",
                   "Le fichier SEPA a été regénéré avec le bon format, vous pouvez le réimporter dans votre banque."),
            "en": ("The rate came from an establishment setting. I fixed it: re-run the {month} payroll and the payslip will be right.",
                   "The DSN error is due to the missing {code} code on {employees} employees; once filled in you can resubmit."),
        },
        "conges": {
            "fr": ("Le compteur n'était pas recalculé après le changement de règle d'acquisition. C'est corrigé pour tous vos salariés.",
                   "La délégation de validation est maintenant active pendant l'absence du manager.",
                   "La subrogation est bien paramétrée : les IJSS seront intégrées sur la prochaine paie."),
            "en": ("The balance was not recalculated after the accrual rule changed. It is fixed for all employees.",
                   "The approval delegation is now active while the manager is away."),
        },
        "entretiens": {
            "fr": ("La campagne est relancée, les relances automatiques partiront demain à 9h.",
                   "J'ai dupliqué la trame d'entretien : vous pouvez maintenant la modifier sans toucher aux entretiens en cours."),
            "en": ("The campaign is restarted; automatic reminders go out tomorrow at 9am.",
                   "I duplicated the review template so you can edit it without touching ongoing reviews."),
        },
        "acces": {
            "fr": ("Le certificat SAML de votre fournisseur d'identité avait expiré. Une fois le nouveau déposé, la connexion SSO fonctionne à nouveau.",
                   "Le rôle « Gestionnaire paie » a été attribué à l'utilisateur concerné.",
                   "L'import a échoué à cause du format de date en colonne F (JJ/MM/AAAA attendu). Avec le fichier corrigé, les {employees} salariés sont importés."),
            "en": ("Your identity provider's SAML certificate had expired. With the new one uploaded, SSO works again.",
                   "The import failed because of the date format in column F (DD/MM/YYYY expected)."),
        },
        "integrations": {
            "fr": ("Le webhook renvoyait une erreur 401 : la clé d'API avait été révoquée. Une nouvelle clé est générée.",
                   "Le connecteur {app} est resynchronisé, les écritures de {month} sont exportées."),
            "en": ("The webhook returned 401: the API key had been revoked. A new key is generated.",
                   "The {app} connector is resynchronised and the {month} entries are exported."),
        },
        "abonnement": {
            "fr": ("Les {count} licences supplémentaires sont ajoutées, la facture au prorata vous parviendra en fin de mois.",
                   "Vous trouverez la facture dans Administration > Abonnement > Factures."),
            "en": ("The {count} extra licences are added; the prorated invoice will follow at month end.",
                   "You will find the invoice under Administration > Subscription > Invoices."),
        },
    },
    questions={
        "": {"fr": ("Pourriez-vous nous préciser l'établissement concerné (SIRET) ?",
                    "Avez-vous modifié le paramétrage récemment ?"),
             "en": ("Could you tell us which site (SIRET) is concerned?",
                    "Did you change any settings recently?")},
        "paie": {"fr": ("Pourriez-vous m'indiquer le matricule d'un salarié concerné et la période de paie ?",
                        "Pouvez-vous m'envoyer le compte rendu de rejet DSN (fichier PDF) ?")},
        "conges": {"fr": ("Pouvez-vous m'indiquer le matricule d'un salarié concerné et le compteur en cause ?",
                          "Quelle règle d'acquisition est paramétrée pour cette population ?")},
        "entretiens": {"fr": ("Quel est le nom de la campagne concernée ?",)},
        "acces": {"fr": ("Pouvez-vous nous transmettre le fichier d'import et le message d'erreur exact ?",
                         "Quel fournisseur d'identité utilisez-vous (Azure AD, Google, Okta) ?")},
        "integrations": {"fr": ("Pouvez-vous nous donner l'identifiant de requête (X-Request-Id) d'un appel en erreur ?",)},
        "abonnement": {"fr": ("Pouvez-vous nous indiquer le numéro de facture concerné ?",)},
    },
    escalation_reasons={
        2: ("Anomalie DSN bloquante, expertise paie requise", "Calcul de cotisation à vérifier par un expert paie",
            "Erreur d'API reproductible, analyse intégration", "Client Entreprise, échéance de paie imminente"),
        3: ("Bug de calcul confirmé, correctif produit nécessaire", "Régression depuis la dernière version",
            "Anomalie de données en base, intervention technique"),
    },
    notes=("Client Entreprise, prévenir le CSM.", "Reproduit sur l'environnement de recette.",
           "Échéance DSN le 5 : à traiter avant.", "Même souci remonté par deux autres clients cette semaine.",
           "Vérifié le paramétrage établissement : rien d'anormal."),
    details={
        "fr": ("Nous avons {employees} salariés.", "Notre paie doit partir le {day}.", "C'est sur la paie de {month}.",
               "Le message d'erreur est : {code}.", "Je suis gestionnaire paie.", "Nous utilisons {app} pour la compta.",
               "C'est bloquant pour la clôture de paie.", "Ça concerne plusieurs salariés."),
        "en": ("We have {employees} employees.", "Our payroll must go out on {day}.", "It is about the {month} payroll.",
               "The error message is: {code}.", "This blocks our payroll closing."),
    },
    slots={
        "app": ("Sage", "Cegid", "QuickBooks", "Pennylane", "Workday", "SAP SuccessFactors"),
        "code": ("CTP 100", "S21.G00.40", "ERR_SEPA_042", "KRH-500", "HTTP 429", "HTTP 401", "S21.G00.78"),
        "module": ("Paie", "Congés", "Entretiens", "Notes de frais", "Temps"),
    },
)  # fmt: skip

CUSTOM_FIELDS = (
    CustomFieldSpec("organisation", "kolibri_employee_count", "Nombre de salariés", "number"),
    CustomFieldSpec("ticket", "kolibri_module", "Module concerné", "choice",
                    ("Paie", "Congés", "Entretiens", "Notes de frais", "Temps"), True),
    CustomFieldSpec("ticket", "kolibri_payroll_period", "Période de paie", "date"),
)  # fmt: skip

MACROS = (
    MacroSpec("Kolibri - Demande de matricule", "Bonjour {{ requester.first_name }},\n\nPour analyser, pourriez-vous m'indiquer le matricule d'un salarié concerné et la période de paie ?\n\n{{ agent.name }}", set_fields=(("status", "pending"),)),
    MacroSpec("Kolibri - Réinitialisation SSO", "Bonjour {{ requester.first_name }},\n\nLe certificat SAML doit être renouvelé dans Administration > Sécurité. Voici la marche à suivre.\n\n{{ agent.name }}"),
    MacroSpec("Kolibri - Transmis aux experts paie", "Bonjour {{ requester.first_name }},\n\nVotre demande est transmise à nos experts paie, qui reviennent vers vous sous 24 h ouvrées.\n\n{{ agent.name }}", set_fields=(("tier", "2"), ("team", "kolibri-n2-paie"))),
    MacroSpec("Kolibri - Clôture", "Bonjour {{ requester.first_name }},\n\nSans retour de votre part, nous clôturons cette demande. N'hésitez pas à nous réécrire.\n\n{{ agent.name }}", set_fields=(("status", "solved"),)),
)  # fmt: skip

_MODULE_OF = {"paie": "Paie", "conges": "Congés", "entretiens": "Entretiens"}


def ticket_fields(rng: Random, category: str, top: str, day: dt.date) -> dict[str, object]:
    fields: dict[str, object] = {}
    module = _MODULE_OF.get(top)
    if module:
        fields["kolibri_module"] = module
    if top == "paie":
        period = day.replace(day=1) if day.day > 10 else (day.replace(day=1) - dt.timedelta(days=1))
        fields["kolibri_payroll_period"] = period.replace(day=1).isoformat()
    return fields


SPEC = BrandSpec(
    slug="kolibri",
    name="Kolibri RH",
    prefix="KRH",
    legal_name="Kolibri Software SAS",
    host="support.kolibri-rh.localhost",
    support_email="support@kolibri-rh.example",
    languages=("fr", "en"),
    teams=TEAMS,
    categories=CATEGORIES,
    agents=AGENTS,
    intents=INTENTS,
    traffic=TRAFFIC,
    channels=(
        ("email", 0.45),
        ("portal", 0.33),
        ("chat", 0.1),
        ("phone", 0.05),
        ("teams", 0.03),
        ("slack", 0.02),
        ("api", 0.02),
    ),
    population=POPULATION,
    texts=TEXTS,
    custom_fields=CUSTOM_FIELDS,
    macros=MACROS,
    ticket_fields=ticket_fields,
    escalation_teams={
        "acces": "kolibri-n2-integrations",
        "integrations": "kolibri-n2-integrations",
    },
)
