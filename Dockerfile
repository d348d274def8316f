# The image of the web and worker services of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app

COPY pyproject.toml ./
COPY philosophy ./philosophy
COPY workshops ./workshops
COPY surveys ./surveys
COPY values ./values
COPY vision ./vision
RUN pip install .

COPY . .
RUN python scripts/fetch_static_assets.py \
 && SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --noinput

USER app
EXPOSE 8000
CMD ["gunicorn", "philosophy.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
