"""Only the new text of a reply: quoted history cut, signature found (docs/email.md#quotes).

Works on plain text; HTML is first turned into text in which <blockquote> lines start with ">",
so both kinds of body go through the same rules:
1. The history starts at the first "splitter": an attribution line ("On ... wrote:", "Le ... a
   écrit :", wrapped over up to three lines), an "-----Original Message-----" line, or an
   Outlook-style header block ("De : / Envoyé : / À : / Objet :", three or more such lines).
2. Without a splitter, at the first ">" line, with the "...:" line just above it.
3. Top-posting (text, then history): the text above is the reply. Bottom-posting (history,
   then text): the text below is. Interleaved answers: nothing is cut.
4. If cutting would leave nothing, nothing is cut.
5. A forwarded message (Fwd:/TR: subject, or a forward marker above the header block) is kept.
The signature ("-- " and what follows, or "Sent from my iPhone"-style lines) stays in
`new_text`, as mail clients show it; it is also returned alone, and `body` drops it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .html_text import html_to_text


@dataclass(frozen=True)
class Reply:
    new_text: str  # the reply without quoted history; its signature is still at the end
    quoted_text: str  # what was cut ("" when nothing was)
    signature: str  # the signature at the end of new_text ("" when none was found)

    @property
    def body(self) -> str:
        """new_text without its signature; new_text itself when that would leave nothing."""
        if not self.signature:
            return self.new_text
        body = self.new_text[: len(self.new_text) - len(self.signature)].rstrip()
        return body or self.new_text


_ATTRIBUTION_END = re.compile(
    r"(?:wrote|writes|a\s+[ée]crit|schrieb|escribi[óo]|ha\s+scritto|schreef|escreveu"
    r"|написал(?:\(а\)|а)?)\b[^:\n]{0,80}:$",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"^[-\s]*(?:On|Le|Am|El|Il|Op|Em|No|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\w+,\s*\d)\b.{1,300}"
    + _ATTRIBUTION_END.pattern,
    re.IGNORECASE,
)
_ORIGINAL_MESSAGE = re.compile(
    r"^[\s>]*[-_=*]{2,}\s*(?:Original Message|Message d['’]origine|Message original"
    r"|Ursprüngliche Nachricht|Mensaje original|Messaggio originale|Oorspronkelijk bericht"
    r"|Mensagem original|Исходное сообщение|Reply Message)\s*[-_=*]{2,}\s*$",
    re.IGNORECASE,
)
_FORWARD_MARKER = re.compile(
    r"Forwarded message|Message transf[ée]r[ée]|Begin forwarded message|D[ée]but du message"
    r"|Weitergeleitete Nachricht|Mensaje reenviado|Messaggio inoltrato|Пересылаемое сообщение",
    re.IGNORECASE,
)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|tr|wg|rv|enc|i)\s*:", re.IGNORECASE)
_HEADER_KINDS = {
    "from": "from|de|von|van|da|от|od|från|fra|expéditeur",
    "to": "to|à|a|an|aan|para|кому|destinataire|til|till",
    "cc": "cc|cci|bcc|копия",
    "date": "date|sent|envoyé|envoyé le|gesendet|datum|verzonden|enviado|enviada|inviato|data"
    "|fecha|отправлено|дата|skickat|sendt",
    "subject": "subject|objet|betreff|onderwerp|asunto|oggetto|assunto|тема|ämne|emne",
}
_HEADER_LINE = re.compile(
    r"^\s*\*?\s*(?:"
    + "|".join(f"(?P<{kind}>{names})" for kind, names in _HEADER_KINDS.items())
    + r")\s*\*?\s*:",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*[-_=*~]{3,}\s*$")
_SIGNATURE_DELIMITER = re.compile(r"^--\s?$")
_MOBILE_SIGNATURE = re.compile(
    r"^\s*(?:Sent from|Sent with|Sent via|Sent using|Envoyé de|Envoyé depuis|Envoyé avec"
    r"|Envoyé à partir de|Get Outlook for|Obtenir Outlook pour|Télécharger Outlook pour"
    r"|Von meinem|Gesendet von|Enviado desde|Inviato da)\b.{0,80}$",
    re.IGNORECASE,
)
_MAX_SIGNATURE_LINES = 15
_RULE_CHARS = "-_=*"


def extract_reply(text: str, html: str | None = None, *, subject: str = "") -> Reply:
    """The new text of a reply given its text and/or HTML body (see the module docstring)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if _FORWARD_SUBJECT.match(subject or ""):
        source = text if text.strip() else html_to_text(html or "")
        return Reply(new_text=source.strip("\n"), quoted_text="", signature="")
    from_text = _extract_plain(text) if text.strip() else None
    if from_text is not None and (from_text.quoted_text or not html):
        return from_text
    if html:
        from_html = _extract_plain(html_to_text(html))
        if from_html.quoted_text or from_text is None:
            return from_html
    return from_text or Reply(new_text="", quoted_text="", signature="")


def _extract_plain(text: str) -> Reply:
    lines = text.split("\n")
    new_lines, quoted_lines = _split(lines)
    trimmed = _trim_trailing(new_lines)
    if quoted_lines and lines[: len(new_lines)] == new_lines:  # top-posted: the "____" goes too
        quoted_lines = new_lines[len(trimmed) :] + quoted_lines
    if not any(line.strip() for line in trimmed):
        trimmed, quoted_lines = _trim_trailing(lines), []
    new_text = "\n".join(trimmed).strip("\n")
    return Reply(
        new_text=new_text,
        quoted_text="\n".join(quoted_lines).strip("\n"),
        signature=find_signature(new_text),
    )


def _split(lines: list[str]) -> tuple[list[str], list[str]]:
    """(new lines, quoted lines) following rules 1 to 3."""
    start = _first_splitter(lines)
    from_splitter = start is not None
    if start is None:
        start = _first_quote(lines)
    if start is None:
        return lines, []
    before = lines[:start]
    if any(line.strip() for line in before):
        if not from_splitter and _interleaved(lines, start):
            return lines, []
        return before, lines[start:]
    end = _end_of_quote(lines, start)
    after = lines[end:]
    if not any(_is_quoted(line) for line in lines[start:end]):
        return lines, []  # a header block on top is not a quote: a pasted or forwarded mail
    if any(_is_quoted(line) for line in after):
        return lines, []
    return after, lines[:end]


def _first_splitter(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if _is_quoted(line):
            continue
        stripped = line.replace("\xa0", " ").strip()
        # cheap tests first: "-----Original..." starts with a dash-like character (the line is
        # stripped and not quoted), and a header line has a colon
        if stripped[:1] in _RULE_CHARS and _ORIGINAL_MESSAGE.match(stripped):
            return index
        if stripped.endswith(":"):
            start = _attribution_start(lines, index)
            if start is not None:
                return start
        if ":" in stripped and _HEADER_LINE.match(stripped) and _header_block(lines, index):
            return index
    return None


def _attribution_start(lines: list[str], end: int) -> int | None:
    """The first line of an attribution ending at `end`, wrapped over at most three lines."""
    for start in range(end, max(-1, end - 3), -1):
        chunk = lines[start : end + 1]
        if any(not line.strip() or _is_quoted(line) for line in chunk):
            return None
        joined = " ".join(line.replace("\xa0", " ").strip() for line in chunk)
        if _ATTRIBUTION.match(joined):
            return start
    return None


def _header_block(lines: list[str], start: int) -> bool:
    """Three or more different header names, a From among them, not under a forward marker."""
    kinds: list[str] = []
    loose = 0
    for line in lines[start : start + 12]:
        match = _HEADER_LINE.match(line.replace("\xa0", " "))
        if match:
            kinds.append(next(kind for kind, value in match.groupdict().items() if value))
            loose = 0
        elif not line.strip() or loose >= 2:
            break
        else:
            loose += 1  # a wrapped value
    if "from" not in kinds or len(set(kinds)) < 3:
        return False
    above = [line for line in lines[max(0, start - 3) : start] if line.strip()]
    return not any(_FORWARD_MARKER.search(line) for line in above)


def _first_quote(lines: list[str]) -> int | None:
    """The first ">" line, moved up to the "...:" line just above it."""
    first = next((i for i, line in enumerate(lines) if _is_quoted(line)), None)
    if first is None:
        return None
    above = first - 1
    while above >= 0 and not lines[above].strip() and first - above <= 2:
        above -= 1
    if above >= 0 and lines[above].rstrip().endswith(":") and len(lines[above]) <= 250:
        return above
    return first


def _interleaved(lines: list[str], start: int) -> bool:
    """True when text and quotes alternate after `start` (an answer written between quotes)."""
    seen_text_after_quote = False
    seen_quote = False
    for line in lines[start:]:
        if _is_quoted(line):
            if seen_text_after_quote:
                return True
            seen_quote = True
        elif line.strip() and seen_quote:
            seen_text_after_quote = True
    return False


def _end_of_quote(lines: list[str], start: int) -> int:
    """The line after the history that starts at `start` (splitter, then quoted or blank)."""
    index = start
    while index < len(lines) and not _is_quoted(lines[index]) and lines[index].strip():
        index += 1
    while index < len(lines) and (_is_quoted(lines[index]) or not lines[index].strip()):
        index += 1
    return index


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _trim_trailing(lines: list[str]) -> list[str]:
    """Without the blank and separator lines (Outlook's "____") left above the history."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or _SEPARATOR.match(lines[end - 1])):
        end -= 1
    return lines[:end]


def find_signature(text: str) -> str:
    """The signature at the end of `text`: from a "-- " line, or a "Sent from my ..." line."""
    lines = text.split("\n")
    for index in range(len(lines) - 1, 0, -1):
        if _SIGNATURE_DELIMITER.match(lines[index]):
            tail = [line for line in lines[index + 1 :] if line.strip()]
            if 0 < len(tail) <= _MAX_SIGNATURE_LINES and any(x.strip() for x in lines[:index]):
                return "\n".join(lines[index:])
            break
    non_blank = [i for i, line in enumerate(lines) if line.strip()]
    for index in non_blank[-4:]:
        if index > 0 and _MOBILE_SIGNATURE.match(lines[index]):
            return "\n".join(lines[index:])
    return ""
