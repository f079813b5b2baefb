FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fontconfig \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python scripts/compile_locales.py \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput
# The app's group has gid 101, the group of the nginx user in nginx's official images: the proxy's workers read
# the records (mode 0640, MDT_RECORD_FILE_MODE in docker-compose.yml) that Django hands them by X-Accel-Redirect.
RUN groupadd --gid 101 mdt && useradd --create-home --uid 10001 --gid 101 app \
    && mkdir -p /data /static && chown app:mdt /data /static
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
