#!/usr/bin/env bash
# The restore drill: restore a backup into a scratch database and folder, check every stored file against
# the SHA-256 the restored database holds (manage.py verify_storage) and compare row counts with the live
# database; then remove the scratch copies. Exit 0 only if the backup restores whole.
#
#   DATABASE_URL=postgres://…/mdt scripts/restore_drill.sh /backups/20260101T020000Z
#
# The live database is only read (row counts). Run it after every backup job, or at least monthly.
set -euo pipefail
cd "$(dirname "$0")/.."
backup="${1:?usage: restore_drill.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?set DATABASE_URL to the live database (postgres://…)}"
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python

(cd "$backup" && sha256sum --quiet -c SHA256SUMS)
scratch_db="mdt_restore_drill_$$"
scratch_url="${DATABASE_URL%/*}/$scratch_db"
scratch_dir="$(mktemp -d "${MDT_DATA_DIR:-var}/restore-drill.XXXXXX" 2>/dev/null || mktemp -d)"
cleanup() {
  psql -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $scratch_db" >/dev/null 2>&1 || true
  rm -rf "$scratch_dir"
}
trap cleanup EXIT
psql -q "$DATABASE_URL" -c "CREATE DATABASE $scratch_db" >/dev/null
pg_restore --no-owner --exit-on-error -d "$scratch_url" "$backup/db.dump"
mkdir -p "$scratch_dir/private"
tar -C "$scratch_dir/private" -xf "$backup/records.tar"

count() { psql -At "$1" -c "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM cases_document)"; }
echo "live (cases|documents): $(count "$DATABASE_URL")  restored: $(count "$scratch_url")"

DATABASE_URL="$scratch_url" MDT_DATA_DIR="$scratch_dir" MDT_PRIVATE_STORAGE_ROOT="$scratch_dir/private" \
  MDT_STORAGE_BACKEND=django.core.files.storage.FileSystemStorage \
  "$PYTHON" manage.py verify_storage
echo "Restore drill passed: $backup"
