"""SLAs and business time. See docs/sla.md.

The pure core lives here: `calendar` (the Calendar value), `clock` (business-time arithmetic),
`public_holidays` and `ical` (closure import). Policies, timers and escalation build on it.
"""
