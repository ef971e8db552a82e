# Sourced by bench/run's scripts: writes the config of one store for the
# generated month. Needs $work (with generate.py's decisions.jsonl) and $root.
#   conf=$(config NAME STORE_URL)
config() {  # $1 name, $2 store URL
  cat >"$work/$1.conf" <<CONF
listen: 127.0.0.1:0
store: $2
rulebook: $root/fixtures/rulebook.yaml
providers: $root/fixtures/providers.yaml
decisions: $work/decisions.jsonl
tokens: []
CONF
  echo "$work/$1.conf"
}
