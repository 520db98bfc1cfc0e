using Dashboard.Core.Agents;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Segmentation;

namespace Dashboard.Core.Tests.Support;

/// <summary>
/// The seed's shape, small: network1 (OVS, L3, DHCP agents), compute1 and compute2; the external flat
/// network public (172.24.4.0/24, no DHCP); demo's network with a DHCP subnet, its router with the
/// gateway on public and an interface on the subnet; VM01 on compute1.
/// </summary>
public sealed record NetworkNodeCloud(TestCloud Cloud, Network Public, Network Private, Subnet PrivateSubnet, Router Router, Port Vm01) : IAsyncDisposable
{
    public static async Task<NetworkNodeCloud> CreateAsync(IReadOnlyDictionary<string, string?>? overrides = null, bool networkNode = true)
    {
        var cloud = await TestCloud.CreateAsync(overrides);
        if (networkNode)
        {
            await cloud.Nodes.RegisterAsync("network1", ["physnet1:br-eth1:eth1"], "192.168.56.10", agents: [AgentTypes.L3, AgentTypes.Dhcp]);
        }
        await cloud.RegisterHostsAsync();
        var external = await cloud.Networks.CreateAsync(new NetworkSpec("admin", "public") { External = true, Provider = new Segment("flat", "physnet1") });
        await cloud.Subnets.CreateAsync(new SubnetSpec(external.Id, "172.24.4.0/24") { EnableDhcp = false });
        var (network, subnet) = await cloud.NetworkWithSubnetAsync();
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "router1") { ExternalGateway = new(external.Id) });
        await cloud.Routers.AddInterfaceAsync(router.Id, subnet.Id);
        var vm01 = await cloud.LaunchAsync("VM01", "compute1", network.Id);
        return new NetworkNodeCloud(cloud, external, network, subnet, await cloud.Routers.GetAsync(router.Id), vm01);
    }

    public FloatingIpService FloatingIps => Cloud.Get<FloatingIpService>();

    public AgentService Agents => Cloud.Get<AgentService>();

    public async Task<List<Port>> RouterPortsAsync() => (await Cloud.Ports.ListAsync(deviceId: Router.Id)).ToList();

    public ValueTask DisposeAsync() => Cloud.DisposeAsync();
}
