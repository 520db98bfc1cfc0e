using Dashboard.Core.Errors;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Routers;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Agents;

/// <summary>One agent as Neutron's <c>agents</c> API shows it: a host's OVS agent (the compute node row) or an L3/DHCP agent beside it.</summary>
public sealed record AgentInfo(string Id, string AgentType, ComputeNode Node, bool AdminStateUp, bool Alive, bool Running, DateTime CreatedAt, DateTime? HeartbeatAt, string? Description)
{
    public string Host => Node.Name;

    /// <summary>The zone an L3 or DHCP agent reports (its host's); an Open vSwitch agent reports none, as Neutron's.</summary>
    public string? AvailabilityZone => AgentType == AgentTypes.Ovs ? null : Node.AvailabilityZone;
    public string Binary => AgentTypes.Binary(AgentType);
}

/// <summary>
/// The agents of every host and what is scheduled to them: routers to L3 agents, networks to DHCP
/// agents (Neutron's <c>l3_agent_scheduler</c> and <c>dhcp_agent_scheduler</c> extensions).
/// </summary>
public sealed class AgentService(Transactions transactions, PortService ports, AgentLiveness liveness, AgentStates states)
{
    public Task<List<AgentInfo>> ListAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var nodes = await db.ComputeNodes.OrderBy(n => n.Name).ToListAsync(ct);
            var others = (await db.NetworkAgents.ToListAsync(ct)).ToLookup(a => a.Host);
            var list = new List<AgentInfo>();
            foreach (var node in nodes)
            {
                list.Add(new AgentInfo(node.Id, AgentTypes.Ovs, node, node.Enabled, liveness.IsAlive(node), states.IsRunning(node.Name), node.CreatedAt, node.LastHeartbeatAt, node.AgentDescription));
                list.AddRange(others[node.Name].OrderBy(a => AgentTypes.NetworkNode.ToList().IndexOf(a.AgentType)).Select(a =>
                    new AgentInfo(a.Id, a.AgentType, node, a.AdminStateUp, liveness.IsAlive(a), states.IsRunning(a.Host, a.AgentType), a.CreatedAt, a.LastHeartbeatAt, a.Description)));
            }
            return list;
        }, ct);

    /// <summary>What each agent carries, by agent ID: its host's bound ports (OVS agent), its routers (L3), its networks (DHCP); counted by the database.</summary>
    public Task<Dictionary<string, int>> LoadsAsync(IReadOnlyCollection<AgentInfo> agents, CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var ports = await PortBinder.BoundPortsByHostAsync(db, ct);
            var routers = await db.Routers.Where(r => r.L3AgentHost != null).GroupBy(r => r.L3AgentHost!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var networks = await db.Ports.Where(p => p.DeviceOwner == DeviceOwners.Dhcp && p.BindingHostId != "").Select(p => new { p.BindingHostId, p.NetworkId }).Distinct()
                .GroupBy(p => p.BindingHostId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            return agents.ToDictionary(a => a.Id, a => (a.AgentType switch { AgentTypes.L3 => routers, AgentTypes.Dhcp => networks, _ => ports }).GetValueOrDefault(a.Host));
        }, ct);

    public async Task<AgentInfo> GetAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(a => a.Id == id) ?? throw AgentNotFound(id);

    /// <summary>An admin sets an agent's <c>admin_state_up</c> (an admin-down agent gets no new routers or networks) or its description.</summary>
    public async Task<AgentInfo> UpdateAsync(string id, bool? adminStateUp, string? description, CancellationToken ct = default)
    {
        await transactions.WriteAsync(async db =>
        {
            if (await db.ComputeNodes.FirstOrDefaultAsync(n => n.Id == id, ct) is { } node)
            {
                node.Enabled = adminStateUp ?? node.Enabled;
                node.AgentDescription = description is null ? node.AgentDescription : Common.Names.Check(description, "description");
            }
            else
            {
                var agent = await db.NetworkAgents.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw AgentNotFound(id);
                agent.AdminStateUp = adminStateUp ?? agent.AdminStateUp;
                agent.Description = description is null ? agent.Description : Common.Names.Check(description, "description");
            }
        }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The L3 agents hosting the router (<c>GET /routers/{id}/l3-agents</c>).</summary>
    public async Task<List<AgentInfo>> L3AgentsOfRouterAsync(string routerId, CancellationToken ct = default)
    {
        var router = await transactions.ReadAsync(db => RouterAsync(db, routerId, ct), ct);
        return (await ListAsync(ct)).Where(a => a.AgentType == AgentTypes.L3 && a.Host == router.L3AgentHost).ToList();
    }

    /// <summary>The routers an L3 agent hosts (<c>GET /agents/{id}/l3-routers</c>).</summary>
    public async Task<List<Router>> RoutersOfAgentAsync(string agentId, CancellationToken ct = default)
    {
        var agent = await OfTypeAsync(agentId, AgentTypes.L3, ct);
        return await transactions.ReadAsync(db => db.Routers.Where(r => r.L3AgentHost == agent.Host).OrderBy(r => r.Name).ThenBy(r => r.Id).ToListAsync(ct), ct);
    }

    /// <summary>Schedules the router to the L3 agent: its namespace and ports move there.</summary>
    public async Task AddRouterAsync(string agentId, string routerId, CancellationToken ct = default)
    {
        var agent = await OfTypeAsync(agentId, AgentTypes.L3, ct);
        if (!agent.AdminStateUp || !agent.Node.Enabled)
        {
            throw new InvalidInputException($"Agent {agentId} is not a L3 Agent or has been disabled", "InvalidL3Agent");
        }
        await transactions.WriteAsync(async db =>
        {
            var router = await RouterAsync(db, routerId, ct);
            if (router.L3AgentHost is { } current)
            {
                var hosting = await db.NetworkAgents.Where(a => a.Host == current && a.AgentType == AgentTypes.L3).Select(a => a.Id).FirstOrDefaultAsync(ct);
                throw new ConflictException("RouterHostedByL3Agent", $"The router {routerId} has been already hosted by the L3 Agent {hosting ?? current}.");
            }
            await L3Scheduler.AssignAsync(db, router, agent.Host, ct);
        }, ct);
    }

    /// <summary>Takes the router off the L3 agent: it has no namespace anywhere and its ports go unbound (DOWN) until it is scheduled again.</summary>
    public async Task RemoveRouterAsync(string agentId, string routerId, CancellationToken ct = default)
    {
        var agent = await OfTypeAsync(agentId, AgentTypes.L3, ct);
        await transactions.WriteAsync(async db =>
        {
            var router = await RouterAsync(db, routerId, ct);
            if (router.L3AgentHost != agent.Host)
            {
                throw new NotFoundException("RouterNotHostedByL3Agent", $"The router {routerId} is not hosted by L3 agent {agentId}.");
            }
            await L3Scheduler.AssignAsync(db, router, null, ct);
        }, ct);
    }

    /// <summary>The DHCP agents serving the network (<c>GET /networks/{id}/dhcp-agents</c>).</summary>
    public async Task<List<AgentInfo>> DhcpAgentsOfNetworkAsync(string networkId, CancellationToken ct = default)
    {
        var hosts = await transactions.ReadAsync(async db =>
        {
            await NetworkService.FindAsync(db, networkId, ct);
            return await DhcpScheduler.HostsAsync(db, networkId, ct);
        }, ct);
        return (await ListAsync(ct)).Where(a => a.AgentType == AgentTypes.Dhcp && hosts.Contains(a.Host)).ToList();
    }

    /// <summary>The networks a DHCP agent serves (<c>GET /agents/{id}/dhcp-networks</c>).</summary>
    public async Task<List<string>> NetworksOfAgentAsync(string agentId, CancellationToken ct = default)
    {
        var agent = await OfTypeAsync(agentId, AgentTypes.Dhcp, ct);
        return await transactions.ReadAsync(db => db.Ports.Where(p => p.DeviceOwner == DeviceOwners.Dhcp && p.BindingHostId == agent.Host)
            .Select(p => p.NetworkId).Distinct().ToListAsync(ct), ct);
    }

    /// <summary>Schedules the network to the DHCP agent: a DHCP port on its host.</summary>
    public async Task AddNetworkAsync(string agentId, string networkId, CancellationToken ct = default)
    {
        var agent = await OfTypeAsync(agentId, AgentTypes.Dhcp, ct);
        if (!agent.AdminStateUp || !agent.Node.Enabled)
        {
            throw new InvalidInputException($"Agent {agentId} is not a valid DHCP Agent or has been disabled.", "InvalidDHCPAgent");
        }
        await transactions.WriteAsync(async db =>
        {
            await NetworkService.FindAsync(db, networkId, ct);
            if ((await DhcpScheduler.HostsAsync(db, networkId, ct)).Contains(agent.Host))
            {
                throw new ConflictException("NetworkHostedByDHCPAgent", $"The network {networkId} has been already hosted by the DHCP Agent {agentId}.");
            }
            await DhcpScheduler.AddAsync(db, ports, networkId, agent.Host, ct);
        }, ct);
    }

    /// <summary>Takes the network off the DHCP agent: its DHCP port there goes.</summary>
    public async Task RemoveNetworkAsync(string agentId, string networkId, CancellationToken ct = default)
    {
        var agent = await OfTypeAsync(agentId, AgentTypes.Dhcp, ct);
        await transactions.WriteAsync(async db =>
        {
            var port = await PortService.WithDetails(db.Ports).FirstOrDefaultAsync(p => p.NetworkId == networkId && p.DeviceOwner == DeviceOwners.Dhcp && p.BindingHostId == agent.Host, ct)
                ?? throw new NotFoundException("NetworkNotHostedByDhcpAgent", $"The network {networkId} is not hosted by the DHCP agent {agentId}.");
            await PortService.DeletePortAsync(db, port, ct);
        }, ct);
    }

    private async Task<AgentInfo> OfTypeAsync(string agentId, string type, CancellationToken ct)
    {
        var agent = await GetAsync(agentId, ct);
        return agent.AgentType == type
            ? agent
            : throw new NotFoundException(type == AgentTypes.L3 ? "InvalidL3Agent" : "InvalidDHCPAgent", $"Agent {agentId} is not a {type}.");
    }

    private static async Task<Router> RouterAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Routers.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("router", id);

    private static NotFoundException AgentNotFound(string id) => new("AgentNotFound", $"Agent {id} could not be found.");
}
