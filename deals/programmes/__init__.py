"""Cross-border programmes: one partner or customer served across many countries, a lead operator,
per country one participating operator with its SLA, linked to that country's ordinary deal, and
monthly SLA reports. Models in `models`, who sees which fields in `access`, writes in `services`
(programmes and participations) and `sla` (reports, breaches and reminders)."""
