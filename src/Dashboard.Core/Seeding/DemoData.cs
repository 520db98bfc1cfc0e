using Dashboard.Core.Agents;
using Dashboard.Core.Hosts;
using Dashboard.Core.Identity;
using Dashboard.Core.Ipam;
using Dashboard.Core.Networking;
using Dashboard.Core.Persistence;
using Dashboard.Core.Routers;
using Dashboard.Core.Segmentation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Seeding;

/// <summary>
/// The seed's picture, built through the same services a user drives: the network node network1
/// (OVS, L3 and DHCP agents) and compute1 and compute2, all on physnet1:br-eth1; project demo with network private (a tenant VLAN) and 10.0.0.0/24, VM01 and
/// VM02 on compute1, VM05 on compute2; project alt_demo with its own network and instance; the
/// external flat network public, demo's router with its gateway there (on network1's L3 agent),
/// and a floating IP of public associated with VM05.
/// </summary>
public sealed class DemoData(
    IDbContextFactory<NetworkDbContext> factory, IOptions<DemoOptions> options, IdentityService identity,
    ComputeNodeService nodes, NetworkService networks, SubnetService subnets, RouterService routers,
    InstanceService instances, PortService ports, FloatingIpService floatingIps, ILogger<DemoData> logger)
{
    public async Task<bool> SeedIfEmptyAsync(string adminProjectId, CancellationToken ct = default)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (!options.Value.Seed || await db.Networks.AnyAsync(ct) || await db.ComputeNodes.AnyAsync(ct))
            {
                return false;
            }
        }
        await SeedAsync(adminProjectId, ct);
        return true;
    }

    private async Task SeedAsync(string adminProjectId, CancellationToken ct)
    {
        await nodes.RegisterAsync("network1", ["physnet1:br-eth1:eth1"], "192.168.56.10", ct, agents: [AgentTypes.L3, AgentTypes.Dhcp]);
        await nodes.RegisterAsync("compute1", ["physnet1:br-eth1:eth1"], "192.168.56.11", ct);
        await nodes.RegisterAsync("compute2", ["physnet1:br-eth1:eth1"], "192.168.56.12", ct);

        var password = options.Value.UserPassword;
        if (string.IsNullOrEmpty(password))
        {
            password = IdentityBootstrap.GeneratePassword();
            logger.LogWarning("Demo:UserPassword is not set; generated the password of users 'demo' and 'alt_demo' (shown once): {Password}", password);
        }
        var demo = await CreateTenantAsync("demo", password, ct);
        var altDemo = await CreateTenantAsync("alt_demo", password, ct);

        var publicNet = await networks.CreateAsync(new NetworkSpec(adminProjectId, "public")
        {
            External = true,
            Provider = new Segment(NetworkTypes.Flat, "physnet1"),
        }, ct);
        await subnets.CreateAsync(new SubnetSpec(publicNet.Id, "172.24.4.0/24")
        {
            Name = "public-subnet",
            EnableDhcp = false,
            AllocationPools = [new AllocationPool("172.24.4.2", "172.24.4.254")],
        }, ct);

        var privateNet = await networks.CreateAsync(new NetworkSpec(demo.Id, "private"), ct);
        var privateSubnet = await subnets.CreateAsync(new SubnetSpec(privateNet.Id, "10.0.0.0/24")
        {
            Name = "private-subnet",
            DnsNameservers = ["8.8.8.8"],
        }, ct);
        var router = await routers.CreateAsync(new RouterSpec(demo.Id, "router1") { ExternalGateway = new GatewayInfo(publicNet.Id) }, ct);
        await routers.AddInterfaceAsync(router.Id, privateSubnet.Id, ct: ct);
        foreach (var (name, host) in new[] { ("VM01", "compute1"), ("VM02", "compute1"), ("VM05", "compute2") })
        {
            var instance = await instances.LaunchAsync(new InstanceSpec(demo.Id, name, [privateNet.Id]) { HostName = host }, ct);
            if (name == "VM05")
            {
                var port = (await ports.ListAsync(deviceId: instance.Id, ct: ct)).Single();
                await floatingIps.CreateAsync(new FloatingIpSpec(demo.Id, publicNet.Id) { PortId = port.Id, Description = "VM05 from the outside" }, ct);
            }
        }

        var altNet = await networks.CreateAsync(new NetworkSpec(altDemo.Id, "alt_private"), ct);
        await subnets.CreateAsync(new SubnetSpec(altNet.Id, "10.0.1.0/24") { Name = "alt_private-subnet" }, ct);
        await instances.LaunchAsync(new InstanceSpec(altDemo.Id, "VM03", [altNet.Id]) { HostName = "compute2" }, ct);
    }

    private async Task<Project> CreateTenantAsync(string name, string password, CancellationToken ct)
    {
        var project = await identity.CreateProjectAsync(name, $"Demo project {name}", ct: ct);
        var user = await identity.CreateUserAsync(name, password, project.Id, ct: ct);
        await identity.AssignRoleAsync(project.Id, user.Id, Role.Member, ct);
        return project;
    }
}
