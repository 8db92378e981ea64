"""Words shared by every demo brand: names, greetings, tones, follow-ups. See docs/demo.md."""

from __future__ import annotations

FIRST_NAMES_FR = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura", "Pauline",
    "Claire", "Anne", "Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie", "Marion",
    "Élodie", "Hélène", "Martine", "Christine", "Valérie", "Nadia", "Fatima", "Yasmine", "Amina",
    "Thomas", "Nicolas", "Julien", "Maxime", "Alexandre", "Antoine", "Kevin", "Romain", "Hugo",
    "Lucas", "Mathieu", "Sébastien", "Olivier", "Philippe", "Pierre", "Jean", "Michel", "Éric",
    "Franck", "Laurent", "Stéphane", "Karim", "Mehdi", "Youssef", "Rachid", "Bruno", "Gilles",
    "François", "Bernard", "Patrick", "Thierry", "Guillaume", "Benoît", "Damien", "Yannick",
)  # fmt: skip
LAST_NAMES_FR = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
    "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez",
    "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Benali", "Haddad",
    "Diallo", "Traoré", "Kaya", "Le Gall", "Le Goff", "Caron", "Brunet", "Picard", "Colin",
)  # fmt: skip
FIRST_NAMES_EN = (
    "James", "Emily", "Oliver", "Sophie", "Daniel", "Grace", "Michael", "Hannah", "David",
    "Olivia", "Thomas", "Charlotte", "Ryan", "Megan", "Liam", "Amelia", "Jack", "Chloe",
    "Priya", "Arjun", "Lukas", "Anna", "Marco", "Giulia", "Pedro", "Sofia", "Jan", "Eva",
)  # fmt: skip
LAST_NAMES_EN = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Walker",
    "Wright", "Thompson", "Evans", "Patel", "Shah", "Müller", "Schmidt", "Rossi", "Bianchi",
    "Silva", "Costa", "de Vries", "Jansen", "O'Brien", "Murphy", "Kowalski", "Novak",
)  # fmt: skip

MAIL_DOMAINS = ("mail.example", "courriel.example", "boite.example", "webmail.example")

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip

GREETINGS = {
    "fr": ("Bonjour,", "Bonjour,", "Bonjour,", "Bonsoir,", "Madame, Monsieur,", "Hello,", "Bjr,"),
    "en": ("Hello,", "Hi,", "Hi there,", "Dear support team,", "Good morning,"),
}
CLOSINGS = {
    "polite": {
        "fr": ("Merci d'avance pour votre aide.", "Merci beaucoup, bonne journée.",
               "Je vous remercie par avance.", "Merci pour votre retour rapide !"),
        "en": ("Thanks in advance for your help.", "Many thanks, have a nice day.",
               "I appreciate your help."),
    },
    "neutral": {
        "fr": ("Cordialement,", "Bien cordialement,", "Merci.", "Bonne journée."),
        "en": ("Regards,", "Best regards,", "Thanks."),
    },
    "angry": {
        "fr": ("J'attends une réponse rapide.", "Merci de faire le nécessaire AU PLUS VITE.",
               "Sans réponse de votre part je saisis le médiateur.", "Lamentable."),
        "en": ("I expect a quick answer.", "Please sort this out NOW.",
               "If this is not fixed I will cancel."),
    },
}  # fmt: skip
TONE_SENTENCES = {
    "polite": {
        "fr": ("Je sais que vous êtes très sollicités, merci de votre patience.",
               "Votre service est d'habitude très réactif, merci encore.",
               "Ce n'est pas très urgent mais j'aimerais comprendre."),
        "en": ("I know you are busy, thank you for your patience.",
               "Your team is usually very helpful, thanks again."),
    },
    "angry": {
        "fr": ("C'est la troisième fois que je vous contacte pour ça !!",
               "C'est inadmissible, personne ne répond au téléphone.",
               "Franchement je suis très déçu du service.",
               "On me balade de service en service depuis une semaine.",
               "Je commence vraiment à perdre patience.",
               "Si rien n'est fait je vais aller voir ailleurs."),
        "en": ("This is the third time I contact you about this!!",
               "Unacceptable, nobody ever answers the phone.",
               "Honestly I am very disappointed with your service.",
               "I am losing my patience here."),
    },
}  # fmt: skip
URGENT_MARKERS = {
    "fr": ("URGENT : ", "Urgent - ", "[URGENT] ", "TRÈS URGENT "),
    "en": ("URGENT: ", "Urgent - ", "[URGENT] "),
}
VAGUE = {
    "fr": (
        ("Problème", "Ça ne marche pas depuis hier, pouvez-vous me rappeler ?"),
        ("Question", "J'ai une question, merci de me recontacter."),
        ("Aide svp", "rien ne fonctionne, aidez moi svp"),
        ("Besoin d'aide", "Bonjour, je n'y arrive pas, quelqu'un peut m'appeler ?"),
        ("Re: votre message", "Toujours le même souci. Merci de regarder."),
        ("Réclamation", "Je ne suis pas satisfait, merci de me rappeler rapidement."),
    ),
    "en": (
        ("Problem", "It does not work since yesterday, can you call me back?"),
        ("Help", "nothing works, please help"),
        ("Question", "I have a question, please get back to me."),
        ("Re: your message", "Still the same issue. Please have a look."),
    ),
}
FOLLOW_UPS = {
    "fr": ("Voici les informations demandées : {detail}", "Je vous ai mis les éléments ci-dessous. {detail}",
           "Oui c'est bien ça. {detail}", "Merci pour votre réponse. {detail}",
           "Toujours rien de mon côté... {detail}", "j'ai essayé mais ça ne change rien. {detail}"),
    "en": ("Here is the information you asked for: {detail}", "Yes, that's right. {detail}",
           "Thanks for your answer. {detail}", "I tried but nothing changed. {detail}"),
}  # fmt: skip
REOPENINGS = {
    "fr": ("Le problème est revenu ce matin.", "Ce n'est pas résolu, ça recommence.",
           "Désolé mais ça ne marche toujours pas.", "Vous avez fermé mon ticket mais rien n'a changé !",
           "Re-bonjour, même souci qu'avant."),
    "en": ("The problem is back this morning.", "This is not solved, it happens again.",
           "You closed my ticket but nothing changed!"),
}  # fmt: skip
THANKS = {
    "fr": ("Merci, c'est réglé !", "Super, merci beaucoup.", "Parfait, ça fonctionne."),
    "en": ("Thanks, all good now!", "Great, thank you.", "Perfect, it works."),
}
AGENT_OPENINGS = {
    "fr": ("Bonjour {first},", "Bonjour {first},", "Bonjour {name},", "Bonsoir {first},"),
    "en": ("Hello {first},", "Hi {first},", "Dear {name},"),
}
AGENT_ACKS = {
    "calm": {
        "fr": ("Merci pour votre message.", "Merci de nous avoir contactés.",
               "Je prends en charge votre demande.", "Merci pour ces précisions."),
        "en": ("Thank you for your message.", "Thanks for reaching out.", "I am taking care of your request."),
    },
    "angry": {
        "fr": ("Je suis désolé(e) pour la gêne occasionnée.", "Je comprends votre agacement et je m'en occupe.",
               "Toutes nos excuses pour ce désagrément."),
        "en": ("Sorry for the inconvenience.", "I understand your frustration and I am on it."),
    },
}  # fmt: skip
AGENT_NEXT_STEPS = {
    "fr": ("Je regarde cela et je reviens vers vous rapidement.", "Je vérifie de mon côté et vous tiens informé(e).",
           "Je lance les vérifications nécessaires, vous aurez un retour dans la journée."),
    "en": ("I am looking into it and will get back to you shortly.", "I am checking on our side and will keep you posted."),
}  # fmt: skip
AGENT_TRANSFERS = {
    "fr": ("Je transmets votre demande à notre équipe spécialisée, qui revient vers vous rapidement.",
           "Votre demande nécessite une analyse plus poussée : je la confie à nos experts."),
    "en": ("I am passing your request to our specialist team, who will get back to you shortly.",
           "Your request needs a deeper look: I am handing it to our experts."),
}  # fmt: skip
AGENT_CLOSINGS = {
    "fr": ("Bonne journée,\n{agent}", "Cordialement,\n{agent}", "Belle soirée,\n{agent}",
           "N'hésitez pas à revenir vers nous si besoin.\n{agent}"),
    "en": ("Kind regards,\n{agent}", "Best,\n{agent}", "Let us know if anything else comes up.\n{agent}"),
}  # fmt: skip
