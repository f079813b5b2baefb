import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from config.env import cache_from_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7!cQ9#vLm2@pR5^tW8&zB3*nK6(hJ1)dF4-sG7+aE0=yUo5Kq8Lr",
    "DJANGO_ALLOWED_HOSTS": "mdt.example.org",
}


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "MDT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION, "MDT_DATA_DIR": str(tmp_path)}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = {**PRODUCTION, "MDT_DATA_DIR": str(tmp_path)}
    del env["DJANGO_ALLOWED_HOSTS"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_a_misspelt_boolean_stops_start_up(tmp_path):
    result = manage("check", env={**PRODUCTION, "DJANGO_DEBUG": "yes please", "MDT_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_records_are_never_stored_readable_by_others(tmp_path):
    """640 lets the proxy's workers read records through the app's group (compose); 644 would let anyone."""
    result = manage("check", env={**PRODUCTION, "MDT_RECORD_FILE_MODE": "644", "MDT_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0 and "MDT_RECORD_FILE_MODE must be 600 or 640" in result.stderr
    code = (
        "from django.conf import settings as s; print(oct(s.STORAGES['default']['OPTIONS']['file_permissions_mode']))"
    )
    result = manage(
        "shell", "-c", code, env={**PRODUCTION, "MDT_RECORD_FILE_MODE": "640", "MDT_DATA_DIR": str(tmp_path)}
    )
    assert result.stdout.split()[-1] == "0o640", result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t-" * 10)
    env = {**PRODUCTION, "MDT_DATA_DIR": str(tmp_path), "DJANGO_SECRET_KEY_FILE": str(secret)}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr


def _settings_variables() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    return set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))


def test_compose_services_use_the_variable_names_the_settings_read():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "db", "redis"} <= set(services)
    read = _settings_variables()
    for name in ("web", "worker"):
        env = services[name]["environment"]
        unknown = {k for k in env if k not in read}
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"
        for required in (
            "DJANGO_SECRET_KEY",
            "DJANGO_DEBUG",
            "DJANGO_ALLOWED_HOSTS",
            "DATABASE_URL",
            "CELERY_BROKER_URL",
        ):
            assert required in env
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert "pgdata" in compose["volumes"] and "records" in compose["volumes"]


def test_records_storage_has_no_public_url(settings):
    from django.core.files.storage import default_storage

    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None
    assert not str(default_storage.location).startswith(str(ROOT / "static"))


def test_cache_url_names_the_backend_and_a_typo_stops_start_up():
    assert cache_from_url("X", "db://mdt_cache")["LOCATION"] == "mdt_cache"
    assert cache_from_url("X", "redis://redis:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(ImproperlyConfigured, match="X must be"):
        cache_from_url("X", "reddis://redis:6379/1")


def test_database_connections_are_kept_and_checked_by_default_in_settings_and_compose(tmp_path):
    """A new PostgreSQL connection per request cost more than the page's queries (issue 16)."""
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    result = manage("shell", "-c", code, env={**PRODUCTION, "MDT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    max_age, checks = result.stdout.splitlines()[-1].split()
    assert int(max_age) >= 60 and checks == "True"
    off = manage("shell", "-c", code, env={**PRODUCTION, "MDT_DATA_DIR": str(tmp_path), "DATABASE_CONN_MAX_AGE": "0"})
    assert off.stdout.splitlines()[-1].split()[0] == "0"
    env = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["environment"]
    assert "DATABASE_CONN_MAX_AGE" in env and "DATABASE_CONN_HEALTH_CHECKS" in env


def _compose_command() -> list[str] | None:
    import shutil

    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_config_validates():
    command = _compose_command()
    if command is None:
        pytest.skip("no Docker Compose client here (neither `docker compose` nor `docker-compose`)")
    env = {**os.environ, "DJANGO_SECRET_KEY": "validation-only"}
    result = subprocess.run([*command, "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _compose_spec_validator():
    """The Compose Specification's JSON schema (what `docker compose` v2 validates against), as vendored by
    check-jsonschema (requirements-dev.txt): CI's Debian has docker-compose 1.29 only, whose own schema is older."""
    from importlib.resources import files

    import jsonschema

    schema = json.loads((files("check_jsonschema") / "builtin_schemas/vendor/compose-spec.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def test_docker_compose_yml_follows_the_compose_specification():
    validator = _compose_spec_validator()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    errors = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(compose)]
    assert not errors, "\n".join(errors)
    # The schema is strict enough to catch a slip: a misspelt key, a condition compose does not know.
    compose["services"]["proxy"]["healthchek"] = compose["services"]["proxy"].pop("healthcheck")
    compose["services"]["web"]["depends_on"] = {"db": {"condition": "service_ready"}}
    paths = {error.json_path for error in validator.iter_errors(compose)}
    assert {"$.services.proxy", "$.services.web.depends_on"} <= paths, paths


def test_the_stack_has_a_proxy_in_front_and_workers_that_consume_every_queue(settings):
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["proxy"]["image"].startswith("nginx:")
    assert "ports" not in services["web"]  # only the proxy is published
    assert f"-Q {settings.WORKER_QUEUES}" in services["worker"]["command"]
    assert f"-Q {settings.WORKER_QUEUES}" in (ROOT / "scripts/run.sh").read_text().replace("\\\n  ", "")
    assert "--appendonly yes" in services["redis"]["command"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "USER app" in dockerfile  # web, worker and beat run as a user without root
    assert "/health/ready/" in json.dumps(services["web"]["healthcheck"])
