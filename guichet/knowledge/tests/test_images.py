"""Article images: raster types only, size limit, served inline and safely."""

import base64

import pytest

from guichet.core.errors import ActionError
from guichet.knowledge.actions.images import do_upload_image
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_a_png_is_stored_with_its_sniffed_type_and_served_inline(client, brand, media_root):
    image = do_upload_image(kb.admin(), brand, "capture.txt", PNG)
    assert image.content_type == "image/png"
    response = client.get(f"/help/asclepia/images/{image.pk}-{image.sha256}")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG


def test_svg_and_html_are_refused(brand, media_root):
    for content in (b"<svg onload='alert(1)'></svg>", b"<html><script>x</script></html>"):
        with pytest.raises(ActionError):
            do_upload_image(kb.admin(), brand, "x.png", content)


def test_a_too_large_image_is_refused(brand, media_root, settings):
    settings.KB_IMAGE_MAX_BYTES = 10
    with pytest.raises(ActionError):
        do_upload_image(kb.admin(), brand, "capture.png", PNG)


def test_a_wrong_hash_or_brand_is_a_404(client, brand, other_brand, media_root):
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    assert client.get(f"/help/asclepia/images/{image.pk}-{'0' * 64}").status_code == 404
    assert client.get(f"/help/telvia/images/{image.pk}-{image.sha256}").status_code == 404


def test_the_editor_upload_returns_markdown(client, brand, supervisor, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(supervisor)
    response = client.post("/agent/kb/images/", {
        "brand": brand.pk, "image": SimpleUploadedFile("capture imprimante.png", PNG)})  # fmt: skip
    assert "![capture imprimante](/help/asclepia/images/" in response.content.decode()
