"""Automations: triggers on events, time-based automations and signed webhooks.

See docs/automations.md.
"""
