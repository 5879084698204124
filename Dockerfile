# The portal's production image: web (gunicorn), Celery worker and beat all run from it
# (docker-compose.yml picks the command). Runtime dependencies only; no test tools.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

RUN groupadd --system portal \
    && useradd --system --gid portal --home-dir /app --shell /usr/sbin/nologin portal

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=portal:portal . .
# collectstatic (run by the web service at start) and uploads write here as the non-root user.
RUN mkdir -p staticfiles media && chown portal:portal staticfiles media

USER portal
EXPOSE 8000

# Workers, threads, timeout and logs: alliance/gunicorn_conf.py (from the CPU count; GUNICORN_* override).
CMD ["gunicorn", "alliance.wsgi:application", "--bind", "0.0.0.0:8000", "--config", "alliance/gunicorn_conf.py"]
