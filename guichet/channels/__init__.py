"""Intake channels (email first); each channel is a vertical slice, see docs/email.md."""
