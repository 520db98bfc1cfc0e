using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Hosts;

/// <summary>Launch request: one NIC per network, on <see cref="HostName"/> or the least-loaded enabled host.</summary>
public sealed record InstanceSpec(string ProjectId, string Name, IReadOnlyList<string> NetworkIds)
{
    public IReadOnlyList<string>? SecurityGroups { get; init; }
    public string? HostName { get; init; }
}

/// <summary>What Nova does for networking: create a port per NIC, bound to the instance's host.</summary>
public sealed class InstanceService(Transactions transactions, PortService ports)
{
    public Task<List<Instance>> ListAsync(string? projectId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Instances.Where(i => projectId == null || i.ProjectId == projectId)
            .OrderBy(i => i.Name).ThenBy(i => i.Id).ToListAsync(ct), ct);

    public Task<Instance> LaunchAsync(InstanceSpec spec, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (string.IsNullOrWhiteSpace(spec.Name))
            {
                throw new InvalidInputException("Instance name must not be empty") { Attribute = "name" };
            }
            if (spec.NetworkIds.Count == 0)
            {
                throw new InvalidInputException("An instance needs at least one network") { Attribute = "networks" };
            }
            var host = spec.HostName is null ? await LeastLoadedHostAsync(db, ct) : await ComputeNodeService.FindAsync(db, spec.HostName, ct);
            if (!host.Enabled)
            {
                throw new ConflictException("HostDisabled", $"Compute node {host.Name} is disabled.");
            }
            var instance = new Instance { Name = Names.Check(spec.Name, "name"), ProjectId = spec.ProjectId, HostName = host.Name, CreatedAt = DateTime.UtcNow };
            db.Instances.Add(instance);
            foreach (var networkId in spec.NetworkIds)
            {
                await ports.CreatePortAsync(db, new PortSpec(networkId, spec.ProjectId)
                {
                    DeviceId = instance.Id,
                    DeviceOwner = DeviceOwners.Compute,
                    SecurityGroups = spec.SecurityGroups,
                    HostId = host.Name,
                }, ct);
            }
            return instance;
        }, ct);

    /// <summary>Deletes the instance and its ports, which unwires it from its host.</summary>
    public Task DeleteAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw NotFoundException.Of("instance", id);
            foreach (var port in await PortService.WithDetails(db.Ports).Where(p => p.DeviceId == id).ToListAsync(ct))
            {
                await PortService.DeletePortAsync(db, port, ct);
            }
            db.Instances.Remove(instance);
        }, ct);

    /// <summary>Nova's choice: the enabled hypervisor with the fewest instances. A network node (a host running an L3 or DHCP agent) runs no nova-compute, so it is not one.</summary>
    private static async Task<ComputeNode> LeastLoadedHostAsync(NetworkDbContext db, CancellationToken ct)
    {
        var candidates = await db.ComputeNodes.Where(n => n.Enabled && !db.NetworkAgents.Any(a => a.Host == n.Name))
            .Select(n => new { Node = n, Load = db.Instances.Count(i => i.HostName == n.Name) })
            .ToListAsync(ct);
        return candidates.OrderBy(c => c.Load).ThenBy(c => c.Node.Name).FirstOrDefault()?.Node
            ?? throw new ServiceUnavailableException("NoValidHost", "No valid host was found: no compute node is enabled.");
    }
}
