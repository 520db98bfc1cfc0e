#!/bin/bash
# Fills the MariaDB peer (../shared/reference/neutron-peer-mariadb) to N ports on the network bench-ports before
# `-- api --vs-neutron` runs, because its API creates them at ~3-4 ports/s on a 2-core machine (10,000 would take
# most of an hour). The bench itself creates bench-ports (subnet 10.128.0.0/16) and its first 100 ports through the
# API; this script copies those rows as Neutron's own code wrote them (ports, standardattributes, ipallocations,
# ipamallocations, ml2_port_bindings, portsecuritybindings, securitygroupportbindings), each copy with its own id,
# MAC (fa:16:3f:00:xx:xx, outside Neutron's fa:16:3e base) and address (from 10.128.128.1 up), until the network holds N ports. Reads of
# ports?limit=100 see them as they see ports made by the API. Usage (as root): neutron-ports.sh [N]   (default 10000)
set -euo pipefail
N=${1:-10000}
CNF=${PEER_CNF:-$(cd "$(dirname "$0")/../../../.." && pwd)/shared/reference/neutron-peer-mariadb/my.cnf}
M=(mysql --defaults-file="$CNF" -uroot neutron)
net=$("${M[@]}" -N -e "SELECT id FROM networks WHERE name='bench-ports' LIMIT 1")
if [ -z "$net" ]; then
  curl -sf -X POST http://127.0.0.1:9696/v2.0/networks -H 'Content-Type: application/json' -d '{"network":{"name":"bench-ports"}}' > /dev/null
  net=$("${M[@]}" -N -e "SELECT id FROM networks WHERE name='bench-ports' LIMIT 1")
  curl -sf -X POST http://127.0.0.1:9696/v2.0/subnets -H 'Content-Type: application/json' \
    -d "{\"subnet\":{\"network_id\":\"$net\",\"cidr\":\"10.128.0.0/16\",\"ip_version\":4,\"name\":\"bench-ports\"}}" > /dev/null
fi
have=$("${M[@]}" -N -e "SELECT COUNT(*) FROM ports WHERE network_id='$net'")
if [ "$have" -lt 100 ]; then
  body=$(python3 -c "import json;print(json.dumps({'ports':[{'network_id':'$net','name':'stored-api-%d'%i} for i in range($((100 - have)))]}))")
  curl -sf -X POST http://127.0.0.1:9696/v2.0/ports -H 'Content-Type: application/json' -d "$body" > /dev/null
  have=100
fi
need=$((N - have))
[ "$need" -le 0 ] && { echo "bench-ports holds $have ports"; exit 0; }
"${M[@]}" <<SQL
START TRANSACTION;
SET @net = '$net';
SET @template = (SELECT p.id FROM ports p JOIN ipallocations a ON a.port_id = p.id WHERE p.network_id = @net ORDER BY p.id LIMIT 1);
SET @base = (SELECT MAX(id) FROM standardattributes);
SET @ipam = (SELECT s.id FROM ipamsubnets s JOIN ipallocations a ON a.subnet_id = s.neutron_subnet_id WHERE a.port_id = @template);
SET @start = (SELECT COUNT(*) FROM ports WHERE network_id = @net AND name LIKE 'stored-copy-%');
CREATE TEMPORARY TABLE copies AS
  SELECT seq + @start AS k, UUID() AS id, @base + seq AS sa,
         CONCAT('fa:16:3f:00:', LPAD(HEX((seq + @start) DIV 256), 2, '0'), ':', LPAD(HEX((seq + @start) MOD 256), 2, '0')) AS mac,
         CONCAT('10.128.', 128 + (seq + @start) DIV 250, '.', 1 + (seq + @start) MOD 250) AS ip
  FROM seq_1_to_$need;
INSERT INTO standardattributes (id, resource_type, created_at, updated_at, description, revision_number)
  SELECT c.sa, s.resource_type, NOW(), NOW(), s.description, s.revision_number FROM copies c
  JOIN ports p ON p.id = @template JOIN standardattributes s ON s.id = p.standard_attr_id;
INSERT INTO ports (project_id, id, name, network_id, mac_address, admin_state_up, status, device_id, device_owner, standard_attr_id, ip_allocation)
  SELECT p.project_id, c.id, CONCAT('stored-copy-', c.k), p.network_id, c.mac, p.admin_state_up, p.status, p.device_id, p.device_owner, c.sa, p.ip_allocation
  FROM copies c JOIN ports p ON p.id = @template;
INSERT INTO ipallocations (port_id, ip_address, subnet_id, network_id)
  SELECT c.id, c.ip, a.subnet_id, a.network_id FROM copies c JOIN ipallocations a ON a.port_id = @template;
INSERT INTO ipamallocations (ip_address, status, ipam_subnet_id) SELECT c.ip, 'ALLOCATED', @ipam FROM copies c;
INSERT INTO ml2_port_bindings (port_id, host, vif_type, vnic_type, profile, vif_details, status)
  SELECT c.id, b.host, b.vif_type, b.vnic_type, b.profile, b.vif_details, b.status FROM copies c JOIN ml2_port_bindings b ON b.port_id = @template;
INSERT INTO portsecuritybindings (port_id, port_security_enabled)
  SELECT c.id, s.port_security_enabled FROM copies c JOIN portsecuritybindings s ON s.port_id = @template;
INSERT INTO securitygroupportbindings (port_id, security_group_id)
  SELECT c.id, g.security_group_id FROM copies c JOIN securitygroupportbindings g ON g.port_id = @template;
COMMIT;
SQL
echo "bench-ports holds $("${M[@]}" -N -e "SELECT COUNT(*) FROM ports WHERE network_id='$net'") ports"
