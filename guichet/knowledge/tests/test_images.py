"""Article images: raster types only, size limit, served inline and safely."""

import base64

import pytest

from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.knowledge.actions.images import do_upload_image
from guichet.knowledge.models import ArticleImage
from guichet.knowledge.tests import factories as kb
from guichet.knowledge.views.editor_actions import image_path

pytestmark = pytest.mark.django_db
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _shown_in(image, brand, **kwargs):
    """An article of `brand` whose Markdown shows `image` (as the editor inserts it)."""
    return kb.article(brand, body=f"Voir ![capture]({image_path(image)})", **kwargs)


def test_a_png_is_stored_with_its_sniffed_type_and_served_inline(client, brand, media_root):
    image = do_upload_image(kb.admin(), brand, "capture.txt", PNG)
    assert image.content_type == "image/png"
    _shown_in(image, brand)
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
    _shown_in(image, brand)
    assert client.get(f"/help/asclepia/images/{image.pk}-{'0' * 64}").status_code == 404
    assert client.get(f"/help/telvia/images/{image.pk}-{image.sha256}").status_code == 404


def test_the_editor_upload_returns_markdown(client, brand, supervisor, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(supervisor)
    response = client.post("/agent/kb/images/", {
        "brand": brand.pk, "image": SimpleUploadedFile("capture imprimante.png", PNG)})  # fmt: skip
    assert "![capture imprimante](/help/asclepia/images/" in response.content.decode()


def _get(client, image):
    return client.get(image_path(image))


def test_an_image_shown_by_a_public_article_is_publicly_cacheable(client, brand, media_root):
    # given an image shown by a published public article
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    _shown_in(image, brand)
    # when an anonymous visitor asks for it
    response = _get(client, image)
    # then it is served with a public cache
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


def test_an_image_shown_by_no_article_is_hidden_from_visitors(client, brand, media_root):
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    assert _get(client, image).status_code == 404


def test_an_image_shown_only_by_an_internal_article_is_hidden_from_customers(
    client, brand, customer, media_root
):
    # given an image shown only by an internal article
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    _shown_in(image, brand, visibility="internal")
    # then neither a visitor nor a signed-in customer of the brand gets it
    assert _get(client, image).status_code == 404
    client.force_login(customer)
    assert _get(client, image).status_code == 404


def test_an_agent_of_the_brand_reads_an_internal_articles_image_privately(
    client, brand, media_root
):
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    _shown_in(image, brand, visibility="internal")
    # an agent of the brand reads internal articles (and so their images)
    client.force_login(factories.agent("agent", brands=[brand]))
    response = _get(client, image)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_customers_only_image_needs_a_signed_in_customer_of_the_brand(
    client, brand, other_brand, customer, media_root
):
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    _shown_in(image, brand, visibility="customers")
    assert _get(client, image).status_code == 404
    client.force_login(factories.customer(other_brand))
    assert _get(client, image).status_code == 404
    client.force_login(customer)
    response = _get(client, image)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_an_agent_of_another_brand_does_not_get_a_private_image(
    client, brand, other_brand, media_root
):
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    _shown_in(image, brand, visibility="internal")
    client.force_login(factories.agent("supervisor", brands=[other_brand]))
    assert _get(client, image).status_code == 404


def test_a_draft_only_image_is_served_to_kb_writers_for_the_preview(
    client, brand, writer, customer, media_root
):
    # given an image shown only by a draft (not yet published)
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    _shown_in(image, brand, state="draft")
    # then a writer of the brand gets it (privately) and a customer does not
    client.force_login(writer)
    response = _get(client, image)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    client.force_login(customer)
    assert _get(client, image).status_code == 404


def test_an_image_of_another_brand_is_not_unlocked_by_this_brands_article(
    client, brand, other_brand, media_root
):
    # given an image of `other_brand` whose URL is pasted into a public article of `brand`
    image = do_upload_image(kb.admin(), other_brand, "capture.png", PNG)
    _shown_in(image, brand)
    # then it stays hidden: only articles of the image's own brand count
    assert _get(client, image).status_code == 404


def test_a_stored_non_raster_type_is_never_served(client, brand, media_root):
    # given a row from an older version with an active type (SVG)
    image = do_upload_image(kb.admin(), brand, "capture.png", PNG)
    ArticleImage.objects.filter(pk=image.pk).update(content_type="image/svg+xml")
    _shown_in(image, brand)
    client.force_login(kb.admin())
    assert _get(client, image).status_code == 404
