using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Hosts;

/// <summary>
/// The OVS mechanism driver's port binding: a port binds to a host that is known, enabled and can
/// reach the network's segment (a bridge mapping for its physnet, a tunnel endpoint for tunnels);
/// otherwise the binding fails. A bound port gets its network's local VLAN on that host.
/// </summary>
public static class PortBinder
{
    private static readonly IdRange LocalVlanRange = new(1, 4094);

    public static async Task BindAsync(NetworkDbContext db, Port port, string host, CancellationToken ct)
    {
        if (port.BindingHostId == host && port.IsBound)
        {
            return;
        }
        await UnbindAsync(db, port, ct);
        var node = await db.ComputeNodes.FirstOrDefaultAsync(n => n.Name == host, ct);
        var network = await db.Networks.FirstAsync(n => n.Id == port.NetworkId, ct);
        if (node is null || !node.Enabled || !CanReach(node, network))
        {
            port.FailBinding(host);
            return;
        }
        await EnsureLocalVlanAsync(db, host, network.Id, ct);
        port.BindTo(host);
    }

    /// <summary>Removes the binding; the host's local VLAN for the network goes when its last port leaves.</summary>
    public static async Task UnbindAsync(NetworkDbContext db, Port port, CancellationToken ct)
    {
        var (host, wasBound) = (port.BindingHostId, port.IsBound);
        port.Unbind();
        if (!wasBound)
        {
            return;
        }
        var othersOnHost = await db.Ports.AnyAsync(p => p.Id != port.Id && p.NetworkId == port.NetworkId
            && p.BindingHostId == host && p.VifType == VifTypes.Ovs, ct);
        if (!othersOnHost)
        {
            await db.LocalVlans.Where(v => v.HostName == host && v.NetworkId == port.NetworkId).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>How many ports are bound on each host, counted by the database.</summary>
    public static Task<Dictionary<string, int>> BoundPortsByHostAsync(NetworkDbContext db, CancellationToken ct) =>
        db.Ports.Where(p => p.VifType == VifTypes.Ovs).GroupBy(p => p.BindingHostId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public static bool CanReach(ComputeNode node, Network network) => network.NetworkType switch
    {
        NetworkTypes.Vlan or NetworkTypes.Flat => node.MappingFor(network.PhysicalNetwork) is not null,
        NetworkTypes.Gre or NetworkTypes.Vxlan => node.TunnelIp is not null,
        _ => true,
    };

    private static async Task EnsureLocalVlanAsync(NetworkDbContext db, string host, string networkId, CancellationToken ct)
    {
        if (await db.LocalVlans.AnyAsync(v => v.HostName == host && v.NetworkId == networkId, ct))
        {
            return;
        }
        var vlan = await FreeIds.LowestAsync(db.LocalVlans.Where(v => v.HostName == host).Select(v => (long)v.Vlan), LocalVlanRange, ct)
            ?? throw new Errors.ConflictException("LocalVlanExhausted", $"Host {host} has no free local VLAN left.");
        db.LocalVlans.Add(new LocalVlan { HostName = host, NetworkId = networkId, Vlan = (int)vlan });
        await db.SaveChangesAsync(ct);
    }
}
