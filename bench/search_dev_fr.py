"""French dev queries for bench/search_dev.py, written for the demo help centre's articles.

The articles are guichet/knowledge/demo_content (Asclépia, Kolibri RH, Telvia); the questions
below were written by hand as a customer would type them (paraphrases, missing accents, a few
typos), without looking at any retrieval benchmark. Keys are the articles' `key`s. They exist to
choose search parameters on French, FAQ-shaped data that no benchmark scores.
"""

QUERIES: dict[str, tuple[str, ...]] = {
    "printer": (
        "mes ordonnances sortent blanches de l'imprimante",
        "comment régler le bac pour les ordonnances sécurisées",
        "impossible d'imprimer une prescription",
    ),
    "bizone": (
        "mettre les médicaments de l'affection longue durée dans la zone du haut",
        "prescription pour un malade en ALD 100%",
        "ordonnance deux zones comment faire",
    ),
    "posology": (
        "le dosage n'apparait pas en entier quand j'imprime",
        "texte de la posologie tronqué",
        "les instructions de prise sont coupées sur le papier",
    ),
    "header": (
        "changer l'adresse du cabinet sur mes prescriptions",
        "mettre à jour mon numéro rpps",
        "ajouter mes horaires de consultation en haut de l'ordonnance",
    ),
    "fse": (
        "facturer une consultation avec la carte vitale",
        "comment télétransmettre une feuille de soins",
        "faire une fse",
    ),
    "noemie": (
        "la caisse a rejeté ma facture, que veut dire le code",
        "retour noémie en erreur",
        "renvoyer une feuille de soins refusée par l'assurance maladie",
    ),
    "reader": (
        "le logiciel dit lecteur absent",
        "ma carte vitale n'est pas lue",
        "le boitier de lecture n'est pas reconnu par l'ordinateur",
    ),
    "update": (
        "comment passer à la nouvelle version du logiciel",
        "installer la derniere version sans perdre mes paramètres",
        "mise a jour asclepia etapes",
    ),
    "update-failed": (
        "depuis la mise à jour le logiciel ne se lance plus",
        "erreur au démarrage après avoir mis à jour",
        "asclepia bloqué au lancement",
    ),
    "remote": (
        "prendre la main sur le poste du médecin",
        "vérifier l'identité du praticien avant une session à distance",
        "télémaintenance procédure agent",
    ),
    "dsn-rejected": (
        "ma déclaration sociale nominative a été refusée",
        "anomalie bloquante dsn comment corriger",
        "compte rendu de dépôt dsn en erreur",
    ),
    "payslip-publish": (
        "mettre les fiches de paie à disposition des employés",
        "envoyer les bulletins de salaire aux salariés",
        "les salariés ne voient pas leur fiche de paye dans leur espace",
    ),
    "sepa": (
        "fichier de virement des salaires pour la banque",
        "exporter le xml sepa",
        "payer les salaires par virement groupé",
    ),
    "leave-balance": (
        "le compteur de congés payés d'un employé est incorrect",
        "report des congés de l'année précédente erroné",
        "corriger le nombre de jours de rtt",
    ),
    "approval": (
        "je pars en vacances, qui valide les demandes d'absence de mon équipe",
        "confier la validation des congés à un collègue",
        "délégation d'approbation manager absent",
    ),
    "sso": (
        "se connecter avec azure ad",
        "authentification unique okta",
        "configurer saml avec notre fournisseur d'identité",
    ),
    "password": (
        "j'ai oublié mon mot de passe",
        "mon compte est verrouillé après plusieurs essais",
        "réinitialiser mes identifiants de connexion",
    ),
    "import": (
        "importer la liste du personnel depuis excel",
        "format du fichier csv pour ajouter des salariés",
        "l'import des employés échoue",
    ),
    "box-lights": (
        "la lumière de ma box est rouge",
        "que veut dire le voyant orange",
        "la box clignote en blanc",
    ),
    "no-internet": (
        "je n'ai plus internet à la maison",
        "ma connexion fibre est coupée",
        "aucun appareil n'arrive à se connecter au web",
    ),
    "wifi-slow": (
        "le wifi est très lent",
        "ma connexion sans fil se coupe souvent",
        "améliorer la portée du wi-fi dans une grande maison",
    ),
    "esim": (
        "activer une sim virtuelle",
        "scanner le qr code pour ma ligne",
        "passer en esim sur mon iphone",
    ),
    "puk": (
        "j'ai tapé trois fois le mauvais code pin",
        "ma sim est verrouillée",
        "où trouver le code de déblocage de ma carte sim",
    ),
    "bill-high": (
        "pourquoi ma facture a augmenté ce mois-ci",
        "montant facturé plus cher que prévu",
        "frais hors forfait sur ma facture",
    ),
    "rib": (
        "changer de compte bancaire pour le prélèvement",
        "nouveau rib à enregistrer",
        "modifier mes coordonnées bancaires",
    ),
    "cancel": (
        "je veux arrêter mon abonnement",
        "comment résilier mon forfait",
        "frais de résiliation et renvoi de la box",
    ),
    "gdpr": (
        "obtenir les données que vous avez sur moi",
        "supprimer mes informations personnelles rgpd",
        "droit d'accès à mes données",
    ),
    "outage-script": (
        "que dire aux clients pendant une panne réseau générale",
        "incident majeur discours à tenir",
        "script appel client panne",
    ),
}
