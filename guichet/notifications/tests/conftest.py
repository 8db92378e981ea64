"""The loopback SMTP server of the email tests, for the notification mail tests."""

from guichet.channels.email.tests.mailservers import smtp_capture  # noqa: F401
