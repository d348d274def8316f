# The image of the web and worker services of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app

COPY pyproject.toml ./
COPY philosophy ./philosophy
COPY workshops ./workshops
COPY surveys ./surveys
COPY values ./values
COPY vision ./vision
COPY actions ./actions
COPY documents ./documents
RUN pip install .

COPY . .
RUN python scripts/fetch_static_assets.py \
 && SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --noinput

# The exports the worker writes and the web serves: a volume in docker-compose.yml, which
# takes this directory's owner when it is first mounted.
RUN mkdir -p /app/media/exports && chown -R app /app/media

USER app
EXPOSE 8000
CMD ["gunicorn", "philosophy.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
