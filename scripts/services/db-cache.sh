# Sourced by the start-*.sh scripts. Optional cache of freshly initialised sqlite databases,
# so that repeated starts skip db_sync/bootstrap (the slowest part: 3-10 s per service).
#   CEILO_DB_CACHE_DIR (default $HOME/.cache/ceilometer-ts/db; set it empty to turn the cache off):
#   where the cached databases live, a dir kept between runs. DB_CACHE_DIR (the shared recipes'
#   name) is honoured when set.
# The cache key covers the package version, the script itself and the given settings.

# db_cache_path NAME PACKAGE SETTING...  -> prints the cache file path ("" when off)
DB_CACHE_DIR=${DB_CACHE_DIR-${CEILO_DB_CACHE_DIR-$HOME/.cache/ceilometer-ts/db}}
db_cache_path() {
  [ -n "${DB_CACHE_DIR:-}" ] || return 0
  local name=$1 pkg=$2; shift 2
  mkdir -p "$DB_CACHE_DIR"
  local key
  key=$( { dpkg-query -W -f '${Version}' "$pkg"; md5sum < "$0"; printf '%s\n' "$@"; } | md5sum | cut -c1-12)
  echo "$(cd "$DB_CACHE_DIR" && pwd)/$name-$key.db"
}
# db_cache_save SRC_DB DST: consistent copy (sqlite backup API, works while a server has it open)
db_cache_save() {
  [ -n "$2" ] || return 0
  /usr/bin/python3 -c 'import os, sqlite3, sys
s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2] + ".tmp")
s.backup(d); d.execute("PRAGMA journal_mode=WAL"); d.close()
os.replace(sys.argv[2] + ".tmp", sys.argv[2])' "$1" "$2"
}
