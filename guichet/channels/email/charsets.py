"""Bytes to text when the declared charset is missing, unknown or wrong (docs/email.md#charsets).

Real mail lies about its charset: windows-1252 sent as iso-8859-1, UTF-8 sent as us-ascii, 8-bit
text with no charset at all, Microsoft supersets under their ISO names. The rules, in order:
1. A label that means "Western, single byte" (ascii, latin-1, cp1252...) or no label: ASCII if the
   bytes are ASCII, UTF-8 if they are UTF-8 (a few broken sequences allowed), else windows-1252.
2. UTF-8: strict; if invalid, keep UTF-8 with replacement characters when it decodes mostly well,
   else the bytes were windows-1252 mislabelled.
3. Any other label: UTF-8 if the bytes are UTF-8 (mislabelled UTF-8 is common; the reverse, text
   in gb2312 or cp1251 that happens to be valid UTF-8, is vanishingly rare); else the label's
   superset where one exists (gb2312 -> gb18030, shift_jis -> cp932, ks_c_5601-1987 -> cp949...),
   then the label itself; unknown labels fall back to rule 1.
Never raises: the worst case is text with U+FFFD replacement characters.
"""

from __future__ import annotations

import codecs
import re

_WESTERN = {
    "", "ascii", "us-ascii", "us", "ansi_x3.4-1968", "iso646-us", "iso-8859-1", "iso8859-1",
    "latin1", "latin-1", "l1", "iso_8859-1", "cp819", "windows-1252", "cp1252", "x-cp1252",
    "iso-8859-15", "latin-9", "x-unknown", "unknown", "unknown-8bit", "x-user-defined",
    "default", "charset", "binary", "8bit", "none", "us-ascii;",
}  # fmt: skip
_UTF8 = {"utf-8", "utf8", "utf_8", "x-utf-8", "unicode-1-1-utf-8"}

# Labels whose real-world meaning is a Microsoft or later superset, tried before the label itself.
_SUPERSETS = {
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "x-gbk": ("gb18030",), "cp936": ("gb18030",),
    "euc-cn": ("gb18030",), "big5": ("big5hkscs", "cp950"), "x-big5": ("big5hkscs",),
    "shift_jis": ("cp932",), "shift-jis": ("cp932",), "sjis": ("cp932",), "x-sjis": ("cp932",),
    "ms_kanji": ("cp932",), "windows-31j": ("cp932",), "euc-jp": ("euc_jis_2004", "euc_jp"),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004"),
    "ks_c_5601-1987": ("cp949",), "ks_c_5601": ("cp949",), "euc-kr": ("cp949",),
    "x-windows-949": ("cp949",), "tis-620": ("cp874",), "iso-8859-11": ("cp874",),
    "windows-874": ("cp874",), "iso-8859-9": ("cp1254",), "iso-8859-8-i": ("iso-8859-8",),
    "iso-8859-6-i": ("iso-8859-6",), "unicode-1-1-utf-7": ("utf-7",), "x-mac-roman": ("mac_roman",),
    "macintosh": ("mac_roman",), "x-mac-cyrillic": ("mac_cyrillic",), "koi8-r": ("koi8_r",),
}  # fmt: skip
# Codecs that are "text encodings" to Python but would turn mail bytes into nonsense or raise.
# UTF-16/32 and UTF-7 bytes are never mistaken for UTF-8; everything else may be mislabelled UTF-8.
_NOT_UTF8_COMPATIBLE = {"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "utf-7"}
_REFUSED = {"unicode-escape", "raw-unicode-escape", "undefined", "idna", "punycode", "mbcs", "oem"}

_LABEL_JUNK = re.compile(r"^[\s\"'=]+|[\s\"';]+$")


def normalise_label(charset: str | None) -> str:
    """A charset label as mail clients write it, lower-cased, without quotes or stray `3D`."""
    if not charset:
        return ""
    label = _LABEL_JUNK.sub("", str(charset)).lower()
    if label.startswith("3d"):  # charset=3Dutf-8 from a quoted-printable header mangled twice
        label = label[2:]
    return label


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Decode `data` declared as `charset`, following the rules in the module docstring."""
    if not data:
        return ""
    label = normalise_label(charset)
    if label in _WESTERN:
        text = decode_undeclared(data)
    elif label in _UTF8:
        text = _decode_utf8_lenient(data)
    elif label not in _NOT_UTF8_COMPATIBLE and (utf8 := _as_utf8(data)) is not None:
        text = utf8  # UTF-8 under another label (say gb2312): far likelier than the reverse
    else:
        text = _decode_labelled(data, label)
    return text[1:] if text.startswith("\ufeff") else text


def decode_undeclared(data: bytes, hint: str | None = None) -> str:
    """8-bit bytes with no trustworthy label: ASCII, UTF-8, the `hint` charset, windows-1252.

    `hint` is the charset the same message declares elsewhere (raw 8-bit Subject headers are
    usually in the body's charset).
    """
    if data.isascii():
        return data.decode("ascii")
    utf8 = _as_utf8(data)
    if utf8 is not None:
        return utf8
    label = normalise_label(hint)
    if label and label not in _WESTERN and label not in _UTF8:
        for name in _codecs_for(label):
            try:
                return data.decode(name)
            except (UnicodeError, LookupError, ValueError):
                continue
    return decode_cp1252(data)


def _as_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 if it is non-ASCII UTF-8, allowing a few broken sequences (1 in 20)."""
    if data.isascii():
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    decoded = _count_non_ascii(text) - replaced
    return text if decoded >= 4 and replaced * 20 <= decoded else None


def _count_non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def decode_cp1252(data: bytes) -> str:
    """windows-1252, with its five unassigned bytes read as latin-1 so nothing is lost."""
    return data.decode("cp1252", errors="guichet-latin1")


def codec_for(label: str) -> str | None:
    """The Python codec name for a label, or None when Python has no safe text codec for it."""
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    if info.name.replace("_", "-") in _REFUSED or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _codecs_for(label: str) -> list[str]:
    candidates = [*_SUPERSETS.get(label, ()), label]
    return [name for name in (codec_for(c) for c in candidates) if name]


def _decode_labelled(data: bytes, label: str) -> str:
    codec_names = _codecs_for(label)
    if not codec_names:
        return decode_undeclared(data)
    for name in codec_names:
        try:
            return data.decode(name)
        except (UnicodeError, LookupError, ValueError):
            continue
    try:
        text = data.decode(codec_names[0], errors="replace")
    except (UnicodeError, LookupError, ValueError):
        return decode_undeclared(data)
    if text.count("\ufffd") * 4 > len(text):  # mostly garbage: the label was wrong
        return decode_undeclared(data)
    return text


def _decode_utf8_lenient(data: bytes) -> str:
    """Declared UTF-8: kept unless it decodes worse than windows-1252 would."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    decoded_non_ascii = _count_non_ascii(text) - replaced
    return text if decoded_non_ascii >= replaced else decode_cp1252(data)


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("guichet-latin1", _latin1_for_undefined)
