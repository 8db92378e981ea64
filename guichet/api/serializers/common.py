"""Pieces shared by the API serializers: the error shape, request-scoped key fields, uploads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from rest_framework import serializers

from guichet.core.errors import ActionError


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    # A field named "fields": DRF takes it out of the class namespace, so no clash at run time.
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]


class ErrorSerializer(serializers.Serializer):
    """Every error answer: {"error": {"code", "message", "fields"}}."""

    error = ErrorDetailSerializer()


class VisibleKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key resolved among the objects the requesting user may see.

    `visible(user)` gives that queryset; an id outside it reads as "does not exist", so that
    the API never confirms that a hidden object exists.
    """

    def __init__(self, model: type[Model], visible: Callable[[Any], QuerySet], **kwargs: Any):
        self.visible = visible
        kwargs["queryset"] = model._default_manager.all()  # for the schema's types
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        return self.visible(getattr(request, "user", None))


def read_uploads(files: list[Any]) -> list[tuple[str, bytes]]:
    """Uploaded files as (name, bytes), refusing oversized ones before reading them."""
    limit = settings.ATTACHMENT_MAX_BYTES
    result = []
    for upload in files:
        if upload.size > limit:
            raise ActionError(
                f"File {upload.name!r} is {upload.size} bytes; the limit is {limit} bytes.",
                code="too_large",
                field="attachments",
            )
        result.append((upload.name or "attachment", upload.read()))
    return result


def attachments_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FileField(allow_empty_file=False, use_url=False),
        required=False,
        help_text="Files, sent as multipart/form-data (repeat the field for several).",
    )
