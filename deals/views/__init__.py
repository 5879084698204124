"""Deals pages, split by topic: pages (list, detail, writes), board (pipeline, country),
coverage (the matrix) and transfer (CSV export and import)."""
