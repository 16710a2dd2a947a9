# syntax=docker/dockerfile:1
# Multi-stage build: dependencies are installed into a virtualenv in the first stage; the runtime image holds that
# virtualenv and the application source (run from /app, so that knowledge/ and migrations/ sit beside the code).

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.lock

FROM python:3.11-slim-bookworm
LABEL org.opencontainers.image.title="Trợ lý Hòa giải" \
      org.opencontainers.image.description="Chatbot and console for grassroots mediators"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOAGIAI_HOST=0.0.0.0 \
    HOAGIAI_PORT=8080 \
    HOAGIAI_DATA_DIR=/data \
    HOAGIAI_LOG_JSON=true
# DejaVu Sans covers Vietnamese for the leaflet PDFs of the public library.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core=2.37-6 \
 && rm -rf /var/lib/apt/lists/*
# ffmpeg converts uploaded recorded answers and mediators' voice messages to Ogg/Opus (without it uploads are refused
# and stored clips still play). Not pinned: Debian's security updates of ffmpeg replace the old version on the mirror.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 hoagiai \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin hoagiai \
 && mkdir -p /data /app \
 && chown 10001:10001 /data \
 && chmod 700 /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY bot ./bot
COPY admin ./admin
COPY knowledge ./knowledge
COPY migrations ./migrations
COPY alembic.ini pyproject.toml ./
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"]
CMD ["python", "-m", "bot.cli", "serve"]
