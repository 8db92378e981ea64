"""Telvia (consumer telecom): help-centre content for `kb_demo`."""

from guichet.knowledge.demo_content.spec import A, C, FlowSpec, S, T

CATEGORIES = (
    C("Fibre et box", "Internet fixe, box, Wi-Fi et TV.", "Fibre and box",
      (S("Panne internet", "Internet outage"), S("Box et Wi-Fi", "Box and Wi-Fi"))),
    C("Mobile", "Ligne mobile, SIM, réseau et forfait.", "Mobile",
      (S("Carte SIM et eSIM", "SIM and eSIM"), S("Réseau et couverture", "Network and coverage"))),
    C("Facturation", "Factures, paiements, remboursements.", "Billing",
      (S("Comprendre ma facture", "Understanding my bill"), S("Paiement", "Payment"))),
    C("Compte et contrat", "Contrat, résiliation, données personnelles.", "Account and contract",
      (S("Résiliation", "Cancellation"), S("Données personnelles", "Personal data"))),
)  # fmt: skip

ARTICLES = (
    A("box-lights", "Box et Wi-Fi", "Que signifient les voyants de ma box ?",
      "Blanc, rouge, orange, clignotant : le sens de chaque voyant de la box Telvia.", "faq",
      ("box", "voyant", "internet"),
      """### Le voyant est blanc fixe
Tout fonctionne : la box est connectée.

### Le voyant clignote en blanc
La box démarre ou se met à jour. Patientez 10 minutes sans la débrancher.

### Le voyant est rouge fixe
La box ne reçoit pas de signal fibre. Vérifiez que le câble fibre est bien clipsé dans la prise optique, puis redémarrez la box.

### Le voyant est orange
La box est connectée mais sans internet : un incident est peut-être en cours. Consultez la page *État du réseau*.""",
      en=T("What do the lights on my box mean?", "White, red, orange, blinking: what each light means.",
           "### Solid white\nEverything works.\n\n### Blinking white\nThe box is starting or updating: wait 10 minutes.\n\n### Solid red\nNo fibre signal: check the fibre cable, then restart the box.")),
    A("no-internet", "Panne internet", "Plus d'internet : les vérifications à faire",
      "Votre connexion fibre ne fonctionne plus ? Suivez ces étapes avant de nous contacter.", "symptom",
      ("panne", "internet", "fibre"),
      """## Symptôme

Plus aucun appareil n'accède à internet, ou la connexion coupe sans arrêt.

## Résolution

1. Regardez le voyant de la box (voir *Que signifient les voyants de ma box ?*).
2. Redémarrez la box : débranchez-la 30 secondes puis rebranchez-la.
3. Vérifiez le câble fibre entre la prise optique et la box : il ne doit pas être plié.
4. Testez avec un câble Ethernet pour écarter un problème de Wi-Fi.
5. Consultez l'état du réseau dans votre espace client : un incident est peut-être en cours dans votre quartier.""",
      review_days=-10),
    A("wifi-slow", "Box et Wi-Fi", "Améliorer un Wi-Fi lent ou instable",
      "Placement de la box, choix de la bande 5 GHz, répéteur : nos conseils.", "task",
      ("wifi", "debit"),
      """## Étapes

1. Placez la box en hauteur, au centre du logement, loin des murs porteurs et du micro-ondes.
2. Connectez les appareils proches à la bande **5 GHz** (réseau *Telvia-XXXX-5G*).
3. Dans l'interface de la box (http://192.168.1.1), choisissez un canal automatique.
4. Pour une grande maison, ajoutez un répéteur Wi-Fi Telvia."""),
    A("esim", "Carte SIM et eSIM", "Activer une eSIM sur mon téléphone",
      "Scanner le QR code et activer votre ligne en eSIM.", "task", ("esim", "sim", "mobile"),
      """## Avant de commencer

- Un téléphone compatible eSIM, connecté au Wi-Fi.
- Le QR code reçu par e-mail (ou dans *Mon compte › Ma ligne › eSIM*).

## Étapes

1. Ouvrez **Réglages › Données cellulaires › Ajouter une eSIM**.
2. Scannez le QR code.
3. Nommez la ligne « Telvia » et choisissez-la pour les appels et les données.
4. Redémarrez le téléphone : le réseau Telvia apparaît en quelques minutes.""",
      en=T("Activate an eSIM on my phone", "Scan the QR code to activate your line as an eSIM.",
           "1. Open **Settings › Mobile data › Add eSIM**.\n2. Scan the QR code from your email.\n3. Restart the phone.")),
    A("puk", "Carte SIM et eSIM", "Ma carte SIM est bloquée : trouver le code PUK",
      "Après trois codes PIN faux, débloquez la SIM avec le code PUK.", "task", ("puk", "sim"),
      """1. Connectez-vous à **Mon compte › Ma ligne › Code PUK**.
2. Saisissez le code PUK (8 chiffres) sur le téléphone, puis choisissez un nouveau code PIN.

> Attention : dix codes PUK faux détruisent la carte SIM ; une nouvelle carte est alors envoyée.""",
      state="review"),
    A("bill-high", "Comprendre ma facture", "Ma facture est plus élevée que d'habitude",
      "Hors forfait, options, frais ponctuels : comment lire le détail de votre facture.", "symptom",
      ("facture", "hors-forfait"),
      """## Résolution

1. Ouvrez **Mon compte › Factures** et cliquez sur la facture concernée.
2. La rubrique **Hors forfait** détaille les appels vers l'étranger, les numéros spéciaux et l'itinérance.
3. La rubrique **Frais ponctuels** liste les frais d'activation, de changement d'offre ou de retard.
4. Un montant ne correspond à rien ? Ouvrez une demande depuis la facture : elle sera jointe automatiquement.""",
      en=T("My bill is higher than usual", "Out-of-plan charges, options, one-off fees: how to read your bill.",
           "1. Open **My account › Bills**.\n2. **Out of plan** lists international calls and roaming.\n3. **One-off fees** lists activation or late fees.")),
    A("rib", "Paiement", "Changer de coordonnées bancaires (RIB)",
      "Mettre à jour le compte de prélèvement.", "task", ("rib", "prelevement", "paiement"),
      """1. Ouvrez **Mon compte › Paiement › Modifier le RIB**.
2. Saisissez l'IBAN et signez le mandat SEPA en ligne.
3. Le nouveau compte est prélevé à partir de la prochaine facture."""),
    A("cancel", "Résiliation", "Résilier ma ligne mobile ou ma box",
      "Délais, frais, retour du matériel : tout savoir sur la résiliation.", "faq", ("resiliation",),
      """### Comment résilier ?
Le plus simple : souscrire chez un autre opérateur avec votre numéro RIO, la résiliation est automatique. Sinon, envoyez une demande depuis *Mon compte › Contrat*.

### Y a-t-il des frais ?
Aucun après 12 mois d'engagement ; avant, le reste des mensualités dues.

### Et la box ?
Renvoyez-la sous 30 jours avec l'étiquette prépayée, sinon elle est facturée.""",
      review_days=-60),
    A("gdpr", "Données personnelles", "Demander une copie de mes données personnelles",
      "Exercer vos droits d'accès, de rectification et d'effacement (RGPD).", "task",
      ("rgpd", "donnees-personnelles"),
      """1. Connectez-vous à votre espace client.
2. Ouvrez **Mon compte › Données personnelles** et choisissez la demande.
3. Nous répondons sous un mois.""",
      visibility="customers"),
    A("outage-script", "Panne internet", "Script interne : incident réseau majeur",
      "Ce qu'il faut dire aux clients pendant un incident déclaré.", "task", ("incident",),
      """- Confirmer l'incident et la zone touchée (voir le canal #incidents).
- Ne pas promettre d'heure de rétablissement avant l'annonce officielle.
- Taguer le ticket `incident-majeur` et le lier au ticket parent.""",
      visibility="internal"),
)  # fmt: skip

FLOWS = (
    FlowSpec(
        title="Ma box n'a plus internet",
        description="Diagnostiquez une panne internet en quelques questions.",
        steps={
            "light": {"text": "Quelle est la couleur du voyant de la box ?", "options": [
                {"label": "Blanc fixe", "next": "devices"}, {"label": "Rouge", "next": "fibre"},
                {"label": "Orange", "next": "outage"}]},
            "fibre": {"text": "Vérifiez que le câble fibre est bien clipsé des deux côtés, puis redémarrez la box. Le voyant est-il blanc ?", "options": [
                {"label": "Oui", "next": "fixed"}, {"label": "Non, toujours rouge", "next": "ticket"}]},
            "outage": {"text": "Un incident est peut-être en cours. Consultez les explications sur les voyants :", "end": "article", "article": "box-lights"},
            "devices": {"text": "Un ordinateur branché en Ethernet a-t-il internet ?", "options": [
                {"label": "Oui, seul le Wi-Fi ne marche pas", "next": "wifi"}, {"label": "Non plus", "next": "ticket"}]},
            "wifi": {"text": "Le problème vient du Wi-Fi. Suivez nos conseils :", "end": "article", "article": "wifi-slow"},
            "fixed": {"text": "La connexion est rétablie.", "end": "resolved"},
            "ticket": {"text": "Nos techniciens vont tester votre ligne à distance.", "end": "ticket", "subject": "Box sans internet"},
        },
        start="light",
    ),
)  # fmt: skip

WIDGET_RULES = (
    ("Factures", "/factures/*", "billing", ("bill-high", "rib")),
    ("Box", "/box/*", "box", ("box-lights", "no-internet", "wifi-slow")),
)

SEARCHES = (
    ("box voyant rouge", 35), ("facture trop élevée", 28), ("résiliation", 22), ("esim", 18),
    ("code puk", 15), ("wifi lent", 14), ("changer rib", 9), ("portabilité numéro", 11),
    ("remboursement dépôt de garantie", 6), ("décodeur tv", 8), ("itinérance", 5),
)  # fmt: skip
