"""A French FAQ dev set for bench/search_dev.py ("faq-fr"), written by hand for Guichet.

Written for this repository (same licence as the repository), without looking at any retrieval
benchmark: 71 FAQ entries (a customer question as title, a 2-6 sentence answer) for the three
kinds of users Guichet is built for (a telecom operator, an HR/payroll software vendor, a
medical-practice software vendor), with near-duplicates that differ by one detail (box / mobile
line, PIN / PUK, SIM card / CPS card, payslip sent / corrected, leave asked / cancelled /
approved...), and six queries per entry written as customers type them: symptoms, colloquial
phrasing, missing accents, a few typos, two-word keywords, longer stories; each query has its
one relevant entry. It exists to choose search parameters on French FAQ data that no
benchmark scores (docs/adr/0010-hybrid-search.md).
"""

from __future__ import annotations

# (key, title, answer, queries)
Entry = tuple[str, str, str, tuple[str, ...]]

TELECOM: tuple[Entry, ...] = (
    (
        "box-cancel",
        "Comment résilier mon abonnement box internet ?",
        "Depuis votre espace client, rubrique Mon offre, choisissez Résilier la box : la "
        "résiliation prend effet 10 jours après votre demande. Si vous partez chez un autre "
        "fournisseur d'accès, il peut s'en charger à votre place avec votre numéro de fixe. Le "
        "matériel (box et décodeur) doit nous être renvoyé sous 30 jours avec l'étiquette "
        "prépayée, sinon des frais de non-restitution sont facturés.",
        (
            "je veux arreter internet a la maison",
            "fin de contrat fibre comment faire",
            "resiliation box",
            "je quitte votre offre adsl pour un autre fai, je dois faire quoi",
            "on déménage chez ma copine qui a déjà internet, comment stopper mon abonnement fibre",
            "arrêter mon contrat internet fixe",
        ),
    ),
    (
        "mobile-cancel",
        "Comment résilier ma ligne mobile ?",
        "Si vous changez d'opérateur en gardant votre numéro, vous n'avez rien à faire : donnez "
        "votre code RIO au nouvel opérateur, la portabilité résilie votre ligne automatiquement. "
        "Pour arrêter la ligne sans la transférer, faites la demande dans l'espace client, "
        "rubrique Ma ligne. Pendant la période d'engagement, 25 % des mensualités restantes "
        "sont dues.",
        (
            "arreter mon forfait telephone",
            "je veux plus de mon abonnement portable",
            "fin forfait mobile",
            "comment mettre fin à mon forfait smartphone avant la fin de l'engagement",
            "mon fils a maintenant son propre forfait, je voudrais supprimer sa ligne",
            "résilation forfait 4g",
        ),
    ),
    (
        "rio",
        "Où trouver mon code RIO pour garder mon numéro ?",
        "Le RIO (relevé d'identité opérateur) est un code de 12 caractères. Appelez "
        "gratuitement le 3179 depuis votre mobile : un serveur vocal vous le donne et vous "
        "l'envoie par SMS. Il figure aussi dans votre espace client. Communiquez-le à votre "
        "nouvel opérateur avec votre numéro.",
        (
            "changer d'operateur sans perdre mon numero",
            "portabilité numéro",
            "c'est quoi le code a 12 caracteres que me demande le nouvel operateur",
            "je passe chez un concurrent et je veux conserver mon 06",
            "numero 3179",
            "obtenir mon releve d'identite operateur",
        ),
    ),
    (
        "puk",
        "Ma carte SIM est bloquée : comment obtenir le code PUK ?",
        "Après trois codes PIN erronés, la carte SIM se bloque et demande le code PUK (8 "
        "chiffres). Il est imprimé sur le support plastique de votre carte SIM et disponible "
        "dans l'espace client, rubrique Ma ligne > Code PUK. Attention : après dix codes PUK "
        "faux, la carte est définitivement inutilisable et doit être remplacée.",
        (
            "j'ai mis 3 fois le mauvais code pin",
            "mon portable me demande un code a 8 chiffres",
            "telephone verrouillé après erreurs de code",
            "deblocage sim",
            "ma fille a tapé n'importe quoi au démarrage du téléphone et maintenant il affiche sim "
            "bloquée",
            "code de deblocage carte sim ou le trouver",
        ),
    ),
    (
        "pin-change",
        "Comment changer ou désactiver le code PIN de ma carte SIM ?",
        "Le code PIN se modifie dans les réglages du téléphone (Sécurité > Verrouillage de la "
        "carte SIM sur Android, Réglages > Données cellulaires > PIN de la SIM sur iPhone). Il "
        "faut connaître le code actuel : par défaut 0000 ou celui indiqué avec votre carte. "
        "Vous pouvez aussi demander que le code ne soit plus réclamé au démarrage.",
        (
            "ne plus avoir a taper le code au demarrage du telephone",
            "modifier code pin",
            "quel est le code pin par defaut",
            "je voudrais mettre un autre code que 0000 sur ma sim",
            "supprimer le code a 4 chiffres quand j'allume mon iphone",
            "personnaliser pin sim",
        ),
    ),
    (
        "esim",
        "Comment activer une eSIM sur mon téléphone ?",
        "Commandez l'eSIM dans l'espace client (Ma ligne > Changer de carte SIM > eSIM) : vous "
        "recevez un QR code par email. Sur votre téléphone, connecté au wifi, ouvrez Réglages > "
        "Réseau mobile > Ajouter une eSIM et scannez le QR code. L'ancienne carte SIM physique "
        "cesse de fonctionner dès que l'eSIM est active.",
        (
            "passer d'une carte sim physique a une sim virtuelle",
            "scanner le qr code esim",
            "esim activation",
            "mon nouveau telephone n'a pas de tiroir sim, comment je fais",
            "j'ai reçu le mail avec le qr code mais je ne sais pas où le flasher",
            "carte sim dématérialisée",
        ),
    ),
    (
        "sim-lost",
        "J'ai perdu ou on m'a volé mon téléphone : comment suspendre ma ligne ?",
        "Suspendez immédiatement la ligne depuis l'espace client (Ma ligne > Suspendre) ou au "
        "service client : plus personne ne peut appeler à vos frais. En cas de vol, demandez le "
        "blocage du téléphone avec son code IMEI et portez plainte. Commandez ensuite une carte "
        "SIM de remplacement pour garder votre numéro.",
        (
            "on m'a piqué mon portable dans le métro",
            "bloquer ma ligne en urgence",
            "telephone vole que faire",
            "j'ai oublié mon smartphone dans le train et j'ai peur que quelqu'un l'utilise",
            "blocage imei",
            "portable egaré suspendre",
        ),
    ),
    (
        "sim-replace",
        "Comment commander une nouvelle carte SIM ?",
        "Si votre carte SIM est abîmée, n'a pas le bon format ou ne fonctionne plus, commandez "
        "une carte de remplacement dans l'espace client (Ma ligne > Changer de carte SIM). Elle "
        "arrive sous 3 à 5 jours, votre numéro et votre forfait sont conservés. Activez-la en "
        "saisissant les 4 derniers chiffres de son numéro de série dans l'espace client.",
        (
            "ma puce est cassée",
            "remplacement carte sim",
            "la sim ne rentre pas dans mon nouveau telephone elle est trop grande",
            "le téléphone affiche aucune carte sim insérée alors qu'elle y est",
            "recevoir une autre sim en gardant mon numéro",
            "duplicata sim",
        ),
    ),
    (
        "bill-high",
        "Pourquoi ma facture mobile est-elle plus élevée que d'habitude ?",
        "Le détail de la facture, dans l'espace client, liste les consommations hors forfait : "
        "appels vers des numéros spéciaux, SMS surtaxés, internet ou appels depuis l'étranger "
        "hors Union européenne, achats sur facture (applications, jeux). Une option souscrite "
        "en cours de mois est aussi facturée au prorata. Vous pouvez bloquer les achats et les "
        "numéros surtaxés dans Ma ligne > Options.",
        (
            "facture portable plus chere ce mois",
            "pourquoi je paye 20 euros de plus",
            "hors forfait incompréhensible",
            "mon fils a acheté des trucs dans un jeu et c'est sur ma facture de telephone",
            "montant anormal facture",
            "je ne comprends pas les frais en plus sur mon forfait",
        ),
    ),
    (
        "bill-box-first",
        "Pourquoi ma première facture box est-elle plus élevée ?",
        "La première facture internet comprend les frais de mise en service (une seule fois) et "
        "l'abonnement au prorata des jours entre l'activation et la date de facturation, en plus "
        "du mois en cours. Les factures suivantes reviennent au montant de votre offre. Le "
        "détail est dans l'espace client, rubrique Factures.",
        (
            "premier prelevement fibre tres eleve",
            "frais d'activation sur ma facture internet",
            "je viens de m'abonner a la box et on me prend presque le double",
            "prorata premiere facture",
            "pourquoi deux mois facturés à l'ouverture de ma ligne fixe",
            "facture d'installation box",
        ),
    ),
    (
        "bill-download",
        "Où télécharger mes factures ?",
        "Vos factures des 12 derniers mois sont dans l'espace client, rubrique Factures, au "
        "format PDF. Chaque mois, un email vous prévient quand la nouvelle facture est "
        "disponible. Pour une facture plus ancienne, faites la demande au service client.",
        (
            "avoir une copie de ma facture pour ma note de frais",
            "facture pdf",
            "recuperer les factures de l'annee derniere",
            "mon employeur me demande un justificatif de mon abonnement telephone",
            "ou sont mes facturs",
            "imprimer une facture",
        ),
    ),
    (
        "payment-rib",
        "Comment modifier mes coordonnées bancaires pour le prélèvement ?",
        "Dans l'espace client, rubrique Paiement, saisissez l'IBAN du nouveau compte et "
        "validez le mandat de prélèvement SEPA avec le code reçu par SMS. Le changement "
        "s'applique à la prochaine facture si vous le faites au moins 10 jours avant la date "
        "de prélèvement.",
        (
            "j'ai changé de banque",
            "nouvel iban",
            "mettre a jour mon rib",
            "je ferme mon compte au credit agricole il faut que vous preleviez ailleurs",
            "changer compte de prelevement",
            "mandat sepa nouveau compte",
        ),
    ),
    (
        "payment-failed",
        "Mon prélèvement a été rejeté : que faire ?",
        "Si la banque a refusé le prélèvement, réglez la facture par carte bancaire dans "
        "l'espace client, rubrique Paiement, sous 8 jours. Sans règlement, la ligne passe en "
        "service restreint (appels entrants et numéros d'urgence seulement). Des frais de rejet "
        "de 7,50 € s'ajoutent à la facture suivante.",
        (
            "impayé facture",
            "ma banque a refusé de payer votre facture",
            "j'ai recu un sms qui dit paiement refuse",
            "je n'ai pas assez sur mon compte ce mois ci, comment payer en retard",
            "rejet prelevement frais",
            "ma ligne est restreinte je ne peux plus appeler",
        ),
    ),
    (
        "box-no-internet",
        "Ma box n'a plus accès à internet",
        "Vérifiez d'abord l'état du réseau dans votre zone sur la carte des incidents de "
        "l'espace client. Sinon, débranchez la box 30 secondes puis rebranchez-la et attendez "
        "que le voyant devienne blanc fixe (5 minutes). Si le voyant reste rouge ou clignote, "
        "vérifiez que le câble fibre ou ADSL est bien branché à la prise murale, puis lancez "
        "le diagnostic en ligne.",
        (
            "plus de connexion a la maison depuis ce matin",
            "voyant rouge sur la box",
            "internet coupé",
            "la box clignote et rien ne marche, ni le wifi ni le telephone fixe",
            "panne fibre",
            "depuis l'orage hier soir ma box affiche un logo rouge",
        ),
    ),
    (
        "wifi-slow",
        "Mon wifi est lent ou se coupe souvent",
        "Placez la box en hauteur, loin des murs épais et des appareils électroniques, et "
        "préférez le réseau 5 GHz près de la box (2,4 GHz porte plus loin mais plus lentement). "
        "Dans l'interface de la box, laissez le choix du canal en automatique. Pour couvrir "
        "une grande maison, ajoutez un répéteur wifi.",
        (
            "la connexion sans fil rame dans la chambre",
            "wifi qui decroche",
            "debit faible en wifi mais bon en ethernet",
            "netflix coupe tout le temps sur la tele du salon en wifi",
            "mauvaise portée wifi étage",
            "repeteur wifi",
        ),
    ),
    (
        "wifi-password",
        "Comment changer le nom et le mot de passe de mon réseau wifi ?",
        "Le nom du réseau et la clé wifi d'origine sont imprimés sur l'étiquette sous la box. "
        "Pour les changer, connectez-vous à l'interface de la box (http://192.168.1.1), "
        "rubrique Wifi, puis saisissez le nouveau nom (SSID) et la nouvelle clé. Tous vos "
        "appareils devront se reconnecter avec la nouvelle clé.",
        (
            "cle wifi ou la trouver",
            "je veux mettre un code wifi plus simple pour mes enfants",
            "renommer mon reseau sans fil",
            "ssid box",
            "les voisins utilisent mon wifi, comment changer le code",
            "modifier mdp wifi",
        ),
    ),
    (
        "tv-no-signal",
        "Ma télévision n'affiche plus les chaînes",
        "Si l'écran indique « pas de signal », vérifiez que la télévision est sur la bonne "
        "source HDMI et que le décodeur est allumé. Redémarrez le décodeur en le débranchant "
        "30 secondes. Si le décodeur affiche un code d'erreur, vérifiez qu'il est bien relié à "
        "la box (câble ethernet ou CPL) et que la box a internet.",
        (
            "decodeur tv ecran noir",
            "plus de chaines depuis hier",
            "la tele dit aucun signal",
            "le boitier tv reste bloqué sur le logo au démarrage",
            "panne télé box",
            "je n'ai plus la tv mais internet fonctionne",
        ),
    ),
    (
        "fiber-install",
        "Comment se passe le raccordement à la fibre ?",
        "Après votre souscription, un technicien vous propose un rendez-vous sous 2 à 4 "
        "semaines. Il tire la fibre depuis le point de branchement de la rue ou du palier "
        "jusqu'à une prise optique chez vous ; comptez 2 à 4 heures et prévoyez d'être présent. "
        "Votre box est ensuite activée le jour même.",
        (
            "rendez vous technicien fibre",
            "combien de temps pour etre raccorde",
            "installation fibre optique délais",
            "on va passer de l'adsl a la fibre, est ce qu'il faut que je sois là pour les travaux",
            "prise optique dans l'appartement",
            "fibre raccordement",
        ),
    ),
    (
        "move-box",
        "Je déménage : comment transférer mon abonnement box ?",
        "Déclarez votre déménagement dans l'espace client (Mon offre > Déménager) au moins 15 "
        "jours avant, avec votre nouvelle adresse. Nous vérifions l'éligibilité à la fibre, "
        "conservons votre offre et fixons la date d'activation à la nouvelle adresse. Emportez "
        "votre box et votre décodeur, ils fonctionnent au nouveau logement.",
        (
            "changement d'adresse box",
            "je change de logement le mois prochain, je garde mon abonnement internet",
            "transfert ligne internet nouvel appart",
            "demenagement fibre",
            "emmener ma box dans ma nouvelle maison",
            "on part vivre à Lyon, que devient mon contrat internet",
        ),
    ),
    (
        "roaming",
        "Mon forfait mobile fonctionne-t-il à l'étranger ?",
        "Dans l'Union européenne et les DOM, vous utilisez appels, SMS et internet comme en "
        "France, dans la limite indiquée dans votre forfait. Hors Union européenne, les "
        "communications sont facturées au tarif de la destination ; un pass voyage (Suisse, "
        "Maghreb, États-Unis...) réduit le coût. Les tarifs par pays sont dans l'espace client.",
        (
            "je pars en vacances en espagne est ce que je peux appeler",
            "roaming tarif",
            "utiliser mon telephone aux etats unis",
            "pass voyage",
            "combien ça coûte d'appeler depuis le maroc",
            "forfait valable en europe",
        ),
    ),
    (
        "roaming-data-off",
        "Je n'ai pas internet sur mon mobile à l'étranger",
        "Activez l'itinérance des données dans les réglages du téléphone (Réseau mobile > "
        "Itinérance), puis redémarrez-le. Vérifiez dans l'espace client que l'option Internet "
        "à l'étranger n'est pas bloquée sur votre ligne. Si le téléphone capte un réseau "
        "local sans données, choisissez manuellement un autre opérateur du pays.",
        (
            "pas de 4g en italie",
            "data ne marche pas en voyage",
            "je suis au portugal et mon telephone capte mais pas d'internet",
            "activer l'itinerance",
            "les appels passent mais pas whatsapp depuis que je suis en grèce",
            "roaming donnees bloqué",
        ),
    ),
    (
        "no-network-mobile",
        "Je n'ai plus de réseau sur mon mobile",
        "Activez puis désactivez le mode avion, ou redémarrez le téléphone. Consultez la "
        "carte de couverture et des incidents dans l'espace client : une antenne peut être en "
        "maintenance dans votre secteur. Si le problème persiste ailleurs, testez votre carte "
        "SIM dans un autre téléphone pour savoir si elle est en cause.",
        (
            "aucun service sur mon telephone",
            "ça capte plus chez moi depuis 2 jours",
            "pas de barre de réseau",
            "mon portable affiche urgence uniquement",
            "panne antenne relais dans mon quartier",
            "plus de reseau",
        ),
    ),
    (
        "spam-calls",
        "Comment bloquer les appels et SMS indésirables ?",
        "Transférez tout SMS frauduleux ou publicitaire au 33700, le service gratuit de "
        "signalement. Inscrivez votre numéro sur Bloctel pour refuser le démarchage "
        "téléphonique. Vous pouvez aussi activer le filtre anti-spam dans Ma ligne > Options : "
        "les appels signalés comme frauduleux sont rejetés.",
        (
            "je recois des appels de demarchage tous les jours",
            "sms arnaque colis",
            "signaler un spam",
            "bloctel",
            "des numéros inconnus m'appellent et raccrochent tout de suite",
            "stop pub telephone",
        ),
    ),
    (
        "voicemail",
        "Comment consulter et personnaliser ma messagerie vocale ?",
        "Appelez le 888 depuis votre mobile (ou votre numéro suivi de la touche étoile depuis "
        "un autre téléphone, avec votre code secret). Le menu vous permet d'écouter vos "
        "messages et d'enregistrer votre annonce d'accueil. La messagerie visuelle, dans "
        "l'application, affiche les messages sous forme de liste.",
        (
            "ecouter mes messages vocaux",
            "changer l'annonce de mon repondeur",
            "répondeur",
            "quelqu'un m'a laissé un message comment je l'écoute depuis l'étranger",
            "code messagerie vocale oublie",
            "enregistrer un message d'accueil",
        ),
    ),
    (
        "change-plan",
        "Comment changer de forfait mobile ?",
        "Dans l'espace client, rubrique Mon offre, comparez les forfaits disponibles et "
        "choisissez le nouveau. Le changement est gratuit, sans nouvel engagement si vous "
        "gardez un forfait sans engagement, et prend effet à votre prochaine date de "
        "facturation. Votre numéro et votre carte SIM ne changent pas.",
        (
            "passer a un forfait avec plus de gigas",
            "prendre une offre moins chère",
            "changer d'offre",
            "mon forfait 20 go ne me suffit plus je voudrais le 100",
            "upgrade forfait",
            "baisser mon abonnement portable",
        ),
    ),
    (
        "data-exhausted",
        "J'ai épuisé mon enveloppe internet mobile",
        "Une fois l'enveloppe de données consommée, le débit est réduit jusqu'à votre "
        "prochaine date de facturation, sans frais supplémentaires. Pour retrouver le haut "
        "débit, achetez une recharge de données dans l'espace client ou l'application. Un SMS "
        "vous prévient à 80 % et 100 % de consommation.",
        (
            "internet tres lent sur mon portable depuis le 20 du mois",
            "plus de data",
            "j'ai reçu un sms consommation 100%",
            "recharge gigas",
            "ma fille a tout consommé en regardant des vidéos, comment avoir plus d'internet",
            "débit réduit fin de mois",
        ),
    ),
)

PAYROLL: tuple[Entry, ...] = (
    (
        "payslip-find",
        "Où retrouver mes bulletins de paie ?",
        "Vos bulletins de paie sont déposés chaque mois dans votre espace salarié, rubrique "
        "Mes documents > Paie, dès que votre employeur a clôturé la paie. Ils y restent "
        "disponibles 50 ans, même après votre départ de l'entreprise. Vous pouvez les "
        "télécharger en PDF.",
        (
            "recuperer ma fiche de paie de mars",
            "je ne trouve pas mon salaire du mois dernier en pdf",
            "fiches de paye",
            "la banque me demande mes 3 derniers bulletins pour un pret",
            "j'ai quitté la boite, ou sont mes anciennes payes",
            "coffre fort bulletins",
        ),
    ),
    (
        "payslip-correct",
        "Comment corriger un bulletin de paie déjà validé ?",
        "Tant que la période n'est pas clôturée, rouvrez le bulletin (Paie > Bulletins > "
        "Dévalider), corrigez les variables et validez-le à nouveau. Si la paie est clôturée "
        "et la DSN déposée, ne modifiez pas le bulletin : saisissez une régularisation sur le "
        "mois suivant, qui corrige les cotisations et le net automatiquement.",
        (
            "erreur sur une fiche de paie deja envoyee",
            "j'ai oublié une prime dans la paie du mois dernier",
            "modifier paie cloturée",
            "regularisation bulletin",
            "le salaire de juin est faux, comment le rectifier",
            "devalider un bulletin",
        ),
    ),
    (
        "payslip-send",
        "Comment distribuer les bulletins de paie aux salariés ?",
        "Après la clôture de la paie, cliquez sur Paie > Distribuer : chaque bulletin est "
        "déposé dans le coffre-fort numérique du salarié, qui reçoit un email. Les salariés "
        "qui ont refusé la dématérialisation sont listés à part : imprimez leurs bulletins. "
        "Vous pouvez relancer l'envoi pour un salarié depuis sa fiche.",
        (
            "envoyer les fiches de paye aux employés",
            "mes salariés n'ont pas reçu leur bulletin par mail",
            "dematerialisation paie",
            "comment publier les bulletins une fois la paie terminée",
            "un salarié veut sa fiche de paie en papier",
            "renvoyer bulletin salarie",
        ),
    ),
    (
        "net-pas-drop",
        "Pourquoi mon salaire net a-t-il baissé ?",
        "Le plus souvent, le taux de prélèvement à la source transmis par l'administration "
        "fiscale a changé : il figure sur le bulletin, ligne Impôt sur le revenu prélevé à la "
        "source. Une absence non payée, la fin d'une prime ou une hausse de la mutuelle font "
        "aussi baisser le net. Comparez les deux bulletins ligne à ligne ; votre taux se "
        "modifie sur impots.gouv.fr.",
        (
            "j'ai touché moins que d'habitude ce mois ci",
            "baisse de salaire sans raison",
            "pourquoi on me prend plus d'impot sur ma paie",
            "net a payer plus bas",
            "ma paye a diminué de 80 euros alors que rien n'a changé",
            "salaire inferieur au mois dernier",
        ),
    ),
    (
        "pas-rate",
        "Comment mettre à jour le taux de prélèvement à la source d'un salarié ?",
        "Les taux sont mis à jour automatiquement à la réception du compte rendu métier "
        "(CRM) de la DGFiP, quelques jours après le dépôt de la DSN. Pour l'importer, allez "
        "dans DSN > Retours > Taux PAS. Sans taux connu (nouvel embauché), le barème neutre "
        "s'applique ; vous ne pouvez pas saisir à la main un taux communiqué par le salarié.",
        (
            "importer les taux d'imposition de la dgfip",
            "taux pas",
            "un nouvel embauché a un taux neutre, comment avoir le bon",
            "le salarié m'a donné son taux personnalisé je peux le saisir ?",
            "crm impots",
            "mettre a jour le taux d'impot a la source dans le logiciel",
        ),
    ),
    (
        "leave-request",
        "Comment poser une demande de congés ?",
        "Dans votre espace salarié, ouvrez Absences > Nouvelle demande, choisissez le type "
        "(congés payés, RTT, sans solde), les dates et validez. Votre responsable reçoit la "
        "demande et vous êtes notifié par email dès qu'il l'accepte ou la refuse. Le solde "
        "affiché tient compte des demandes en attente.",
        (
            "je veux prendre une semaine en aout",
            "demander des vacances",
            "poser des rtt",
            "comment je fais pour prendre un jour de conge le vendredi",
            "demande absence",
            "je voudrais poser mes cp pour noel sur l'appli",
        ),
    ),
    (
        "leave-cancel",
        "Comment annuler une demande de congés ?",
        "Une demande en attente s'annule directement depuis Absences > Mes demandes. Une "
        "demande déjà acceptée ne peut être annulée que par votre responsable ou le service "
        "RH : cliquez sur Demander l'annulation, ils reçoivent la demande. Les jours sont "
        "recrédités sur votre solde dès l'annulation.",
        (
            "je ne pars plus en vacances finalement",
            "supprimer un conge deja validé",
            "mes congés sont acceptés mais je veux les décaler",
            "annulation cp",
            "retirer ma demande de rtt",
            "j'ai posé la mauvaise semaine, mon chef a déjà dit oui",
        ),
    ),
    (
        "leave-approve",
        "Comment valider les demandes de congés de mon équipe ?",
        "En tant que responsable, vous recevez un email à chaque demande ; elles sont aussi "
        "listées dans Équipe > Demandes à traiter. Consultez le planning de l'équipe pour "
        "voir les absences qui se chevauchent, puis acceptez ou refusez avec un commentaire. "
        "Vous pouvez désigner un suppléant pendant vos propres absences.",
        (
            "accepter les vacances de mes collaborateurs",
            "manager valider absence",
            "où voir les demandes de congés en attente de mes salariés",
            "refuser un conge",
            "je pars trois semaines, qui va approuver les congés de mon équipe",
            "circuit de validation des absences",
        ),
    ),
    (
        "leave-balance",
        "Mon solde de congés payés est-il juste ?",
        "Vous acquérez 2,5 jours ouvrables de congés payés par mois travaillé, soit 30 jours "
        "par an, crédités à la fin de chaque mois. Le compteur N-1 contient les jours acquis "
        "l'an dernier, à prendre avant le 31 mai ; le compteur N ceux en cours d'acquisition. "
        "Si un compteur vous semble faux, signalez-le aux RH depuis Absences > Mes compteurs.",
        (
            "combien de jours de vacances il me reste",
            "compteur cp faux",
            "calcul des conges acquis",
            "il me manque 2 jours de congés sur mon solde",
            "difference entre n et n-1 congés",
            "solde conge",
        ),
    ),
    (
        "sick-leave",
        "Comment saisir un arrêt maladie dans la paie ?",
        "Dans la fiche du salarié, ajoutez une absence de type Maladie avec les dates de "
        "l'arrêt. Le bulletin calcule la retenue, le maintien de salaire selon la convention "
        "et la subrogation si vous l'avez activée. Le signalement d'arrêt de travail part "
        "avec la DSN événementielle dans les 5 jours.",
        (
            "un salarie est malade depuis lundi",
            "declarer arret de travail",
            "maintien de salaire maladie",
            "subrogation ijss",
            "une employée m'a envoyé son arrêt du médecin, je le mets où",
            "absence maladie paie",
        ),
    ),
    (
        "employee-add",
        "Comment ajouter un nouveau salarié ?",
        "Dans Salariés > Ajouter, saisissez l'état civil, le numéro de sécurité sociale, "
        "l'adresse, l'IBAN et les informations du contrat. La déclaration préalable à "
        "l'embauche (DPAE) peut être envoyée directement depuis la fiche. Le salarié reçoit "
        "ensuite une invitation à activer son espace.",
        (
            "embaucher quelqu'un dans le logiciel",
            "creer une fiche salarie",
            "dpae",
            "on a une nouvelle recrue qui commence lundi, par où commencer",
            "nouvel employé",
            "enregistrer une embauche",
        ),
    ),
    (
        "employee-login",
        "Un salarié n'arrive pas à se connecter à son espace",
        "Vérifiez dans sa fiche (onglet Accès) que l'invitation a bien été acceptée et que "
        "l'adresse email est la bonne ; renvoyez l'invitation si elle a expiré (7 jours). Si "
        "le salarié a oublié son mot de passe, il utilise Mot de passe oublié sur la page de "
        "connexion. Après 5 essais erronés, le compte est bloqué 15 minutes.",
        (
            "mot de passe oublie espace salarie",
            "une employée ne reçoit pas le lien d'activation",
            "impossible de se connecter",
            "compte salarie bloqué",
            "l'invitation a expiré, comment la renvoyer",
            "un gars de l'équipe n'arrive pas à accéder à ses fiches de paie en ligne",
        ),
    ),
    (
        "contract-create",
        "Comment rédiger un contrat de travail ?",
        "Dans la fiche du salarié, cliquez sur Contrats > Nouveau et choisissez un modèle "
        "(CDI, CDD, temps partiel, apprentissage). Les champs (poste, salaire, durée, "
        "période d'essai) sont repris de la fiche ; vous pouvez modifier les clauses avant de "
        "générer le document. Les modèles se personnalisent dans Paramètres > Modèles.",
        (
            "faire un cdd",
            "modele de contrat cdi",
            "générer un contrat pour un apprenti",
            "je dois préparer le contrat d'une nouvelle vendeuse à temps partiel",
            "creation contrat",
            "personnaliser les clauses du contrat",
        ),
    ),
    (
        "contract-esign",
        "Comment faire signer un contrat électroniquement ?",
        "Une fois le contrat généré, cliquez sur Envoyer en signature : le salarié reçoit un "
        "email, lit le document et signe avec un code reçu par SMS. L'employeur signe ensuite "
        "depuis le même écran. Le contrat signé est archivé dans le coffre-fort du salarié, "
        "avec son certificat de signature.",
        (
            "signature electronique contrat",
            "envoyer le contrat au salarie pour qu'il signe en ligne",
            "le salarié est à distance, il ne peut pas signer sur papier",
            "code sms pour signer",
            "où retrouver le contrat une fois signé par les deux parties",
            "e-signature",
        ),
    ),
    (
        "contract-end",
        "Comment gérer le départ d'un salarié ?",
        "Saisissez la date et le motif de fin de contrat dans Contrats > Terminer. Le dernier "
        "bulletin calcule l'indemnité compensatrice de congés payés et les éventuelles "
        "indemnités de rupture. Les documents de sortie (certificat de travail, attestation "
        "France Travail, reçu pour solde de tout compte) sont générés, et la DSN de fin de "
        "contrat est préparée.",
        (
            "solde de tout compte",
            "une salariée démissionne, qu'est-ce que je dois faire",
            "attestation pole emploi",
            "fin de cdd documents",
            "licenciement saisie logiciel",
            "certificat de travail",
        ),
    ),
    (
        "trial-period",
        "Comment renouveler ou rompre une période d'essai ?",
        "Le renouvellement doit être prévu par le contrat et accepté par écrit par le "
        "salarié avant la fin de la première période : générez l'avenant depuis Contrats > "
        "Période d'essai. Pour une rupture, saisissez la date en respectant le délai de "
        "prévenance ; elle ne donne pas lieu à indemnité de rupture.",
        (
            "prolonger la periode d'essai",
            "mettre fin a l'essai d'un nouvel embauché",
            "avenant renouvellement essai",
            "le nouveau ne convient pas, il est encore en période d'essai",
            "délai de prévenance",
            "essai pas concluant",
        ),
    ),
    (
        "export-accounting",
        "Comment exporter la paie vers mon logiciel de comptabilité ?",
        "Après la clôture, ouvrez Paie > Exports > Écritures comptables et choisissez le "
        "format de votre logiciel (Sage, Cegid, EBP, QuickBooks ou FEC). Le plan de comptes "
        "se règle une fois dans Paramètres > Comptabilité. Le fichier contient une écriture "
        "par rubrique et par établissement.",
        (
            "transferer les ecritures de paie a mon expert comptable",
            "journal de paie sage",
            "export compta",
            "mon comptable veut un fichier pour intégrer les salaires dans cegid",
            "parametrer les comptes comptables de la paie",
            "fichier fec paie",
        ),
    ),
    (
        "export-excel",
        "Comment exporter des données salariés dans Excel ?",
        "Depuis Salariés ou Rapports, filtrez la liste, choisissez les colonnes puis cliquez "
        "sur Exporter > Excel (ou CSV). Les rapports enregistrés (effectifs, masse salariale, "
        "absences) peuvent être programmés pour arriver par email chaque mois. Les exports "
        "contenant des données sensibles sont réservés aux administrateurs.",
        (
            "sortir la liste du personnel en tableur",
            "extraction csv",
            "tableau de la masse salariale par mois",
            "je voudrais un fichier xls avec tous les salariés et leur date d'entrée",
            "export excel",
            "recevoir un rapport des absences chaque mois",
        ),
    ),
    (
        "dsn-send",
        "Comment déposer la DSN mensuelle ?",
        "Après la clôture de la paie, ouvrez DSN > Mensuelle, contrôlez le fichier (le "
        "contrôle signale les anomalies) puis cliquez sur Déposer : il est transmis à "
        "net-entreprises. L'échéance est le 5 ou le 15 du mois suivant selon l'effectif. Le "
        "statut passe à Déposée, puis Acceptée à la réception de l'accusé.",
        (
            "envoyer la declaration sociale du mois",
            "transmission dsn net entreprises",
            "date limite dsn",
            "c'est la première fois que je fais la paie, comment j'envoie la déclaration à l'urssaf",
            "depot dsn",
            "déclaration mensuelle",
        ),
    ),
    (
        "dsn-rejected",
        "Ma DSN a été rejetée : que faire ?",
        "Ouvrez DSN > Retours : le compte rendu indique le code de l'anomalie bloquante et "
        "le salarié concerné (souvent un NIR ou une date de naissance incohérents). Corrigez "
        "la fiche du salarié, regénérez la DSN et déposez-la à nouveau : elle annule et "
        "remplace la précédente si l'échéance n'est pas passée.",
        (
            "dsn refusee",
            "anomalie bloquante",
            "net entreprises a rejeté mon fichier",
            "erreur nir dans la déclaration",
            "j'ai reçu un mail qui dit que la dsn est en échec, comment la renvoyer",
            "redeposer une dsn corrigee",
        ),
    ),
    (
        "overtime",
        "Comment payer des heures supplémentaires ?",
        "Saisissez le nombre d'heures dans les variables du mois (Paie > Variables), en "
        "distinguant les heures majorées à 25 % et à 50 %. Le bulletin applique la "
        "majoration, l'exonération de cotisations salariales et la défiscalisation dans la "
        "limite annuelle. Les heures peuvent aussi être importées depuis un fichier de "
        "pointage.",
        (
            "heures sups paie",
            "majoration 25 pourcent",
            "un salarié a fait 6 heures de plus cette semaine, comment le payer",
            "importer les heures du badgeuse",
            "heures supplementaires defiscalisees",
            "ajouter des heures en plus sur la paie",
        ),
    ),
    (
        "expenses",
        "Comment me faire rembourser une note de frais ?",
        "Dans votre espace salarié, ouvrez Notes de frais > Nouvelle dépense, photographiez "
        "le justificatif et indiquez le montant et la catégorie (repas, transport, "
        "kilomètres). Votre responsable valide la note, puis le remboursement est versé avec "
        "le salaire suivant, sur une ligne non soumise à cotisations.",
        (
            "rembourser un repas client",
            "indemnites kilometriques",
            "j'ai avancé un billet de train pour le boulot",
            "frais pro",
            "ajouter un ticket de caisse pour remboursement",
            "quand est ce que mes notes de frais sont payees",
        ),
    ),
)

MEDICAL: tuple[Entry, ...] = (
    (
        "printer-blank",
        "Mes ordonnances s'impriment mal (page blanche, texte décalé)",
        "Une page blanche vient presque toujours du mauvais bac : dans Paramètres > "
        "Impression, associez le modèle Ordonnance au bac qui contient le papier "
        "d'ordonnance. Si le texte est décalé ou coupé, vérifiez que le format (A5 ou A4) du "
        "modèle est celui du papier, et que le pilote de l'imprimante n'applique pas "
        "« Ajuster à la page ».",
        (
            "l'ordonnance sort blanche",
            "mon ordonnance ne s'imprime pas correctement, le texte deborde en bas",
            "impression prescription decalée",
            "la feuille sort de l'imprimante mais rien n'est écrit dessus",
            "marges fausses sur l'ordo",
            "bac papier ordonnance",
        ),
    ),
    (
        "printer-install",
        "Comment installer une nouvelle imprimante dans le logiciel ?",
        "Installez d'abord l'imprimante dans Windows ou macOS avec le pilote du fabricant, "
        "puis imprimez une page de test. Dans le logiciel, ouvrez Paramètres > Impression et "
        "choisissez la nouvelle imprimante pour chaque modèle (ordonnance, courrier, feuille "
        "de soins). Les réglages sont propres à chaque poste du cabinet.",
        (
            "on a changé d'imprimante au cabinet",
            "configurer imprimante",
            "ajouter une imprimante réseau pour la secrétaire",
            "le logiciel ne voit pas ma nouvelle imprimante brother",
            "choisir l'imprimante pour les courriers",
            "parametrage impression nouveau poste",
        ),
    ),
    (
        "printer-duplicate",
        "Comment imprimer l'ordonnance en deux exemplaires ?",
        "Dans Paramètres > Impression > Ordonnance, réglez le nombre d'exemplaires à 2 : le "
        "second porte automatiquement la mention « Duplicata ». Pour réimprimer une "
        "ordonnance déjà faite, ouvrez-la dans l'historique du patient et cliquez sur "
        "Réimprimer.",
        (
            "duplicata ordonnance",
            "le pharmacien veut un double de la prescription",
            "imprimer 2 fois l'ordo automatiquement",
            "une patiente a perdu son ordonnance d'hier, je la ressors comment",
            "copie ordonnance",
            "reimprimer une ancienne prescription",
        ),
    ),
    (
        "prescription-ald",
        "Comment prescrire pour un patient en ALD (ordonnance bizone) ?",
        "Si l'ALD est renseignée dans le dossier du patient, l'ordonnance passe "
        "automatiquement au format bizone. Placez les médicaments liés à l'affection longue "
        "durée dans la zone du haut (cochez ALD sur la ligne) et les autres dans la zone du "
        "bas. La lecture de la carte Vitale met à jour les ALD déclarées.",
        (
            "patient en affection longue duree",
            "ordonnance deux parties",
            "prise en charge a 100 pour cent medicaments",
            "mon patient diabétique a une ald, comment séparer ses traitements",
            "ordonance bi-zone",
            "zone du haut et zone du bas sur la prescription",
        ),
    ),
    (
        "prescription-favorite",
        "Comment enregistrer une ordonnance type ?",
        "Rédigez l'ordonnance une fois, puis cliquez sur Enregistrer comme modèle et "
        "donnez-lui un nom (par exemple « Angine adulte »). Les ordonnances types se "
        "retrouvent dans le bouton Modèles de l'écran de prescription et peuvent être "
        "partagées avec les autres médecins du cabinet.",
        (
            "prescription favorite",
            "gagner du temps sur les ordonnances que je fais souvent",
            "modele ordonnance",
            "je prescris tout le temps la même chose pour les gastros, on peut le sauvegarder ?",
            "partager mes modèles de prescription avec mon associé",
            "protocole type",
        ),
    ),
    (
        "prescription-renew",
        "Comment renouveler le traitement d'un patient ?",
        "Dans le dossier du patient, ouvrez l'historique des prescriptions, sélectionnez "
        "l'ordonnance et cliquez sur Renouveler : elle est recopiée à la date du jour, et "
        "vous pouvez ajuster les lignes avant d'imprimer. Les traitements arrêtés depuis ne "
        "sont pas repris.",
        (
            "refaire la meme ordonnance que le mois dernier",
            "renouvellement traitement chronique",
            "reprendre une ancienne ordonnance",
            "ma patiente vient chaque trimestre pour sa tension, je recopie sa prescription",
            "renouveler ordo",
            "copier la derniere prescription du patient",
        ),
    ),
    (
        "prescription-narcotic",
        "Comment rédiger une ordonnance de stupéfiants ?",
        "Choisissez le modèle Ordonnance sécurisée : les médicaments classés stupéfiants "
        "sont détectés et le logiciel impose l'écriture en toutes lettres du dosage, du "
        "nombre d'unités et de la durée. Imprimez-la sur le papier sécurisé (filigrane et "
        "carré de numérotation), dans le bac réservé à ce papier.",
        (
            "prescrire de la morphine",
            "ordonnance securisee",
            "dosage en toutes lettres",
            "le logiciel refuse ma prescription d'oxycodone",
            "papier filigrané pour les stupéfiants",
            "stupefiants",
        ),
    ),
    (
        "eprescription",
        "Comment fonctionne l'ordonnance numérique (e-prescription) ?",
        "Avec votre carte CPS ou e-CPS connectée, chaque ordonnance est aussi enregistrée "
        "dans la base de l'Assurance maladie et porte un QR code. Le pharmacien scanne le QR "
        "code pour retrouver la prescription et y indiquer la délivrance. Activez l'option "
        "dans Paramètres > Prescription > Ordonnance numérique.",
        (
            "qr code sur les ordonnances",
            "e prescription activation",
            "le pharmacien dit que mon ordonnance n'a pas de code",
            "ordonnance dematerialisée",
            "c'est quoi le carré noir en bas de la prescription",
            "ordonnance numerique",
        ),
    ),
    (
        "vitale-reader",
        "Mon lecteur de carte Vitale n'est pas reconnu",
        "Vérifiez que le lecteur est branché et allumé, puis débranchez-le et rebranchez-le "
        "sur un autre port USB. Dans Paramètres > Lecteur, relancez la détection : le "
        "logiciel doit afficher le modèle et la version. Si le lecteur affiche une erreur, "
        "redémarrez le poste ; le pilote du lecteur (Galss ou PC/SC) doit être installé.",
        (
            "lecteur absent",
            "le boitier sesam vitale ne repond pas",
            "la carte vitale du patient n'est pas lue",
            "depuis ce matin le logiciel me dit aucun lecteur détecté",
            "terminal vitale usb",
            "pilote lecteur de carte",
        ),
    ),
    (
        "vitale-app",
        "Comment lire l'application carte Vitale d'un patient ?",
        "L'application carte Vitale se lit avec un QR code : dans l'écran de facturation, "
        "cliquez sur Lire l'appli Vitale, puis scannez avec la webcam ou la douchette le QR "
        "code affiché par le patient. Votre carte CPS ou e-CPS doit être connectée. La "
        "feuille de soins est ensuite sécurisée comme avec la carte physique.",
        (
            "le patient n'a que la carte vitale sur son telephone",
            "apcv",
            "vitale dematerialisee",
            "scanner le qr code de l'appli carte vitale",
            "carte vitale sur smartphone",
            "une patiente me montre son portable au lieu de sa carte verte",
        ),
    ),
    (
        "fse-degraded",
        "Comment facturer quand le patient n'a pas sa carte Vitale ?",
        "Créez une feuille de soins en mode SESAM sans Vitale : saisissez le NIR et le "
        "régime du patient (ou lisez son attestation de droits), puis signez avec votre carte "
        "CPS. Si votre lecteur ne fonctionne pas, faites une FSE dégradée et envoyez la "
        "feuille papier signée à la caisse.",
        (
            "patient sans carte vitale",
            "fse degradee",
            "il a oublié sa carte, je peux quand même télétransmettre ?",
            "sesam sans vitale",
            "facturer avec l'attestation de droits",
            "mon lecteur est en panne comment je facture les consultations",
        ),
    ),
    (
        "cps-pin",
        "Ma carte CPS est bloquée après des codes faux",
        "Après trois codes PIN faux, la carte CPS est bloquée. Débloquez-la avec le code "
        "PUK reçu par courrier avec la carte, dans l'outil CPS Gestion installé sur le "
        "poste. Sans ce courrier, commandez un nouveau code auprès de l'Agence du numérique "
        "en santé, ou utilisez en attendant la e-CPS sur votre téléphone.",
        (
            "carte de professionnel de sante verrouillee",
            "j'ai oublié le code de ma cps",
            "deblocage cps",
            "code puk carte cps",
            "après 3 essais ma carte médecin ne marche plus, je ne peux plus signer les fse",
            "e-cps en depannage",
        ),
    ),
    (
        "fse-rejected",
        "Une feuille de soins a été rejetée par la caisse",
        "Les retours NOEMIE arrivent dans Facturation > Retours : chaque rejet a un code et "
        "un libellé (droits fermés, acte incompatible, NIR inconnu). Corrigez le dossier ou "
        "la cotation puis cliquez sur Refacturer : une nouvelle FSE est envoyée. Un rejet "
        "pour droits fermés se règle en demandant une attestation au patient.",
        (
            "fse rejetee",
            "retour noemie code erreur",
            "la cpam n'a pas payé une consultation",
            "renvoyer une feuille de soin refusée",
            "rejet droits fermes",
            "j'ai un paiement manquant sur un acte de la semaine dernière, l'assurance maladie l'a refusé",
        ),
    ),
    (
        "third-party-payment",
        "Comment appliquer le tiers payant ?",
        "Dans l'écran de facturation, cochez Tiers payant AMO pour la part de l'Assurance "
        "maladie et Tiers payant AMC pour la mutuelle, si le patient a sa carte de mutuelle "
        "ou une attestation. Le patient n'avance alors rien (ou seulement le reste à charge). "
        "Le suivi des paiements se fait dans Facturation > Tiers payant.",
        (
            "le patient ne veut pas avancer les frais",
            "tiers payant mutuelle",
            "dispense d'avance de frais",
            "comment je fais pour que la secu me paie directement",
            "part complementaire amc",
            "suivre les virements du tiers payant",
        ),
    ),
    (
        "agenda-online",
        "Comment ouvrir mon agenda à la prise de rendez-vous en ligne ?",
        "Dans Agenda > Paramètres > Réservation en ligne, choisissez les motifs de "
        "consultation et les plages horaires que les patients peuvent réserver eux-mêmes. "
        "Vous pouvez réserver certains créneaux aux patients déjà connus. Le lien de "
        "réservation peut être ajouté à votre site ou à votre fiche Google.",
        (
            "les patients peuvent ils prendre rdv sur internet",
            "reservation en ligne",
            "mettre un lien de prise de rendez-vous sur mon site",
            "je ne veux ouvrir en ligne que les créneaux du matin aux nouveaux patients",
            "rdv web",
            "agenda connecté pour les patients",
        ),
    ),
    (
        "agenda-block",
        "Comment bloquer des créneaux dans mon agenda ?",
        "Sélectionnez la plage dans l'agenda et choisissez Indisponibilité (congés, "
        "formation, visite à domicile). Pour une absence qui revient chaque semaine, cochez "
        "Répéter et choisissez la fréquence. Les créneaux bloqués ne sont plus proposés en "
        "ligne ; les rendez-vous déjà pris sur la plage vous sont signalés.",
        (
            "fermer mon planning pendant mes vacances",
            "indisponibilite recurrente le mercredi",
            "empecher les rdv un jour de formation",
            "je ne consulte plus le jeudi après-midi, comment le mettre dans l'agenda",
            "bloquer creneau",
            "absence agenda",
        ),
    ),
    (
        "agenda-sms",
        "Comment envoyer des rappels de rendez-vous par SMS ?",
        "Activez les rappels dans Agenda > Paramètres > Rappels : un SMS part 24 ou 48 "
        "heures avant le rendez-vous, avec un lien pour l'annuler. Le numéro de mobile du "
        "patient doit être renseigné dans son dossier. Les SMS sont décomptés de votre crédit "
        "(Paramètres > Abonnement).",
        (
            "les patients oublient leurs rendez-vous",
            "sms de rappel",
            "texto la veille du rdv",
            "réduire les lapins au cabinet",
            "crédit sms épuisé",
            "comment prévenir automatiquement les patients un jour avant leur consultation",
        ),
    ),
    (
        "agenda-share",
        "Comment partager mon agenda avec ma secrétaire ou un remplaçant ?",
        "Dans Paramètres > Utilisateurs, donnez à la personne l'accès à votre agenda en "
        "lecture seule ou en modification. Une secrétaire peut gérer les agendas de plusieurs "
        "praticiens sans voir les dossiers médicaux. Un remplaçant reçoit son propre compte "
        "et travaille sur votre agenda pendant vos dates d'absence.",
        (
            "donner acces au planning a l'assistante",
            "la secretaire ne voit pas mon agenda",
            "droits agenda",
            "plusieurs médecins un seul secrétariat",
            "ma remplaçante doit pouvoir voir mes rdv la semaine prochaine",
            "partage planning",
        ),
    ),
    (
        "teleconsult-start",
        "Comment faire une téléconsultation ?",
        "Créez un rendez-vous de type Téléconsultation : le patient reçoit par email et SMS un "
        "lien pour rejoindre la salle d'attente virtuelle, sans rien installer. À l'heure du "
        "rendez-vous, ouvrez-le et cliquez sur Démarrer la vidéo. Vous pouvez partager un "
        "document et envoyer l'ordonnance signée pendant l'appel.",
        (
            "consultation a distance en video",
            "teleconsultation comment ca marche",
            "envoyer le lien video au patient",
            "je voudrais voir un patient par visio demain",
            "salle d'attente virtuelle",
            "teleconsult",
        ),
    ),
    (
        "teleconsult-video",
        "Le patient ne me voit pas ou ne m'entend pas en téléconsultation",
        "Autorisez le navigateur à utiliser la caméra et le micro (icône à gauche de "
        "l'adresse), puis vérifiez qu'aucune autre application (Teams, Zoom) ne les occupe. "
        "Utilisez Chrome, Edge ou Firefox à jour. Si l'image se fige, coupez la vidéo du "
        "patient : l'appel continue en audio.",
        (
            "pas de son en visio",
            "ecran noir teleconsultation",
            "la webcam ne marche pas pendant la consultation video",
            "mon patient n'entend rien quand je parle",
            "autoriser camera micro navigateur",
            "l'image se bloque toutes les 10 secondes pendant l'appel vidéo",
        ),
    ),
    (
        "teleconsult-billing",
        "Comment facturer une téléconsultation ?",
        "Cotez l'acte TC (ou TCG pour un généraliste) au lieu de la consultation habituelle. "
        "Sans carte Vitale à lire, la feuille de soins part en mode SESAM sans Vitale avec "
        "les droits du patient récupérés par le service en ligne ADRi. Le paiement se fait par "
        "carte bancaire en ligne ou en tiers payant.",
        (
            "cotation tcg",
            "faire payer une consultation video",
            "fse pour visio",
            "comment le patient me règle quand je le vois à distance",
            "acte teleconsultation",
            "facturer sans vitale une consult en ligne",
        ),
    ),
    (
        "dmp",
        "Comment envoyer des documents dans Mon espace santé (DMP) ?",
        "Dans le dossier du patient, cliquez sur Mon espace santé : le logiciel vérifie avec "
        "l'INS que le dossier existe. Sélectionnez les documents (compte rendu, ordonnance, "
        "résultats) et cliquez sur Envoyer. Il faut une identité INS qualifiée et votre carte "
        "CPS ou e-CPS connectée.",
        (
            "alimenter le dmp",
            "deposer un compte rendu dans le dossier medical partage",
            "ins qualifiée",
            "le patient veut retrouver mes courriers sur son appli santé",
            "mon espace sante",
            "erreur ins au moment d'envoyer au dmp",
        ),
    ),
    (
        "backup",
        "Comment sauvegarder les dossiers de mes patients ?",
        "La sauvegarde automatique s'exécute chaque soir vers notre hébergement certifié HDS ; "
        "son état est affiché dans Paramètres > Sauvegarde. Vous pouvez en plus faire une "
        "sauvegarde locale chiffrée sur un disque externe. La restauration d'une sauvegarde "
        "se fait avec le support, pour vérifier l'intégrité des données.",
        (
            "copie de securite des donnees patients",
            "restaurer une sauvegarde",
            "mon ordinateur a planté, est-ce que j'ai perdu mes dossiers",
            "backup disque dur externe",
            "hebergement hds",
            "la sauvegarde de cette nuit a échoué",
        ),
    ),
)

ENTRIES: tuple[Entry, ...] = TELECOM + PAYROLL + MEDICAL
