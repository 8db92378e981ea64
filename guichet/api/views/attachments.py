"""/attachments/{id} (details) and /attachments/{id}/download (the file, safely served)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request

from guichet.api import queries
from guichet.api.serializers.messages import AttachmentSerializer
from guichet.api.views.base import ApiViewSet
from guichet.tickets.downloads import attachment_response, visible_attachment
from guichet.tickets.models import Attachment


@extend_schema_view(retrieve=extend_schema(summary="Read an attachment's details"))
class AttachmentViewSet(mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = AttachmentSerializer
    queryset = Attachment.objects.none()

    def get_queryset(self) -> QuerySet:
        return queries.attachments(self.request.user)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A download answers any Accept header; its errors are JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        summary="Download an attachment",
        description="Always sent as a download, sandboxed; active types (HTML, SVG, XML) as "
        "application/octet-stream.",
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        return attachment_response(visible_attachment(request.user, int(pk)))
