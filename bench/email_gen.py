"""Realistic support mail for `make bench-email` (docs/email.md, "Benchmark").

Deterministic (a seed): French and English requests from a pool of customers at a few dozen
companies and webmail domains; replies to earlier messages of the same thread (In-Reply-To,
References, "Re:" subjects, quoted history under "Le … a écrit :" / "On … wrote:"), some from
a colleague in Cc; some HTML (alternative or HTML only), some attachments (PDF, PNG, logs),
some iso-8859-1 bodies, out-of-office auto-replies and a few delivery status notifications.

    python bench/email_gen.py --count 10000 --out var/bench/email-generated
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

VERSION = 2  # bump when the output changes (cached folders are regenerated)

FIRST = ["Alice", "Benoît", "Camille", "Chloé", "David", "Élodie", "François", "Hélène", "Inès",
         "Jean", "Léa", "Lucas", "Manon", "Mathieu", "Nadia", "Olivier", "Pauline", "Sébastien",
         "Thomas", "Zoé", "Emma", "James", "Olivia", "Michael", "Sophie", "Daniel", "Grace",
         "Henry", "Ruth", "Oscar"]  # fmt: skip
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Smith", "Johnson", "Brown",
        "Taylor", "Wilson", "Evans", "Walker", "Nguyen", "Roux", "Fournier"]  # fmt: skip
COMPANIES = ["boulangerie-martin.fr", "cabinet-durand.fr", "transports-leroy.com", "acme.example",
             "mairie-saint-andre.fr", "studio-lumiere.fr", "northwind.example", "contoso.example",
             "globex.example", "pharmacie-du-centre.fr", "ecole-jules-ferry.fr", "initech.example",
             "garage-roux.fr", "hotel-des-alpes.fr", "umbrella.example", "fabrikam.example"]  # fmt: skip
WEBMAIL = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr", "yahoo.fr",
           "hotmail.com", "icloud.com", "proton.me", "sfr.fr"]  # fmt: skip
SUPPORT = "support@bench.example"

SUBJECTS_FR = ["L'imprimante n'imprime plus", "Facture {n} en double", "Impossible de me connecter",
               "Demande de remboursement commande {n}", "Erreur 500 sur la page de paiement",
               "Changement d'adresse de livraison", "Mot de passe oublié", "Colis {n} non reçu",
               "Question sur mon abonnement", "Problème de synchronisation des données",
               "Export CSV incomplet", "Accès refusé au tableau de bord"]  # fmt: skip
SUBJECTS_EN = ["Cannot log in since this morning", "Invoice {n} charged twice",
               "Refund request for order {n}", "Error 500 on checkout", "Package {n} not delivered",
               "Question about my subscription", "Data sync is failing", "Password reset link expired",
               "CSV export is missing rows", "Access denied on the dashboard"]  # fmt: skip
BODY_FR = ["Bonjour,\n\nDepuis ce matin {issue}. J'ai déjà redémarré l'ordinateur, sans effet.\n"
           "Pouvez-vous m'aider rapidement ? Nous avons une échéance vendredi.\n\nCordialement,\n{name}",
           "Bonjour,\n\nJe vous écris au sujet de la commande n° {n} : {issue}.\nMerci de me tenir "
           "informé(e) de la suite donnée à ma demande.\n\nBien à vous,\n{name}\n{company}",
           "Bonjour,\n\n{issue}. Ci-joint une capture d'écran. Le problème se produit aussi sur "
           "le poste de ma collègue.\n\nMerci d'avance,\n{name}"]  # fmt: skip
BODY_EN = ["Hi,\n\nSince this morning {issue}. I already restarted my computer, no luck.\n"
           "Could you help quickly? We have a deadline on Friday.\n\nBest regards,\n{name}",
           "Hello,\n\nI am writing about order #{n}: {issue}.\nPlease keep me posted.\n\n"
           "Thanks,\n{name}\n{company}",
           "Hi team,\n\n{issue}. Screenshot attached. It also happens on my colleague's laptop."
           "\n\nCheers,\n{name}"]  # fmt: skip
ISSUES_FR = ["l'application affiche « erreur inconnue » à l'ouverture", "le paiement est refusé",
             "les données de la semaine dernière ont disparu", "le colis n'est toujours pas arrivé",
             "la facture comporte une ligne en trop (12,50 €)", "je ne reçois plus les notifications"]  # fmt: skip
ISSUES_EN = ["the app shows 'unknown error' on start", "the payment is declined",
             "last week's data is gone", "the parcel still has not arrived",
             "the invoice has an extra line ($12.50)", "I no longer get notifications"]  # fmt: skip
REPLIES_FR = ["Merci pour votre retour. Malheureusement le problème persiste.",
              "C'est réglé de mon côté, merci beaucoup !", "Voici les informations demandées : "
              "version 4.2, Windows 11.", "Toujours rien reçu. Pouvez-vous relancer le transporteur ?"]  # fmt: skip
REPLIES_EN = ["Thanks for getting back to me. Unfortunately it still fails.",
              "All good now, thank you very much!", "Here is what you asked for: version 4.2, "
              "macOS 14.", "Still nothing. Could you chase the carrier?"]  # fmt: skip
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Person:
    name: str
    address: str
    french: bool


@dataclass
class Sent:
    """A message already generated, that later ones may answer."""

    message_id: str
    subject: str
    author: Person
    body: str
    references: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = [self._person() for _ in range(3000)]
        self.sent: list[Sent] = []
        self.clock = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
        self.n = 0

    def _person(self) -> Person:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        domain = self.rng.choice(COMPANIES + WEBMAIL)
        local = _ascii(f"{first}.{last}").replace(" ", "")
        local += str(self.rng.randint(1, 99)) if domain in WEBMAIL else ""
        french = domain.endswith(".fr") or (domain in WEBMAIL and self.rng.random() < 0.6)
        return Person(f"{first} {last}", f"{local}@{domain}", french)

    def messages(self, count: int) -> Iterator[bytes]:
        for _ in range(count):
            self.n += 1
            self.clock += dt.timedelta(seconds=self.rng.randint(1, 40))
            roll = self.rng.random()
            if roll < 0.06 and self.sent:
                yield self._auto_reply()
            elif roll < 0.075 and self.sent:
                yield self._bounce()
            elif roll < 0.38 and self.sent:
                yield self._reply()
            else:
                yield self._request()

    # --- Kinds of mail --------------------------------------------------------------------

    def _request(self) -> bytes:
        author = self.rng.choice(self.people)
        number = self.rng.randint(10000, 99999)
        subjects, bodies, issues = (
            (SUBJECTS_FR, BODY_FR, ISSUES_FR)
            if author.french
            else (SUBJECTS_EN, BODY_EN, ISSUES_EN)
        )
        subject = self.rng.choice(subjects).format(n=number)
        body = self.rng.choice(bodies).format(
            issue=self.rng.choice(issues), n=number, name=author.name,
            company=author.address.split("@")[1],
        )  # fmt: skip
        message = self._envelope(author, subject)
        self._content(message, body, author)
        return self._remember(message, subject, author, body, [])

    def _reply(self) -> bytes:
        earlier = self.rng.choice(self.sent[-2000:])
        author, cc = earlier.author, None
        if self.rng.random() < 0.15 and author.address.split("@")[1] in COMPANIES:
            colleague = self._colleague(author)
            author, cc = colleague, earlier.author
        new = self.rng.choice(REPLIES_FR if author.french else REPLIES_EN)
        body = f"{new}\n\n{author.name}\n\n{self._attribution(earlier)}\n{_quote(earlier.body)}\n"
        subject = (
            earlier.subject
            if earlier.subject.lower().startswith("re:")
            else f"Re: {earlier.subject}"
        )
        message = self._envelope(author, subject)
        if cc is not None:
            message["Cc"] = f"{cc.name} <{cc.address}>"
        references = [*earlier.references, earlier.message_id][-10:]
        message["In-Reply-To"] = f"<{earlier.message_id}>"
        message["References"] = " ".join(f"<{ref}>" for ref in references)
        self._content(message, body, author)
        return self._remember(message, subject, author, body, references)

    def _auto_reply(self) -> bytes:
        earlier = self.rng.choice(self.sent[-2000:])
        author = earlier.author
        if author.french:
            subject = f"Réponse automatique : {earlier.subject}"
            body = ("Bonjour,\n\nJe suis absent(e) du bureau jusqu'au 16 mars, avec un accès "
                    f"limité à mes messages.\n\nCordialement,\n{author.name}")  # fmt: skip
        else:
            subject = f"Automatic reply: {earlier.subject}"
            body = f"Hello,\n\nI am out of the office until March 16th.\n\nRegards,\n{author.name}"
        message = self._envelope(author, subject)
        message["In-Reply-To"] = f"<{earlier.message_id}>"
        message["Auto-Submitted"] = "auto-replied"
        if self.rng.random() < 0.5:
            message["X-Auto-Response-Suppress"] = "All"
        message.set_content(body, charset="utf-8")
        return bytes(message)

    def _bounce(self) -> bytes:
        earlier = self.rng.choice(self.sent[-2000:])
        domain = earlier.author.address.split("@")[1]
        boundary = f"bounce{self.n}"
        return (
            f"From: Mail Delivery System <MAILER-DAEMON@mx.{domain}>\r\n"
            f"To: {SUPPORT}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
            f"Date: {format_datetime(self.clock)}\r\nMessage-ID: <dsn{self.n}@mx.{domain}>\r\n"
            "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
            f"\r\n--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            "I'm sorry to have to inform you that your message could not be delivered.\r\n"
            f"\r\n--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
            f"Reporting-MTA: dns; mx.{domain}\r\n\r\n"
            f"Final-Recipient: rfc822; {earlier.author.address}\r\nAction: failed\r\n"
            "Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
            f"\r\n--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"Message-ID: <{earlier.message_id}>\r\nSubject: {earlier.subject}\r\n"
            f"\r\n--{boundary}--\r\n"
        ).encode()

    # --- Parts ------------------------------------------------------------------------------

    def _envelope(self, author: Person, subject: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = f"{author.name} <{author.address}>"
        message["To"] = f"Support <{SUPPORT}>"
        message["Subject"] = subject
        message["Date"] = format_datetime(self.clock)
        message["Message-ID"] = (
            f"<{self.n}.{self.rng.getrandbits(48):x}@{author.address.split('@')[1]}>"
        )
        client = self.rng.choice(["Microsoft Outlook 16.0", "Thunderbird 115.8", "Apple Mail",
                                  "Gmail", "K-9 Mail"])  # fmt: skip
        message["X-Mailer"] = client
        return message

    def _content(self, message: EmailMessage, body: str, author: Person) -> None:
        roll = self.rng.random()
        charset = "iso-8859-1" if author.french and self.rng.random() < 0.15 else "utf-8"
        if charset != "utf-8" and not _encodes(body, charset):
            charset = "windows-1252"  # the euro sign: what Outlook sends
        if roll < 0.05:  # HTML only
            message.set_content(_html(body), subtype="html", charset="utf-8")
        else:
            message.set_content(body, charset=charset)
            if roll < 0.30:
                message.add_alternative(_html(body), subtype="html")
        if self.rng.random() < 0.12:
            kind = self.rng.randrange(3)
            if kind == 0:
                message.add_attachment(PNG, maintype="image", subtype="png",
                                       filename="capture d'écran.png")  # fmt: skip
            elif kind == 1:
                message.add_attachment(PDF * 20, maintype="application", subtype="pdf",
                                       filename=f"facture-{self.n}.pdf")  # fmt: skip
            else:
                log = "\n".join(f"2026-03-02 08:{i:02d}:00 ERROR sync failed" for i in range(60))
                message.add_attachment(log, filename="journal.log")

    def _colleague(self, person: Person) -> Person:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        domain = person.address.split("@")[1]
        local = _ascii(f"{first[0]}.{last}")
        return Person(f"{first} {last}", f"{local}@{domain}", person.french)

    def _attribution(self, earlier: Sent) -> str:
        when = self.clock - dt.timedelta(hours=2)
        if self.rng.random() < 0.5:
            return f"Le {when:%d/%m/%Y à %H:%M}, {earlier.author.name} <{earlier.author.address}> a écrit :"
        return f"On {when:%a, %b %d, %Y at %H:%M}, {earlier.author.name} <{earlier.author.address}> wrote:"

    def _remember(
        self, message: EmailMessage, subject: str, author: Person, body: str, refs: list[str]
    ) -> bytes:
        message_id = str(message["Message-ID"]).strip("<>")
        self.sent.append(Sent(message_id, subject, author, body, refs))
        return bytes(message)


def _ascii(text: str) -> str:
    """A local part from a name: "Élodie.Lefèvre" -> "elodie.lefevre"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _encodes(text: str, charset: str) -> bool:
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines()[:30])


def _html(text: str) -> str:
    """Paragraphs, and the quoted history in a <blockquote> (as Gmail and Thunderbird do)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body, _, quoted = escaped.partition("\n&gt;")
    html = "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in body.split("\n\n"))
    if quoted:
        lines = ("&gt;" + quoted).splitlines()
        html += "<blockquote>" + "<br>".join(line[4:].lstrip() for line in lines) + "</blockquote>"
    return f'<html><head><style>p{{margin:0}}</style></head><body><div dir="ltr">{html}</div></body></html>'


def write(folder: Path, count: int, seed: int = 42) -> Path:
    """`count` messages as 000001.eml... in `folder`; reused when already there (same stamp)."""
    stamp = folder.parent / f"{folder.name}.stamp"  # beside: every file inside is mail
    expected = f"v{VERSION} count={count} seed={seed}"
    if stamp.exists() and stamp.read_text() == expected:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    for old in folder.glob("*.eml"):
        old.unlink()
    for number, raw in enumerate(Generator(seed).messages(count), start=1):
        (folder / f"{number:06d}.eml").write_bytes(raw)
    stamp.write_text(expected)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write(args.out, args.count, args.seed)
    print(f"{args.count} messages in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
