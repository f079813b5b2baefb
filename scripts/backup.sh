#!/usr/bin/env bash
# Back up PostgreSQL and the record storage (file-system storage) into one dated folder.
#
#   DATABASE_URL=postgres://… MDT_PRIVATE_STORAGE_ROOT=/data/private scripts/backup.sh /backups
#
# Writes <dest>/<UTC time>/db.dump (pg_dump custom format) and records.tar (the private storage), plus
# SHA256SUMS. The database is dumped first: a record stored during the copy is in the tar but not in the
# dump, which is harmless (verify_storage checks what the database names). Object storage is backed up by
# the bucket's own versioning and replication (README, "Backups").
set -euo pipefail
dest="${1:?usage: backup.sh DEST_FOLDER}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
records="${MDT_PRIVATE_STORAGE_ROOT:-${MDT_DATA_DIR:-var}/private}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$dest/$stamp"
mkdir -p "$out"
chmod 700 "$out"
pg_dump --format=custom --no-owner --file "$out/db.dump" "$DATABASE_URL"
tar -C "$records" -cf "$out/records.tar" .
(cd "$out" && sha256sum db.dump records.tar > SHA256SUMS)
echo "$out"
