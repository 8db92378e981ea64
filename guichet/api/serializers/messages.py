"""Messages and attachments as the API shows them."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from guichet.tickets.models import Attachment, Message


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "message", "filename", "content_type", "size", "inline", "created_at",
                  "download_url"]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, attachment: Attachment) -> str:
        return reverse("api:attachment-download", kwargs={"pk": attachment.pk})


class MessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "ticket", "kind", "channel", "author_user", "author_contact",
                  "author_name", "body_text", "body_html", "created_at", "attachments"]  # fmt: skip
        read_only_fields = fields

    def get_author_name(self, message: Message) -> str:
        if message.author_user is not None:
            user = message.author_user
            return user.get_full_name() or user.get_username()
        return message.author_contact.name if message.author_contact else ""
