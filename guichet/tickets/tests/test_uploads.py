"""Pure checks on uploaded files: type sniffed from the bytes, size limit, safe names."""

import pytest

from guichet.core.errors import ActionError
from guichet.tickets.uploads import ACTIVE_TYPES, check_upload, clean_filename, sniff_type


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"<!DOCTYPE html><p>hi", "text/html"),
        (b"  <HTML><body>", "text/html"),
        (b"hello <script>alert(1)</script>", "text/html"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (b"<?xml version='1.0'?><svg/>", "image/svg+xml"),
        ("Prénom;Nom\n".encode(), "text/plain"),
        (b"\xff\xfe\x00\x81\x82", "application/octet-stream"),
    ],
)
def test_type_comes_from_the_content(content, expected):
    assert sniff_type(content) == expected


def test_html_and_svg_are_active_types_served_as_downloads():
    assert {"text/html", "image/svg+xml"} <= ACTIVE_TYPES


@pytest.mark.parametrize(
    "name, cleaned",
    [("../../etc/passwd", "passwd"), ("C:\\Users\\x\\a.txt", "a.txt"), ("", "attachment"),
     ("a\x00b.txt", "ab.txt"), ("x" * 300, "x" * 200)],
)  # fmt: skip
def test_file_names_lose_their_path(name, cleaned):
    assert clean_filename(name) == cleaned


def test_size_limit_is_inclusive():
    assert check_upload("a", b"12345", 5).size == 5
    with pytest.raises(ActionError) as error:
        check_upload("a", b"123456", 5)
    assert error.value.code == "too_large"
