"""Paraphrases of the FAQ's own questions for bench/search_dev.py ("faq-fr-para").

Written for this repository (same licence as the repository), without looking at any retrieval
benchmark. The corpus is faq-fr's 71 entries (bench/search_dev_faq_fr.py); the queries are four
French paraphrases of each entry's title question, as different users would ask it: formal or
informal register, clauses reordered, synonyms, some shorter, some longer with a little context,
a few without accents or with one typo; each means what the title means and has that entry as
its one relevant entry. faq-fr's own queries avoid the title's wording (customer symptoms); these
test the users who rephrase the FAQ question itself. All were written before any variant was
scored on them and were not edited afterwards (docs/adr/0010-hybrid-search.md).
"""

from __future__ import annotations

# entry key (bench/search_dev_faq_fr.py) -> four paraphrases of its title
PARAPHRASES: dict[str, tuple[str, str, str, str]] = {
    "box-cancel": (
        "Est-ce que je peux mettre fin à mon abonnement internet box ?",
        "je veux resilier ma box, comment on fait",
        "Quelle est la démarche pour résilier l'abonnement de ma box internet ?",
        "résilier box internet",
    ),
    "mobile-cancel": (
        "Comment mettre fin à mon abonnement de téléphone mobile ?",
        "je peux resilier ma ligne de portable comment ?",
        "Quelle procédure pour résilier une ligne mobile ?",
        "Je n'utilise plus mon téléphone portable, comment faire résilier la ligne mobile ?",
    ),
    "rio": (
        "Comment obtenir le code RIO afin de conserver mon numéro ?",
        "ou je trouve mon rio pour garder mon numero",
        "Je change d'opérateur et je veux garder mon numéro : où se trouve mon code RIO ?",
        "récupérer code RIO",
    ),
    "puk": (
        "Comment récupérer le code PUK de ma carte SIM bloquée ?",
        "ma sim est bloquee, ou avoir le code puk ?",
        "Où puis-je obtenir le code PUK pour débloquer ma carte SIM ?",
        "carte SIM bloquée code PUK",
    ),
    "pin-change": (
        "Est-ce que je peux modifier ou supprimer le code PIN de ma SIM ?",
        "je voudrais changer le code pin de ma carte sim, c'est possible ?",
        "Comment désactiver le code PIN de la carte SIM ?",
        "changer le cod PIN sim",
    ),
    "esim": (
        "Comment mettre en service une eSIM sur mon smartphone ?",
        "je peux activer une esim sur mon telephone ?",
        "Activation d'une eSIM sur le téléphone : comment procéder ?",
        "J'ai commandé une eSIM pour mon nouveau portable, comment est-ce que je l'active ?",
    ),
    "sim-lost": (
        "Mon téléphone a été perdu ou volé : comment faire suspendre ma ligne ?",
        "on m'a vole mon portable, je peux bloquer ma ligne ?",
        "Comment suspendre la ligne après la perte ou le vol de mon téléphone ?",
        "suspendre ligne telephone perdu",
    ),
    "sim-replace": (
        "Comment obtenir une nouvelle carte SIM ?",
        "je peux commander une autre carte sim ?",
        "Ma carte SIM est abîmée, comment en commander une nouvelle ?",
        "commande nouvelle carte sim",
    ),
    "bill-high": (
        "Pourquoi ma facture de mobile est-elle plus chère que d'habitude ?",
        "pourquoi je paye plus cher ce mois ci sur mon forfait mobile",
        "Pour quelle raison le montant de ma facture mobile est-il plus élevé que les autres mois ?",
        "facture mobile plus elevee que d'habitude",
    ),
    "bill-box-first": (
        "Pourquoi la première facture de ma box est-elle plus chère ?",
        "pourquoi ma premiere facture internet est plus elevee ?",
        "Je viens de recevoir la première facture de la box et elle est plus élevée que prévu, "
        "pourquoi ?",
        "première facture box plus élevée",
    ),
    "bill-download": (
        "Où puis-je télécharger mes factures ?",
        "je peux telecharger mes factures ou ?",
        "Comment récupérer mes factures en PDF pour les télécharger ?",
        "télécharger factures",
    ),
    "payment-rib": (
        "Comment changer mes coordonnées bancaires pour le prélèvement ?",
        "je change de banque, comment modifier mon rib pour le prelevement ?",
        "Est-il possible de modifier les coordonnées bancaires utilisées pour le prélèvement ?",
        "modifier coordonées bancaires prélèvement",
    ),
    "payment-failed": (
        "Que dois-je faire si mon prélèvement a été rejeté ?",
        "mon prelevement a ete rejete, je fais quoi ?",
        "Prélèvement rejeté : quelle est la marche à suivre ?",
        "La banque a rejeté le prélèvement de ce mois, que faut-il faire maintenant ?",
    ),
    "box-no-internet": (
        "Ma box ne se connecte plus à internet",
        "plus d'acces internet sur ma box",
        "Que faire quand la box n'a plus accès à internet ?",
        "Depuis ce matin ma box n'a plus du tout accès à internet, que faire ?",
    ),
    "wifi-slow": (
        "Mon wifi est lent et se coupe régulièrement",
        "le wifi est lent ou coupe souvent",
        "Pourquoi mon réseau wifi est-il lent et se coupe-t-il souvent ?",
        "wifi lent coupures fréquentes",
    ),
    "wifi-password": (
        "Comment modifier le nom et le mot de passe de mon wifi ?",
        "je peux changer le nom de mon reseau wifi et son mot de passe ?",
        "Changer le nom du réseau wifi et son mot de passe : comment faire ?",
        "changer mot de passe wifi",
    ),
    "tv-no-signal": (
        "Ma télé n'affiche plus aucune chaîne",
        "les chaines ne s'affichent plus sur ma television",
        "Pourquoi ma télévision n'affiche-t-elle plus les chaînes ?",
        "Depuis hier soir ma télévision n'affiche plus les chaînes, que se passe-t-il ?",
    ),
    "fiber-install": (
        "Comment se déroule le raccordement à la fibre ?",
        "ca se passe comment le raccordement fibre ?",
        "J'ai souscrit une offre fibre : comment se passe le raccordement de mon logement ?",
        "raccordement fibre déroulement",
    ),
    "move-box": (
        "Comment transférer mon abonnement box lors d'un déménagement ?",
        "je demenage, je peux transferer ma box ?",
        "En cas de déménagement, comment faire transférer mon abonnement box à ma nouvelle "
        "adresse ?",
        "transfert abonnement box déménagement",
    ),
    "roaming": (
        "Est-ce que mon forfait mobile marche à l'étranger ?",
        "mon forfait fonctionne a l'etranger ?",
        "Je pars en vacances hors de France : mon forfait mobile fonctionnera-t-il à l'étranger ?",
        "forfait mobile étranger",
    ),
    "roaming-data-off": (
        "Je n'ai pas accès à internet sur mon portable à l'étranger",
        "pas internet sur mon mobile a l'etranger",
        "Pourquoi n'ai-je pas internet sur mon mobile quand je suis à l'étranger ?",
        "Je suis en voyage et je n'ai pas internet sur mon mobile à l'étranger alors que les "
        "appels marchent",
    ),
    "no-network-mobile": (
        "Mon mobile ne capte plus de réseau",
        "j'ai plus de reseau sur mon portable",
        "Pourquoi n'ai-je plus de réseau sur mon téléphone mobile ?",
        "plus de résau mobile",
    ),
    "spam-calls": (
        "Comment bloquer les appels et les SMS non désirés ?",
        "je peux bloquer les appels et sms indesirables ?",
        "Je reçois beaucoup d'appels et de SMS indésirables : comment les bloquer ?",
        "bloquer appels SMS indésirables",
    ),
    "voicemail": (
        "Comment écouter et personnaliser ma messagerie vocale ?",
        "je peux consulter ma messagerie vocale et changer l'annonce ?",
        "Consulter et personnaliser la messagerie vocale : comment faire ?",
        "personnaliser messagerie vocale",
    ),
    "change-plan": (
        "Comment modifier mon forfait mobile ?",
        "je peux changer de forfait mobile ?",
        "Mon forfait ne me convient plus : comment changer de forfait mobile ?",
        "changer de forfait",
    ),
    "data-exhausted": (
        "J'ai consommé toute mon enveloppe internet mobile",
        "j'ai epuise mon enveloppe internet sur mon mobile",
        "Que faire quand j'ai épuisé mon enveloppe internet mobile avant la fin du mois ?",
        "enveloppe internet mobile épuisée",
    ),
    "payslip-find": (
        "Où puis-je retrouver mes bulletins de salaire ?",
        "ou je retrouve mes bulletins de paie ?",
        "Je cherche mes anciens bulletins de paie : où est-ce que je peux les retrouver ?",
        "retrouver bulletins de paie",
    ),
    "payslip-correct": (
        "Comment modifier un bulletin de paie qui a déjà été validé ?",
        "je peux corriger un bulletin de paie deja valide ?",
        "J'ai validé un bulletin de paie avec une erreur : comment le corriger ?",
        "corriger bulletin paie validé",
    ),
    "payslip-send": (
        "Comment envoyer les bulletins de paie aux salariés ?",
        "je distribue comment les fiches de paie aux salaries ?",
        "De quelle manière distribuer les bulletins de paie à nos salariés ?",
        "distribuer bulletins de paie",
    ),
    "net-pas-drop": (
        "Pourquoi mon salaire net est-il en baisse ?",
        "pourquoi mon net a baisse ?",
        "Mon salaire net a baissé ce mois-ci alors que rien n'a changé, pourquoi ?",
        "salaire net baissé",
    ),
    "pas-rate": (
        "Comment modifier le taux de prélèvement à la source d'un salarié ?",
        "je mets a jour comment le taux de prelevement a la source d'un salarie ?",
        "Mise à jour du taux de prélèvement à la source d'un salarié : comment faire ?",
        "mettre à jour taux prélèvement à la source",
    ),
    "leave-request": (
        "Comment faire une demande de congés ?",
        "je peux poser des conges comment ?",
        "Quelle est la marche à suivre pour poser une demande de congés ?",
        "poser demande congés",
    ),
    "leave-cancel": (
        "Comment annuler ma demande de congés ?",
        "je peux annuler une demande de conges ?",
        "J'ai posé des congés mais je ne les prends plus : comment annuler la demande ?",
        "annuler demande de congé",
    ),
    "leave-approve": (
        "Comment approuver les demandes de congés de mon équipe ?",
        "je valide comment les conges de mon equipe ?",
        "En tant que manager, comment valider les demandes de congés de mon équipe ?",
        "valider demandes congés équipe",
    ),
    "leave-balance": (
        "Mon solde de congés payés est-il correct ?",
        "est ce que mon solde de conges payes est juste ?",
        "Comment savoir si mon solde de congés payés est juste ?",
        "solde congés payés juste",
    ),
    "sick-leave": (
        "Comment enregistrer un arrêt maladie dans la paie ?",
        "je saisis comment un arret maladie dans la paie ?",
        "Un salarié m'a envoyé son arrêt maladie : comment le saisir dans la paie ?",
        "saisir arrêt maladie paie",
    ),
    "employee-add": (
        "Comment créer un nouveau salarié ?",
        "je peux ajouter un nouveau salarie comment ?",
        "Nous embauchons quelqu'un : comment ajouter un nouveau salarié dans le logiciel ?",
        "ajouter nouveau salarié",
    ),
    "employee-login": (
        "Un salarié ne parvient pas à se connecter à son espace",
        "un salarie arrive pas a se connecter a son espace perso",
        "Que faire quand un salarié n'arrive pas à se connecter à son espace ?",
        "salarié connexion espace impossible",
    ),
    "contract-create": (
        "Comment établir un contrat de travail ?",
        "je fais comment pour rediger un contrat de travail ?",
        "Quelle est la démarche pour rédiger le contrat de travail d'un nouvel employé ?",
        "rédiger contrat de travail",
    ),
    "contract-esign": (
        "Comment faire signer électroniquement un contrat ?",
        "je peux faire signer un contrat electroniquement ?",
        "Est-il possible de faire signer un contrat de façon électronique, et comment ?",
        "signature électronique contrat",
    ),
    "contract-end": (
        "Comment gérer la sortie d'un salarié ?",
        "un salarie s'en va, je gere comment son depart ?",
        "Comment dois-je gérer le départ d'un salarié qui quitte l'entreprise ?",
        "gérer départ salarié",
    ),
    "trial-period": (
        "Comment prolonger ou mettre fin à une période d'essai ?",
        "je peux renouveler ou rompre une periode d'essai ?",
        "Période d'essai : comment la renouveler ou la rompre ?",
        "renouveller période d'essai",
    ),
    "export-accounting": (
        "Comment exporter la paie dans mon logiciel de comptabilité ?",
        "je peux exporter la paie vers mon logiciel compta ?",
        "Quelle est la procédure pour exporter la paie vers le logiciel de comptabilité ?",
        "export paie comptabilité",
    ),
    "export-excel": (
        "Comment exporter les données des salariés vers Excel ?",
        "je peux exporter des donnees salaries dans excel ?",
        "J'ai besoin d'un fichier Excel : comment exporter des données salariés ?",
        "export excel données salariés",
    ),
    "dsn-send": (
        "Comment transmettre la DSN mensuelle ?",
        "je depose comment la dsn du mois ?",
        "Quelle est la procédure pour déposer la DSN mensuelle ?",
        "déposer DSN mensuelle",
    ),
    "dsn-rejected": (
        "Que faire si ma DSN a été rejetée ?",
        "ma dsn est rejetee, je fais quoi ?",
        "DSN rejetée : que dois-je faire ?",
        "J'ai reçu un avis de rejet pour ma DSN, que faut-il faire ?",
    ),
    "overtime": (
        "Comment rémunérer des heures supplémentaires ?",
        "je paye comment les heures sup ?",
        "Comment payer les heures supplémentaires effectuées par un salarié ?",
        "payer heures supplémentaires",
    ),
    "expenses": (
        "Comment obtenir le remboursement d'une note de frais ?",
        "je me fais rembourser comment une note de frais ?",
        "J'ai avancé des frais pour le travail : comment me faire rembourser une note de frais ?",
        "remboursement note de frias",
    ),
    "printer-blank": (
        "Mes ordonnances s'impriment mal : page blanche ou texte décalé",
        "mes ordonnances s'impriment mal, page blanche",
        "Pourquoi mes ordonnances s'impriment-elles mal, avec une page blanche ou un texte décalé ?",
        "ordonnance impression texte décalé",
    ),
    "printer-install": (
        "Comment ajouter une nouvelle imprimante dans le logiciel ?",
        "je peux installer une nouvelle imprimante dans le logiciel ?",
        "J'ai acheté une nouvelle imprimante : comment l'installer dans le logiciel ?",
        "installer nouvelle imprimante logiciel",
    ),
    "printer-duplicate": (
        "Comment imprimer une ordonnance en double exemplaire ?",
        "je peux imprimer l'ordonnance en deux exemplaires ?",
        "Est-il possible d'imprimer l'ordonnance en deux exemplaires, et comment ?",
        "ordonnance deux exemplaires",
    ),
    "prescription-ald": (
        "Comment faire une prescription pour un patient en ALD avec l'ordonnance bizone ?",
        "je prescris comment pour un patient en ald ?",
        "Prescrire pour un patient en ALD (ordonnance bizone) : comment faire ?",
        "ordonnance bizone ALD",
    ),
    "prescription-favorite": (
        "Comment sauvegarder une ordonnance type ?",
        "je peux enregistrer une ordonnance type ?",
        "Je prescris souvent la même chose : comment enregistrer une ordonnance type ?",
        "enregistrer ordonnance type",
    ),
    "prescription-renew": (
        "Comment renouveler le traitement d'un de mes patients ?",
        "je renouvelle comment le traitement d'un patient ?",
        "Quelle est la démarche pour renouveler le traitement d'un patient ?",
        "renouveler traitement patient",
    ),
    "prescription-narcotic": (
        "Comment faire une ordonnance de stupéfiants ?",
        "je redige comment une ordonnance de stupefiants ?",
        "Quelle est la procédure pour rédiger une ordonnance de stupéfiants dans le logiciel ?",
        "ordonnance stupéfiants",
    ),
    "eprescription": (
        "Comment marche l'ordonnance numérique (e-prescription) ?",
        "ca fonctionne comment l'ordonnance numerique ?",
        "Pouvez-vous m'expliquer comment fonctionne l'e-prescription, l'ordonnance numérique ?",
        "ordonnance numérique e-prescription",
    ),
    "vitale-reader": (
        "Mon lecteur de carte Vitale n'est pas détecté",
        "le lecteur carte vitale est pas reconnu",
        "Pourquoi mon lecteur de carte Vitale n'est-il pas reconnu par le logiciel ?",
        "lecteur carte Vitale non reconnu",
    ),
    "vitale-app": (
        "Comment lire l'appli carte Vitale d'un patient ?",
        "je peux lire l'application carte vitale d'un patient ?",
        "Un patient a l'application carte Vitale sur son téléphone : comment la lire ?",
        "lire application carte Vitale",
    ),
    "fse-degraded": (
        "Comment facturer un patient qui n'a pas sa carte Vitale ?",
        "je facture comment si le patient a pas sa carte vitale ?",
        "Le patient a oublié sa carte Vitale : comment faire la facturation ?",
        "facturer sans carte Vitale",
    ),
    "cps-pin": (
        "Ma carte CPS est bloquée à cause de codes erronés",
        "ma carte cps est bloquee j'ai tape des mauvais codes",
        "Que faire quand la carte CPS est bloquée après plusieurs codes faux ?",
        "carte CPS bloquée codes faux",
    ),
    "fse-rejected": (
        "La caisse a rejeté une feuille de soins",
        "une feuille de soin a ete rejetee par la caisse",
        "Que faire quand une feuille de soins a été rejetée par la caisse ?",
        "feuille de soins rejetée",
    ),
    "third-party-payment": (
        "Comment pratiquer le tiers payant ?",
        "je peux appliquer le tiers payant comment ?",
        "Quelle est la démarche pour appliquer le tiers payant à un patient ?",
        "appliquer tiers payant",
    ),
    "agenda-online": (
        "Comment ouvrir mon agenda à la prise de rendez-vous sur internet ?",
        "je peux ouvrir mon agenda aux rdv en ligne ?",
        "Je voudrais que mes patients prennent rendez-vous en ligne : comment ouvrir mon agenda ?",
        "agenda prise de rendez-vous en ligne",
    ),
    "agenda-block": (
        "Comment bloquer des plages horaires dans mon agenda ?",
        "je peux bloquer des creneaux dans mon agenda ?",
        "Je suis absent mardi après-midi : comment bloquer des créneaux dans mon agenda ?",
        "bloquer créneaux agenda",
    ),
    "agenda-sms": (
        "Comment envoyer des SMS de rappel de rendez-vous ?",
        "je peux envoyer des rappels de rdv par sms ?",
        "Est-il possible d'envoyer aux patients des rappels de rendez-vous par SMS ?",
        "rappels rendez-vous SMS",
    ),
    "agenda-share": (
        "Comment donner accès à mon agenda à ma secrétaire ou à un remplaçant ?",
        "je peux partager mon agenda avec ma secretaire ?",
        "Un remplaçant vient pendant mes vacances : comment partager mon agenda avec lui ?",
        "partager agenda remplaçant",
    ),
    "teleconsult-start": (
        "Comment réaliser une téléconsultation ?",
        "je fais comment une teleconsultation ?",
        "Quelle est la marche à suivre pour faire une téléconsultation avec un patient ?",
        "faire une téléconsultation",
    ),
    "teleconsult-video": (
        "En téléconsultation, le patient ne me voit pas ou ne m'entend pas",
        "le patient me voit pas et m'entend pas en teleconsultation",
        "Que faire quand le patient ne me voit pas ou ne m'entend pas en téléconsultation ?",
        "téléconsultation patient n'entend pas",
    ),
    "teleconsult-billing": (
        "Comment facturer un acte de téléconsultation ?",
        "je facture comment une teleconsultation ?",
        "Quelle est la procédure pour facturer une téléconsultation ?",
        "facturation téléconsultation",
    ),
    "dmp": (
        "Comment déposer des documents dans Mon espace santé (DMP) ?",
        "je peux envoyer des documents dans mon espace sante ?",
        "Comment envoyer un document dans le DMP, Mon espace santé, d'un patient ?",
        "envoyer documents DMP",
    ),
    "backup": (
        "Comment faire une sauvegarde des dossiers de mes patients ?",
        "je peux sauvegarder les dossiers de mes patients ?",
        "Quelle est la procédure pour sauvegarder les dossiers patients de mon cabinet ?",
        "sauvegarder dossiers patients",
    ),
}
