"""Asclépia (medical software): help-centre content for `kb_demo`."""

from guichet.knowledge.demo_content.spec import A, C, FlowSpec, S, T

CATEGORIES = (
    C("Prescription et ordonnances", "Rédiger, renouveler et imprimer les ordonnances.",
      "Prescriptions", (S("Ordonnances", "Prescriptions"), S("Ordonnances bizone et ALD", "Dual-zone prescriptions"))),
    C("Impression", "Imprimantes, modèles et mise en page.", "Printing",
      (S("Imprimante et pilotes", "Printers and drivers"), S("Modèles et mise en page", "Templates and layout"))),
    C("Facturation et télétransmission", "FSE, carte Vitale, NOEMIE, tiers payant.", "Billing and e-claims",
      (S("FSE et carte Vitale", "E-claims and Vitale card"), S("Rejets NOEMIE", "NOEMIE rejections"),
       S("Lecteur de cartes et CPS", "Card readers"))),
    C("Installation et mises à jour", "Nouveau poste, mises à jour du logiciel.", "Installation and updates",
      (S("Mises à jour", "Updates"), S("Poste de travail", "Workstation"))),
)  # fmt: skip

PRINTER = A(
    key="printer",
    section="Imprimante et pilotes",
    title="Installer et configurer l'imprimante d'ordonnances",
    summary="Votre ordonnance ne s'imprime pas ou sort blanche ? Paramétrez l'imprimante et le bac des ordonnances sécurisées.",
    shape="symptom",
    tags=("imprimante", "ordonnance", "impression"),
    body="""## Symptôme

- L'ordonnance ne s'imprime pas : le document reste « en attente » dans la file d'impression.
- L'ordonnance sort en **page blanche**, alors que les autres documents s'impriment.
- Le logiciel affiche « Erreur d'impression » après une mise à jour.

## Cause

Le plus souvent, l'imprimante d'ordonnances n'est plus sélectionnée dans Asclépia (changement de
pilote, mise à jour de Windows) ou le bac des **ordonnances sécurisées** n'est pas le bon.

## Résolution

1. Vérifiez que l'imprimante est allumée et que son voyant est **vert** (pas orange ni clignotant).
2. Dans Asclépia, ouvrez **Paramètres › Impression › Ordonnances**.
3. Choisissez votre imprimante dans la liste *Imprimante des ordonnances* (et non « Microsoft Print to PDF »).
4. Dans *Bac*, sélectionnez le bac où sont chargées les ordonnances sécurisées (souvent *Bac 2*).
5. Cliquez sur **Imprimer une page de test**.
6. Si le document reste bloqué, videz la file d'attente : *Windows › Imprimantes › Voir la file d'attente › Annuler tous les documents*, puis redémarrez le **spouleur d'impression** (`services.msc` › *Spouleur d'impression* › *Redémarrer*).

> Astuce : après une mise à jour d'Asclépia, refaites l'étape 3 : le nom du pilote a parfois changé.

## Toujours bloqué ?

Notez le modèle de l'imprimante et le message affiché, puis ouvrez une demande : un technicien
peut prendre la main à distance.""",
    review_days=120,
    en=T(
        "Set up the prescription printer",
        "Prescription not printing or coming out blank? Select the printer and the secure-prescription tray.",
        """## Symptom

- The prescription does not print: it stays *pending* in the print queue.
- The prescription comes out **blank** while other documents print.

## Resolution

1. Check that the printer is on and that its light is **green**.
2. In Asclépia, open **Settings › Printing › Prescriptions**.
3. Pick your printer in *Prescription printer* (not "Microsoft Print to PDF").
4. In *Tray*, pick the tray holding the secure prescription paper (often *Tray 2*).
5. Click **Print a test page**.
6. If the job stays stuck, clear the queue and restart the **print spooler** (`services.msc`).""",
    ),
)

ARTICLES = (
    PRINTER,
    A("bizone", "Ordonnances bizone et ALD", "Rédiger une ordonnance bizone pour un patient en ALD",
      "Placer les médicaments liés à l'affection de longue durée dans la bonne zone.", "task",
      ("ald", "bizone", "ordonnance"),
      """## Avant de commencer

- Le patient doit avoir une ALD renseignée dans son dossier (*Dossier › Administratif › ALD*).

## Étapes

1. Ouvrez une nouvelle ordonnance et choisissez le modèle **Bizone**.
2. Pour chaque médicament, cochez **En rapport avec l'ALD** s'il traite l'affection exonérante.
3. Les lignes cochées passent dans la zone haute, les autres dans la zone basse.
4. Imprimez : l'en-tête bizone est ajouté automatiquement.

## Résultat attendu

Deux zones séparées par un trait, la zone haute intitulée « Prescriptions relatives au traitement de l'affection de longue durée ».""",
      review_days=200,
      en=T("Write a dual-zone prescription for a long-term condition (ALD)",
           "Put the medicines related to the long-term condition in the right zone.",
           "1. Open a new prescription and choose the **Dual-zone** template.\n2. Tick **Related to the ALD** for each medicine that treats the condition.\n3. Print: the dual-zone header is added for you.")),
    A("posology", "Ordonnances", "La posologie est coupée sur l'ordonnance imprimée",
      "Afficher la posologie en entier quand elle est longue.", "symptom", ("ordonnance", "posologie"),
      """## Symptôme

La fin de la posologie n'apparaît pas sur l'ordonnance imprimée.

## Résolution

1. Ouvrez **Paramètres › Impression › Modèles › Ordonnance**.
2. Cochez **Posologie sur plusieurs lignes**.
3. Si la ligne reste coupée, réduisez la taille de police du corps à 10 points."""),
    A("header", "Modèles et mise en page", "Modifier l'en-tête des ordonnances (adresse, RPPS, horaires)",
      "Mettre à jour l'adresse du cabinet, le numéro RPPS et les horaires sur vos ordonnances.", "task",
      ("en-tete", "rpps", "modele"),
      """## Étapes

1. Ouvrez **Paramètres › Impression › En-têtes**.
2. Choisissez l'en-tête du praticien concerné.
3. Modifiez l'adresse, le téléphone et les horaires ; le numéro **RPPS** est repris de la fiche praticien.
4. Cliquez sur **Aperçu** puis **Enregistrer**.

> Sur les ordonnances sécurisées pré-imprimées, décochez *Imprimer l'en-tête* pour ne pas l'imprimer deux fois.""",
      review_days=-20),
    A("fse", "FSE et carte Vitale", "Créer et envoyer une feuille de soins électronique (FSE)",
      "Facturer une consultation avec la carte Vitale et télétransmettre la FSE.", "task",
      ("fse", "vitale", "teletransmission"),
      """## Étapes

1. Insérez la carte CPS puis la carte Vitale du patient dans le lecteur.
2. Dans le dossier du patient, cliquez sur **Facturer**.
3. Choisissez l'acte (par exemple *G* pour une consultation de médecine générale) et le mode de paiement.
4. Cliquez sur **Sécuriser** : la FSE est signée avec votre carte CPS.
5. Les FSE sont envoyées au prochain lot de télétransmission (menu **Télétransmission › Envoyer**).

## Résultat attendu

La FSE apparaît dans *Télétransmission › Lots envoyés* ; l'accusé de réception arrive sous 24 à 48 h.""",
      en=T("Create and send an electronic claim (FSE)", "Bill a visit with the Vitale card and send the claim.",
           "1. Insert your CPS card, then the patient's Vitale card.\n2. In the patient record, click **Bill**.\n3. Choose the act and click **Secure**.\n4. Send the batch from **E-claims › Send**.")),
    A("noemie", "Rejets NOEMIE", "Comprendre un rejet NOEMIE et renvoyer la FSE",
      "Lire le code de rejet d'un retour NOEMIE et corriger la facture.", "symptom",
      ("noemie", "rejet", "fse"),
      """## Symptôme

Un retour NOEMIE indique « rejet » pour une ou plusieurs FSE, et le paiement n'arrive pas.

## Résolution

1. Ouvrez **Télétransmission › Retours NOEMIE** et cliquez sur le rejet.
2. Lisez le code : *A010* droits du patient non ouverts, *B320* acte incompatible, *C120* tiers payant refusé.
3. Corrigez la facture (droits à jour avec la carte Vitale, acte, mode de tiers payant).
4. Cliquez sur **Refacturer** : une nouvelle FSE est créée et part au prochain lot.""",
      visibility="customers"),
    A("reader", "Lecteur de cartes et CPS", "Le lecteur de carte Vitale n'est pas détecté",
      "Le logiciel indique « lecteur absent » ou la carte n'est pas lue.", "symptom",
      ("lecteur", "vitale", "cps"),
      """## Résolution

1. Débranchez puis rebranchez le lecteur (port USB direct, pas de concentrateur).
2. Vérifiez que le voyant du lecteur s'allume.
3. Dans Asclépia, ouvrez **Paramètres › Lecteur** et cliquez sur **Détecter**.
4. Si le lecteur reste absent, réinstallez les composants Sesam-Vitale depuis **Aide › Outils › Composants**."""),
    A("update", "Mises à jour", "Installer une mise à jour d'Asclépia",
      "Les étapes pour installer une nouvelle version sans perdre vos réglages.", "task",
      ("mise-a-jour", "installation"),
      """## Avant de commencer

- Fermez Asclépia sur **tous** les postes du cabinet.
- Faites une sauvegarde (**Outils › Sauvegarde**).

## Étapes

1. Sur le poste serveur, lancez **Aide › Rechercher une mise à jour**.
2. Acceptez le téléchargement puis l'installation.
3. Redémarrez le poste serveur, puis les autres postes : ils se mettent à jour au démarrage.

> Après une mise à jour, vérifiez l'imprimante des ordonnances (voir *Installer et configurer l'imprimante d'ordonnances*).""",
      review_days=-45),
    A("update-failed", "Mises à jour", "Le logiciel ne démarre plus après une mise à jour",
      "Que faire si Asclépia reste bloqué ou affiche une erreur au démarrage après une mise à jour.", "symptom",
      ("mise-a-jour", "demarrage"),
      """## Résolution

1. Redémarrez le poste.
2. Lancez **Asclépia › Réparer l'installation** depuis le menu Démarrer.
3. Si l'erreur mentionne la base de données, vérifiez que le poste serveur est allumé et accessible."""),
    A("remote", "Poste de travail", "Procédure interne : prise en main à distance",
      "Pour les agents : lancer une session de prise en main et vérifier l'identité du praticien.", "task",
      ("interne", "prise-en-main"),
      """## Étapes (agents)

1. Vérifiez l'identité du praticien : numéro RPPS et code postal du cabinet.
2. Demandez-lui d'ouvrir **Aide › Assistance à distance** et de vous lire le code à 9 chiffres.
3. Saisissez le code dans la console d'assistance ; ne restez connecté que le temps nécessaire.
4. Notez dans le ticket ce qui a été modifié.""",
      visibility="internal"),
)  # fmt: skip

FLOWS = (
    FlowSpec(
        title="Mon ordonnance ne s'imprime pas",
        description="Quelques questions pour remettre l'impression des ordonnances en route.",
        steps={
            "light": {"text": "Le voyant de l'imprimante est-il vert ?", "options": [
                {"label": "Oui, il est vert", "next": "queue"},
                {"label": "Non, il est orange ou clignote", "next": "paper"},
                {"label": "Il est éteint", "next": "power"}]},
            "power": {"text": "Branchez l'imprimante et appuyez sur le bouton marche. Le voyant est-il vert maintenant ?", "options": [
                {"label": "Oui", "next": "queue"}, {"label": "Non", "next": "ticket"}]},
            "paper": {"text": "Ouvrez le bac des ordonnances sécurisées : contient-il du papier et n'y a-t-il pas de bourrage ?", "options": [
                {"label": "Le bac était vide ou bloqué, c'est réparé", "next": "fixed"},
                {"label": "Le bac est bien rempli", "next": "ticket"}]},
            "queue": {"text": "D'autres documents (courrier, facture) s'impriment-ils ?", "options": [
                {"label": "Oui, seules les ordonnances bloquent", "next": "settings"},
                {"label": "Non, rien ne s'imprime", "next": "spooler"}]},
            "spooler": {"text": "Redémarrez le spouleur d'impression (services.msc › Spouleur d'impression › Redémarrer). L'impression repart-elle ?", "options": [
                {"label": "Oui", "next": "fixed"}, {"label": "Non", "next": "ticket"}]},
            "settings": {"text": "L'imprimante ou le bac des ordonnances n'est probablement plus sélectionné dans Asclépia. Suivez ce guide pas à pas :", "end": "article", "article": "printer"},
            "fixed": {"text": "Parfait, l'impression fonctionne de nouveau. Bonne consultation !", "end": "resolved"},
            "ticket": {"text": "Un technicien va vous aider, éventuellement en prenant la main à distance.", "end": "ticket", "subject": "Impression des ordonnances impossible"},
        },
        start="light",
    ),
)  # fmt: skip

WIDGET_RULES = (
    ("Ordonnances", "/ordonnances/*", "prescriptions", ("printer", "posology", "bizone")),
    ("Facturation", "/facturation/*", "billing", ("fse", "reader")),
)

SEARCHES = (
    ("mon ordonnance ne s'imprime pas", 40), ("imprimante", 30), ("fse rejet", 18), ("carte vitale", 16),
    ("bizone ald", 10), ("mise à jour", 14), ("lecteur cps", 8), ("en-tête ordonnance", 7),
    ("ordonance imprimante", 6), ("agenda synchronisation", 9), ("dmp", 6), ("interactions médicamenteuses", 5),
)  # fmt: skip
