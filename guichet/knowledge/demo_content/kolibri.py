"""Kolibri RH (HR software): help-centre content for `kb_demo`."""

from guichet.knowledge.demo_content.spec import A, C, FlowSpec, S, T

CATEGORIES = (
    C("Paie", "Bulletins, DSN, cotisations et virements.", "Payroll",
      (S("Bulletins de paie", "Payslips"), S("DSN", "DSN filings"), S("Virements", "Bank transfers"))),
    C("Congés et absences", "Compteurs, validation, absences longues.", "Leave and absences",
      (S("Soldes et compteurs", "Balances"), S("Circuit de validation", "Approval workflow"))),
    C("Accès et administration", "Connexion, rôles, import des salariés.", "Access and administration",
      (S("Connexion et SSO", "Sign-in and SSO"), S("Import de salariés", "Employee import"))),
)  # fmt: skip

ARTICLES = (
    A("dsn-rejected", "DSN", "Ma DSN est rejetée : lire le compte rendu et corriger",
      "Les anomalies bloquantes les plus fréquentes et comment les corriger avant le 5 ou le 15.", "symptom",
      ("dsn", "rejet", "paie"),
      """## Symptôme

Le compte rendu de la DSN mensuelle indique **« Rejet »** ou des anomalies bloquantes.

## Résolution

1. Ouvrez **Paie › DSN › Historique** et cliquez sur le compte rendu.
2. Anomalie *CCH-11* : le NIR d'un salarié est faux. Corrigez-le dans sa fiche.
3. Anomalie *CSL-10* : un taux de cotisation ne correspond pas à l'organisme. Vérifiez *Paramètres › Cotisations*.
4. Cliquez sur **Générer une DSN annule et remplace** puis **Déposer**.

> Les DSN doivent être déposées avant le 5 (entreprises de 50 salariés et plus) ou le 15 du mois.""",
      review_days=90,
      en=T("My DSN was rejected: read the report and fix it", "The most common blocking anomalies and how to fix them.",
           "1. Open **Payroll › DSN › History** and open the report.\n2. *CCH-11*: wrong social security number.\n3. *CSL-10*: contribution rate mismatch.\n4. Generate a **cancel and replace** DSN and file it.")),
    A("payslip-publish", "Bulletins de paie", "Publier les bulletins de paie aux salariés",
      "Mettre les bulletins à disposition dans l'espace salarié et prévenir par e-mail.", "task",
      ("bulletin", "paie"),
      """1. Clôturez la paie du mois (**Paie › Clôture**).
2. Ouvrez **Bulletins › Publier** et cochez *Prévenir les salariés par e-mail*.
3. Les bulletins sont disponibles dans le coffre-fort numérique de chaque salarié.""",
      en=T("Publish payslips to employees", "Make payslips available in the employee space.",
           "1. Close the payroll month.\n2. Open **Payslips › Publish** and tick *Email employees*.")),
    A("sepa", "Virements", "Générer le fichier de virement des salaires (SEPA)",
      "Exporter le fichier XML SEPA à déposer sur le site de votre banque.", "task",
      ("sepa", "virement", "banque"),
      """1. Ouvrez **Paie › Virements › Nouveau fichier**.
2. Choisissez la date d'exécution et le compte émetteur.
3. Téléchargez le fichier **pain.001** et déposez-le sur le site de votre banque.

> Un salarié sans IBAN est signalé en rouge : complétez sa fiche avant de générer le fichier."""),
    A("leave-balance", "Soldes et compteurs", "Le solde de congés d'un salarié est faux",
      "Acquisition, report N-1 et RTT : vérifier et corriger un compteur.", "symptom",
      ("conges", "compteur"),
      """## Résolution

1. Ouvrez la fiche du salarié › **Congés › Historique des mouvements**.
2. Vérifiez la date d'entrée et le rythme d'acquisition (2,08 jours ouvrés par mois).
3. Ajoutez un **mouvement de régularisation** avec un commentaire : il apparaît sur le prochain bulletin.""",
      review_days=-30),
    A("approval", "Circuit de validation", "Déléguer la validation des congés pendant une absence",
      "Un manager absent peut confier ses validations à un collègue.", "task", ("validation", "delegation"),
      """1. Le manager ouvre **Mon profil › Délégations**.
2. Il choisit le délégué et la période.
3. Les demandes de son équipe arrivent chez le délégué pendant cette période."""),
    A("sso", "Connexion et SSO", "Configurer la connexion unique SAML (SSO)",
      "Relier Kolibri RH à votre fournisseur d'identité (Azure AD, Okta, Google).", "task",
      ("sso", "saml", "connexion"),
      """1. Ouvrez **Administration › Sécurité › SSO SAML**.
2. Copiez l'URL ACS et l'identifiant d'entité dans votre fournisseur d'identité.
3. Importez le fichier de métadonnées de votre fournisseur.
4. Testez avec un compte administrateur avant d'activer le SSO pour tous.""",
      visibility="customers",
      en=T("Set up SAML single sign-on (SSO)", "Connect Kolibri RH to your identity provider.",
           "1. Open **Administration › Security › SAML SSO**.\n2. Copy the ACS URL and entity ID to your identity provider.\n3. Import your provider's metadata.\n4. Test with an admin account first.")),
    A("password", "Connexion et SSO", "Mot de passe oublié ou compte bloqué",
      "Réinitialiser son mot de passe ou débloquer un compte.", "faq", ("mot-de-passe", "connexion"),
      """### J'ai oublié mon mot de passe
Cliquez sur *Mot de passe oublié* sur la page de connexion : un lien valable 1 heure vous est envoyé.

### Mon compte est bloqué
Après 5 essais, le compte est bloqué 15 minutes. Un administrateur peut le débloquer dans *Administration › Utilisateurs*."""),
    A("import", "Import de salariés", "Importer des salariés depuis un fichier CSV",
      "Le format attendu et les erreurs fréquentes de l'import.", "task", ("import", "csv"),
      """1. Téléchargez le modèle depuis **Administration › Import › Modèle CSV**.
2. Remplissez une ligne par salarié (séparateur `;`, dates au format JJ/MM/AAAA).
3. Importez le fichier : un rapport liste les lignes en erreur, les autres sont créées.""",
      state="draft"),
)  # fmt: skip

FLOWS = (
    FlowSpec(
        title="Ma DSN est rejetée",
        description="Trouvez la cause d'un rejet de DSN.",
        steps={
            "report": {"text": "Le compte rendu indique-t-il une anomalie bloquante (code en rouge) ?", "options": [
                {"label": "Oui", "next": "code"}, {"label": "Non, seulement des avertissements", "next": "warn"}]},
            "code": {"text": "Lisez le code et suivez la procédure de correction :", "end": "article", "article": "dsn-rejected"},
            "warn": {"text": "Les avertissements n'empêchent pas le dépôt : votre DSN est acceptée.", "end": "resolved"},
        },
        start="report",
    ),
)  # fmt: skip

WIDGET_RULES = (("Paie", "/paie/*", "payroll", ("dsn-rejected", "payslip-publish", "sepa")),)

SEARCHES = (
    ("dsn rejetée", 30), ("bulletin de paie", 22), ("solde congés faux", 17), ("sso saml", 10),
    ("mot de passe oublié", 20), ("virement sepa", 12), ("import csv salariés", 9),
    ("entretien annuel campagne", 8), ("prévoyance taux", 6), ("api webhook", 5),
)  # fmt: skip
