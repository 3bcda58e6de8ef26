# lcdash, served by Streamlit on port 8501, its database on a mounted volume at /data.
#
#   docker build -t lcdash .
#   docker run -d --name lcdash -p 127.0.0.1:8501:8501 -v lcdash-data:/data \
#     -e LCDASH_SECRET="$(openssl rand -base64 48)" lcdash
#
# Sign-in is on by default (LCDASH_AUTH=password): create the first admin before the first start,
#   docker run --rm -i -v lcdash-data:/data lcdash lcdash user add admin --role admin --all --password-stdin
# README.md, section "Hosting", has the reverse proxy (TLS), secrets, backups and the rest.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LCDASH_DB=/data/lcdash.duckdb \
    LCDASH_AUTH=password \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none \
    STREAMLIT_CLIENT_DISABLE_DATA_EXPORT=true

# DejaVu: the fonts chart images (PNG, PDF, PowerPoint) are drawn with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The runtime requirements only: requirements.txt up to its "# development and tests" line.
COPY requirements.txt pyproject.toml ./
RUN sed '/^# development and tests/,$d' requirements.txt > /tmp/requirements-runtime.txt \
 && pip install -r /tmp/requirements-runtime.txt \
 && rm /tmp/requirements-runtime.txt

# The app: library, pages, entry points, config, Streamlit settings, demo data and examples.
COPY lcdash ./lcdash
COPY app_pages ./app_pages
COPY app.py serve.py config.yaml ./
COPY .streamlit/config.toml ./.streamlit/config.toml
COPY data ./data
# Editable, like `make install`: lcdash finds config.yaml and data/ next to its package.
RUN pip install --no-deps -e . \
 && useradd --create-home --uid 10001 --shell /usr/sbin/nologin lcdash \
 && mkdir -p /data \
 && chown lcdash:lcdash /data

USER lcdash
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "serve.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
