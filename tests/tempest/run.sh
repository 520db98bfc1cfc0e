#!/usr/bin/env bash
# OpenStack's conformance suite, tempest (Debian's package), against the product started as its own process on a
# fresh embedded database: tempest.api.network for an ML2/Open vSwitch Neutron with IPv6, floating IPs on the
# external network and the extensions the product lists, and tempest.api.identity for Keystone v3. A test that
# cannot pass is excluded by name in exclude.txt, with the reason. Prints tempest's totals; exits non-zero when a test
# that ran failed. Needs the Release build (test.sh builds it first). Logs: artifacts/tempest/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/tempest"
dll="$root/src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll"
[ -f "$dll" ] || { echo "tempest: $dll is missing; build the solution in Release first" >&2; exit 2; }
command -v tempest >/dev/null || { echo "tempest: Debian's tempest package is missing (test.sh installs it)" >&2; exit 2; }

work=$(mktemp -d /tmp/dashboard-tempest.XXXXXX)
artifacts="$root/artifacts/tempest"
mkdir -p "$artifacts"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
admin_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

ASPNETCORE_URLS="$base" Bootstrap__AdminPassword="$admin_password" Demo__UserPassword="$admin_password-demo" \
  ConnectionStrings__Dashboard="Data Source=$work/dashboard.db" \
  dotnet "$dll" --contentRoot "$root" > "$artifacts/product.log" 2>&1 &
product=$!
cleanup() {
  kill -TERM "$product" 2>/dev/null || true
  wait "$product" 2>/dev/null || true
  [ -f "$work/ws/tempest.log" ] && cp "$work/ws/tempest.log" "$artifacts/tempest.log"
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/identity/v3" >/dev/null 2>&1 && break
  kill -0 "$product" 2>/dev/null || { echo "tempest: the product exited; see $artifacts/product.log" >&2; exit 2; }
  sleep 0.5
done

# What tempest is told of this cloud, asked of the product itself: the external network and the extensions listed.
read -r public_network extensions < <(BASE="$base" PASSWORD="$admin_password" python3 - <<'PY'
import json, os, urllib.request
base, password = os.environ["BASE"], os.environ["PASSWORD"]
auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": password}}},
                 "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
request = urllib.request.Request(f"{base}/identity/v3/auth/tokens", json.dumps(auth).encode(), {"Content-Type": "application/json"})
token = urllib.request.urlopen(request).headers["X-Subject-Token"]
def get(path):
    return json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/networking/v2.0/{path}", headers={"X-Auth-Token": token})))
public = [n["id"] for n in get("networks?router:external=true")["networks"] if n["name"] == "public"][0]
print(public, ",".join(sorted(e["alias"] for e in get("extensions")["extensions"])))
PY
)

# A workspace of its own, registered in a registry of its own (not ~/.tempest), gone with the run.
cd "$work"
tempest init --name "dashboard-$$" --workspace-path "$work/workspaces.yaml" "$work/ws" >/dev/null
cat > "$work/ws/etc/tempest.conf" <<CONF
[DEFAULT]
log_file = tempest.log

[auth]
admin_username = admin
admin_password = $admin_password
admin_project_name = admin
admin_domain_name = Default
use_dynamic_credentials = true
create_isolated_networks = false

[identity]
uri_v3 = $base/identity/v3
auth_version = v3
region = RegionOne

[identity-feature-enabled]
api_v2 = false
api_v3 = true

[network]
public_network_id = $public_network
floating_network_name = public
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
project_network_v6_cidr = 2001:db8::/48
project_network_v6_mask_bits = 64
region = RegionOne

[network-feature-enabled]
ipv6 = true
ipv6_subnet_attributes = true
api_extensions = $extensions

[service_available]
neutron = true
nova = false
glance = false
cinder = false
swift = false

[validation]
run_validation = false
CONF

cd "$work/ws"
status=0
# TEMPEST_REGEX narrows the run while working on one API (e.g. '^tempest\.api\.identity\.'); the test command runs all.
PYTHONPATH="$here/python" tempest run --regex "${TEMPEST_REGEX:-^tempest\.api\.(network|identity)\.}" \
  --exclude-list "$here/exclude.txt" --concurrency "${TEMPEST_CONCURRENCY:-2}" > "$artifacts/run.txt" 2>&1 || status=$?
grep -E '\.\.\. (FAILED|ok|SKIPPED)' "$artifacts/run.txt" | grep -v '\.\.\. ok' | sed -E 's/ \[[0-9.]+s\]//' || true
awk '/^Totals/,/^Sum of execute/' "$artifacts/run.txt"
passed=$(awk '/ - Passed:/ {print $3}' "$artifacts/run.txt")
failed=$(awk '/ - Failed:/ {print $3}' "$artifacts/run.txt")
skipped=$(awk '/ - Skipped:/ {print $3}' "$artifacts/run.txt")
echo "tempest: ${passed:-0} passed, ${failed:-?} failed, ${skipped:-0} skipped (network and identity; run.txt and tempest.log in artifacts/tempest)"
exit "$status"
