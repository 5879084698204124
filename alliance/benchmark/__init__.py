"""The scale benchmark of the portal (issue 13): `make bench`, or
`python -m alliance.benchmark --help`.

It serves the portal with gunicorn as production does, signs in as a member of Orange in a
database seeded by `manage.py seed_scale`, and prints, as Markdown tables, each page's latency
against a floor view, the deals CSV export, and the throughput under concurrent load."""
