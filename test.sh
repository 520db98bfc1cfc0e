#!/usr/bin/env bash
# The whole test suite, from a fresh clone on Debian with only the .NET SDK installed.
# Installs with apt-get what the suite needs and the machine lacks: Debian's openstack CLI
# (python3-openstackclient), which the API tests drive as a user would, Debian's Chromium,
# which the browser journeys (Playwright) drive, and Open vSwitch (openvswitch-switch) with
# iproute2, iputils-ping, ethtool, tcpdump, dnsmasq-base and isc-dhcp-client, with which the OVS agent's tests realise ports and ping
# between namespaces (as root; without root those tests are skipped and say why), and PostgreSQL
# (postgresql): the core's suite runs a second time on a throw-away PostgreSQL cluster, with the tests
# of several instances sharing one database, and OpenStack's conformance suite (tempest) against the
# product started as its own process (tests/tempest/run.sh; excluded tests in tests/tempest/exclude.txt).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/openstack ] || missing+=(python3-openstackclient)
[ -x /usr/bin/tempest ] || missing+=(tempest)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/ovsdb-server ] || missing+=(openvswitch-switch)
[ -x /usr/bin/ping ] || missing+=(iputils-ping)
[ -x /usr/sbin/ethtool ] || missing+=(ethtool)
[ -x /usr/sbin/ip ] || missing+=(iproute2)
[ -x /usr/sbin/iptables ] || missing+=(iptables)
[ -x /usr/sbin/ipset ] || missing+=(ipset)
[ -x /usr/bin/tcpdump ] || missing+=(tcpdump)
[ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)
[ -x /usr/sbin/dhclient ] || missing+=(isc-dhcp-client)
[ -x /usr/bin/kill ] || missing+=(procps)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# apt-get, waiting while another install holds apt's or dpkg's lock instead of failing at once.
apt_get() {
  local attempt err
  err=$(mktemp)
  for attempt in $(seq 1 90); do
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 "$@" 2> >(tee "$err" >&2); then
      rm -f "$err"; return 0
    fi
    grep -qiE "could not get lock|unable to lock|is another process using it" "$err" || { rm -f "$err"; return 1; }
    echo "test.sh: another apt-get or dpkg holds the lock; waiting (attempt $attempt)" >&2
    sleep 10
  done
  rm -f "$err"; return 1
}

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build Dashboard.sln -c Release -warnaserror

log=$(mktemp)
cluster=$(mktemp -d /tmp/dashboard-pg.XXXXXX)
trap 'rm -f "$log"; tests/postgres-cluster.sh stop "$cluster"' EXIT
status=0
# First pass: everything, on SQLite (the embedded default).
dotnet test Dashboard.sln -c Release --no-build 2>&1 | tee "$log" || status=$?

# Second pass: the core's whole suite and the tests of several instances, on PostgreSQL.
export DASHBOARD_TEST_POSTGRES
DASHBOARD_TEST_POSTGRES=$(tests/postgres-cluster.sh start "$cluster")
dotnet test tests/Dashboard.Core.Tests -c Release --no-build 2>&1 | tee -a "$log" || status=$?
dotnet test tests/Dashboard.Web.Tests -c Release --no-build --filter "Category=Postgres" 2>&1 | tee -a "$log" || status=$?

# Third pass: OpenStack's conformance suite, tempest.api.network and tempest.api.identity, against the product.
tests/tempest/run.sh 2>&1 | tee -a "$log" || status=$?

# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- /{
        for (i = 1; i <= NF; i++) {
          if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
        }
      }
      END { gsub(",", "", p); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
grep '^tempest: ' "$log" || true
exit "$status"
