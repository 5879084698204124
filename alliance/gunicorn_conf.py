"""Gunicorn settings of the portal: docker-compose's web service and `make bench` both use them
(`gunicorn -c alliance/gunicorn_conf.py alliance.wsgi:application`). Each can be overridden by an
environment variable of the name given (or by a command-line option).

Workers and threads follow the CPU count. A request here is mostly Python (templates,
serializers) between waits on PostgreSQL: one process per core (plus one, so a core is never idle
while a worker waits) keeps the CPUs busy, and a few threads per process let it work on another
request while one waits on the database or on a slow client. On 2 cores: 3 workers × 4 threads,
12 requests at once; further connections wait in the listen backlog rather than fail. Each thread
may hold a PostgreSQL connection (CONN_MAX_AGE): workers × threads must stay below the server's
max_connections.
"""

import os

cpus = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", cpus + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# The largest request: confirming a 50,000-row deals CSV import (about 45 s). With gthread, a long
# request does not count against it: the worker's main loop keeps answering the arbiter.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
backlog = 2048
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 5_000
max_requests_jitter = 500
# "-" logs each request to stdout (the container log); an empty value turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
