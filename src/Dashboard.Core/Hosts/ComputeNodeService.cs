using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Ipam;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Hosts;

public sealed class ComputeNodeService(Transactions transactions)
{
    public Task<List<ComputeNode>> ListAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.ComputeNodes.OrderBy(n => n.Name).ToListAsync(ct), ct);

    public Task<ComputeNode> GetAsync(string name, CancellationToken ct = default) =>
        transactions.ReadAsync(db => FindAsync(db, name, ct), ct);

    /// <summary>Registers a hypervisor with its OVS agent's bridge mappings (<c>physnet1:br-eth1[:eth1]</c>).</summary>
    /// <param name="agents">The agents the host runs beside its OVS agent: <see cref="Agents.AgentTypes.L3"/>, <see cref="Agents.AgentTypes.Dhcp"/> (a network node).</param>
    public Task<ComputeNode> RegisterAsync(string name, IEnumerable<string> bridgeMappings, string? tunnelIp = null, CancellationToken ct = default, IEnumerable<string>? agents = null,
        string availabilityZone = Agents.AvailabilityZones.Default) =>
        transactions.WriteAsync(async db =>
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidInputException("host name must not be empty") { Attribute = "host" };
            }
            if (await db.ComputeNodes.AnyAsync(n => n.Name == name, ct))
            {
                throw new ConflictException("HostExists", $"Compute node {name} already exists.");
            }
            var mappings = bridgeMappings.Select(BridgeMapping.Parse).ToList();
            if (mappings.Select(m => m.PhysicalNetwork).Distinct().Count() != mappings.Count
                || mappings.Select(m => m.Bridge).Distinct().Count() != mappings.Count)
            {
                throw new InvalidInputException("bridge_mappings must map each physnet and each bridge once") { Attribute = "bridge_mappings" };
            }
            var node = new ComputeNode
            {
                Name = Names.Check(name, "host"),
                BridgeMappings = mappings,
                TunnelIp = tunnelIp is null ? null : IpMath.Canonical(tunnelIp, "local_ip"),
                AvailabilityZone = string.IsNullOrWhiteSpace(availabilityZone)
                    ? throw new InvalidInputException("availability_zone must not be empty") { Attribute = "availability_zone" }
                    : Names.Check(availabilityZone, "availability_zone"),
                CreatedAt = DateTime.UtcNow,
            };
            db.ComputeNodes.Add(node);
            foreach (var type in (agents ?? []).Distinct())
            {
                if (!Agents.AgentTypes.NetworkNode.Contains(type))
                {
                    throw new InvalidInputException($"agent type {type} is not one a host can run beside its OVS agent ({string.Join(", ", Agents.AgentTypes.NetworkNode)})") { Attribute = "agents" };
                }
                db.NetworkAgents.Add(new Agents.NetworkAgent { Host = node.Name, AgentType = type, CreatedAt = node.CreatedAt, LastHeartbeatAt = node.CreatedAt });
            }
            return node;
        }, ct);

    public Task<ComputeNode> SetEnabledAsync(string name, bool enabled, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var node = await FindAsync(db, name, ct);
            node.Enabled = enabled;
            return node;
        }, ct);

    /// <summary>The host's bridges, ports and per-VM firewall bridges, derived from the stored model.</summary>
    public Task<HostLayout> LayoutAsync(string name, CancellationToken ct = default) =>
        transactions.ReadAsync(db => HostWiring.BuildAsync(db, name, ct), ct);

    internal static async Task<ComputeNode> FindAsync(NetworkDbContext db, string name, CancellationToken ct) =>
        await db.ComputeNodes.FirstOrDefaultAsync(n => n.Name == name, ct) ?? NotFound(name);

    private static ComputeNode NotFound(string name) => throw new NotFoundException("HostNotFound", $"Compute node {name} could not be found.");
}
