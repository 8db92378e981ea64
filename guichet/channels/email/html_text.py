"""Readable plain text from email HTML (docs/email.md#html-to-text).

Keeps paragraphs, line breaks, lists and link targets; drops style, script and head. Quoted
blocks (<blockquote>) come out with "> " in front of each line, as mail clients write quotes in
plain text, which lets the quote stripper treat both kinds of body alike.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

_SKIP = {"script", "style", "head", "title", "template", "noscript", "object", "iframe", "svg"}
_PARAGRAPH = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre", "hr", "address",
    "figure", "blockquote", "center", "form", "fieldset",
}  # fmt: skip
_LINE = {
    "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "aside", "nav",
    "main", "caption", "figcaption", "details", "summary",
}  # fmt: skip
_LINK_SCHEMES = ("http://", "https://", "ftp://", "mailto:", "tel:")
_INVISIBLE = re.compile(r"[\u200b\ufeff\u00ad\x00]")  # removed; a regex beats str.translate
_DEPTH_MARK = re.compile(r"\x00(\d+)\x00")
_REPEATED_BLANKS = re.compile(r"\n(>*)(?:\n\1)+\n")
MAX_HTML_CHARS = 5_000_000  # beyond this only the start is converted: still 5 MB of text


class _TextBuilder(HTMLParser):
    """Writes text into `out`; every line that has text starts with a quote-depth mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pending_breaks = 0
        self.depth = 0
        self.skipping = 0
        self.pre = 0
        self.lists: list[int] = []  # per open list: item counter, or -1 for <ul>
        self.links: list[tuple[str, int]] = []  # (href, index in `out` where the link began)

    # --- output -------------------------------------------------------------------------
    def at_line_start(self) -> bool:
        return not self.out or self.out[-1].endswith("\n")

    def block(self, breaks: int) -> None:
        self.pending_breaks = max(self.pending_breaks, breaks)

    def apply_breaks(self) -> None:
        if self.pending_breaks and self.out:
            tail = "".join(self.out[-3:])
            missing = self.pending_breaks - (len(tail) - len(tail.rstrip("\n")))
            if missing > 0:
                self.out.append("\n" * missing)
        self.pending_breaks = 0

    def write(self, text: str, *, space_before: bool = False, clean: bool = False) -> None:
        """Append `text` (invisible characters removed unless the caller did: `clean`)."""
        if not clean:
            text = _INVISIBLE.sub("", text)
        if not text:
            return
        self.apply_breaks()
        if self.at_line_start():
            self.out.append(f"\x00{self.depth}\x00")
        elif space_before and not self.out[-1][-1:].isspace():
            self.out.append(" ")
        self.out.append(text)

    def line_break(self) -> None:
        self.apply_breaks()
        self.out.append("\n")

    # --- parser callbacks ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        if self.skipping:
            return
        self.open_block(tag)
        if tag == "br":
            self.line_break()
        elif tag == "li":
            self.start_item()
        elif tag in ("td", "th") and not self.pending_breaks and not self.at_line_start():
            self.out.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.out)))
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            self.write(f"[{alt}]" if alt else "", space_before=True)

    def open_block(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.block(1 if self.lists else 2)
            self.lists.append(0 if tag == "ol" else -1)
        elif tag in _PARAGRAPH:
            self.block(2)
        elif tag in _LINE:
            self.block(1)
        if tag == "blockquote":
            self.depth += 1
        elif tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "hr"):
            self.handle_starttag(tag, attrs)
        elif tag not in _SKIP:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.depth = max(0, self.depth - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag == "a" and self.links:
            self.end_link()
        if tag in _PARAGRAPH:
            self.block(2)
        elif tag in _LINE:
            self.block(1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        data = _INVISIBLE.sub("", data).replace("\xa0", " ")
        if self.pre:
            for index, line in enumerate(data.split("\n")):
                if index:
                    self.line_break()
                self.write(line.rstrip("\r"), clean=True)
            return
        words = " ".join(data.split())
        if words:
            self.write(words, space_before=data[:1].isspace(), clean=True)
        if data[-1:].isspace() and not self.at_line_start() and not self.out[-1].endswith(" "):
            self.out.append(" ")

    # --- helpers ------------------------------------------------------------------------
    def start_item(self) -> None:
        self.block(1)
        marker = "- "
        if self.lists and self.lists[-1] >= 0:
            self.lists[-1] += 1
            marker = f"{self.lists[-1]}. "
        self.write("  " * max(0, len(self.lists) - 1) + marker)

    def end_link(self) -> None:
        href, start = self.links.pop()
        href = href.strip()
        if not href.lower().startswith(_LINK_SCHEMES):
            return
        target = href[7:] if href.lower().startswith("mailto:") else href
        shown = _DEPTH_MARK.sub("", "".join(self.out[start:])).strip()
        if shown and target not in shown and target.rstrip("/") not in shown:
            self.write(f"({target})", space_before=True)

    def text(self) -> str:
        return _render(_split_lines("".join(self.out)))


def _split_lines(text: str) -> list[tuple[int | None, str]]:
    lines: list[tuple[int | None, str]] = []
    for line in text.split("\n"):
        match = _DEPTH_MARK.match(line)
        depth = int(match.group(1)) if match else None
        if "\x00" in line:  # marks are the only NULs left (data has them removed)
            line = _DEPTH_MARK.sub("", line)
        lines.append((depth, line.rstrip()))
    return lines


def _render(lines: list[tuple[int | None, str]]) -> str:
    """Prefix quoted lines with ">"; a blank line takes the smaller depth of its neighbours."""
    next_depths: list[int] = []
    following = 0
    for depth, line in reversed(lines):
        if line and depth is not None:
            following = depth
        next_depths.append(following)
    next_depths.reverse()
    rendered: list[str] = []
    previous = 0
    for (depth, line), following in zip(lines, next_depths, strict=True):
        if not line:
            rendered.append(">" * min(previous, following))
            continue
        previous = depth or 0
        rendered.append(f"{'>' * previous} {line}" if previous else line)
    text = "\n".join(rendered)
    text = _REPEATED_BLANKS.sub(lambda m: "\n" + m.group(1) + "\n", text)
    return text.strip("\n")


def html_to_text(html: str) -> str:
    """Readable text for an HTML body; never raises (falls back to stripping tags)."""
    return _html_to_text(html[:MAX_HTML_CHARS])


@lru_cache(maxsize=2)  # consecutive calls only: holds at most two bodies (5 MB each)
def _html_to_text(html: str) -> str:
    """Cached: parsing makes the text of an HTML-only message, then quote stripping asks for
    the same text again (the same string object, so the cache lookup costs nothing)."""
    builder = _TextBuilder()
    try:
        builder.feed(html)
        builder.close()
        return builder.text()
    except Exception:  # html.parser has raised on odd markup in past Python versions
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>|<[^>]*>", " ", html)
        return re.sub(r"[ \t]+", " ", text).strip()
