#!/usr/bin/env bash
# bench/run/cold.sh: one cold monthly run on a fresh copy of an ingested
# store, as docs/performance-history.md's scale figures were taken, and its peers.
#
#   bench/run/cold.sh STORE.db CONFIG.yaml run     seteli run --no-reconcile
#   bench/run/cold.sh STORE.db CONFIG.yaml peer    the SQL peer (peer.sql.in)
#   bench/run/cold.sh STORE.db CONFIG.yaml dd MB   MB written by dd, synced:
#                                                  what the machine takes to
#                                                  write as many bytes
#   bench/run/cold.sh STORE.db CONFIG.yaml touch MB  MB of memory filled by
#                                                  dd (of zeros, to nowhere):
#                                                  what the machine takes to
#                                                  give as much memory
#
# STORE.db is kept as it is; make it and its config once, in DIR:
#   mkdir DIR; python3 bench/run/generate.py 10000000 250000 DIR
#   (work=DIR root=$PWD; . bench/run/config.sh; config sqlite sqlite:DIR/pristine.db)
#   build/seteli ingest --config DIR/sqlite.conf DIR/events.jsonl
# CONFIG's store is replaced by the copy's. Each
# step copies the store, syncs and drops the page cache (needs root), and
# prints wall seconds, peak kB, user and system CPU, the bytes read and
# written through system calls, and the memory the machine gave while it
# ran (MemFree at the start less its lowest: the process and the page
# cache of what it read and wrote).
#   COPY_DIR=/dev/shm/...   the copy on tmpfs: the run without the disk
#   TRACE=FILE              every second: disk and system-call bytes, the
#                           WAL's size and the CPU seconds so far
#   SETELI=path             the binary (default build/seteli)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
pristine=$1 config=$2 what=$3
dir=$(realpath -m "${COPY_DIR:-$(dirname "$pristine")/cold}")
mkdir -p "$dir"
store=$dir/store.db
sed "s#^store: .*#store: sqlite:$store#" "$config" >"$dir/config.yaml"
trap 'rm -f "$store" "$store-wal" "$store-shm" "$dir/dd"' EXIT

rm -f "$store-wal" "$store-shm"
cp "$pristine" "$store"
sync
echo 3 >/proc/sys/vm/drop_caches

case $what in
  run) cmd=("$seteli" run --config "$dir/config.yaml" --month 2024-05 --no-reconcile) ;;
  peer)
    sed -e "s/@JSON(\([a-z.]*\), \([a-z_]*\))@/json_extract(\1, '\$.\2')/g" \
        -e "s/@HOURS@/(julianday(json_extract(e.body, '\$.end')) - julianday(json_extract(e.body, '\$.start'))) * 24.0/" \
        -e 's/LEAST_/MIN/g; s/GREATEST_/MAX/g' "$here/peer.sql.in" >"$dir/peer.sql"
    cmd=(sqlite3 "$store" ".read $dir/peer.sql") ;;
  dd) cmd=(dd if=/dev/zero of="$dir/dd" bs=1M count="$4" conv=fsync) ;;
  touch) cmd=(dd if=/dev/zero of=/dev/null bs="$4"M count=1 iflag=fullblock) ;;
  *) echo "usage: $0 STORE.db CONFIG.yaml run|peer|dd MB|touch MB" >&2; exit 2 ;;
esac

free_kb() { awk '/^MemFree:/ {print $2}' /proc/meminfo; }
free_at_start=$(free_kb) free_lowest=$(free_kb)
start=$(date +%s.%N)
/usr/bin/time -f "%e %M %U %S" -o "$dir/time" "${cmd[@]}" >"$dir/out" 2>"$dir/err" &
sleep 0.05
pid=$(pgrep -n -P $! || echo $!)
io="" tick=0
[[ -n ${TRACE:-} ]] && : >"$TRACE"
# /proc/PID/io is gone once the command exits: the last sample, at most
# 0.2 s before its end, gives the totals.
while kill -0 $! 2>/dev/null; do
  io=$(cat /proc/"$pid"/io 2>/dev/null || echo "$io")
  free=$(free_kb)
  ((free < free_lowest)) && free_lowest=$free
  if [[ -n ${TRACE:-} && -n $io && $((tick++ % 5)) == 0 ]]; then
    cpu=$(awk '{print $14 / 100, $15 / 100}' /proc/"$pid"/stat 2>/dev/null || true)
    wal=$(stat -c %s "$store-wal" 2>/dev/null || echo 0)
    awk -v start="$start" -v now="$(date +%s.%N)" -v wal="$wal" -v cpu="$cpu" \
      '/^(rchar|wchar|read_bytes|write_bytes):/ {v[$1] = $2}
       END {printf "%.1f s  read %d MB (disk %d)  written %d MB (disk %d)  WAL %d MB  CPU %s\n",
            now - start, v["rchar:"] / 1e6, v["read_bytes:"] / 1e6, v["wchar:"] / 1e6,
            v["write_bytes:"] / 1e6, wal / 1e6, cpu}' <<<"$io" >>"$TRACE"
  fi
  sleep 0.2
done
wait $! || { cat "$dir/err" >&2; exit 1; }
read -r secs kb user sys <"$dir/time"
awk -v s="$secs" -v kb="$kb" -v u="$user" -v y="$sys" -v w="$what" \
  -v given=$((free_at_start - free_lowest)) \
  '/^(rchar|wchar):/ {v[$1] = $2}
   END {printf "%s: %s s, peak %d kB, user %s s, system %s s, read %.2f GB, written %.2f GB, memory given %.2f GB\n",
        w, s, kb, u, y, v["rchar:"] / 1e9, v["wchar:"] / 1e9, given * 1024 / 1e9}' <<<"$io"
