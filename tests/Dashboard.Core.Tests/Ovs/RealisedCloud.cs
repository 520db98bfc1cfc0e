using Dashboard.Core.Networking;
using Dashboard.Core.Ovs;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// A cloud whose compute1 is realised on this machine by the OVS agent (Agent:Mode=ovs), shared by
/// the tests of one class: two demo instances on a tenant VLAN network, an instance of another
/// project on a network with the same CIDR, one on a VLAN provider network (segment 120), two on a
/// VXLAN network (one on compute2, so br-tun has a tunnel), and an admin-down port. compute1's NIC for
/// physnet1 is one end of a veth made here; its other end is the trunk port of the test's own switch
/// (<see cref="WireSwitch"/>, an OVS bridge the agent must leave alone) with two hosts (namespaces)
/// on access ports of VLAN 120 and 121.
/// Nothing is set up without root, Open vSwitch and ping: <see cref="Why"/> says what is missing.
/// </summary>
public sealed class RealisedCloud : IAsyncLifetime
{
    public const string WireSwitch = "br-wire";
    public const string Nic = "dtnic1";
    private const string WireEnd = "dtwire1";
    public const string WireHostOnVlan120 = "203.0.113.10";
    public const string WireHostOnVlan121 = "203.0.113.11";
    /// <summary>Also on VLAN 120, but on an access port of compute1's own br-eth1 (a port the agent did not make and must leave alone).</summary>
    public const string BridgeHostOnVlan120 = "203.0.113.12";

    private static readonly (string Name, int Vlan, string Address, string Bridge)[] WireHosts =
        [("h120", 120, WireHostOnVlan120, WireSwitch), ("h121", 121, WireHostOnVlan121, WireSwitch), ("b120", 120, BridgeHostOnVlan120, "br-eth1")];

    /// <summary>The namespace of the host on the wire switch's access port of that VLAN.</summary>
    public static string WireHost(int vlan) => $"dash-test-h{vlan}";

    private TestCloud? _cloud;
    private readonly string _run = Path.Combine("/tmp", $"ovs-{Guid.NewGuid():N}"[..12]);

    public string? Why { get; } = OvsDaemons.Installed && Environment.UserName == "root" && File.Exists("/usr/bin/ping")
        ? null
        : "needs root, Open vSwitch (openvswitch-switch) and ping (iputils-ping) to realise compute1";

    public TestCloud Cloud => _cloud!;
    public string RunDirectory => _run;
    public OvsAgent Agent => Cloud.Get<OvsAgent>();

    /// <summary>The agent's Open vSwitch, for ovs-vsctl/ovs-ofctl/ovs-appctl (the agent stops it; this handle is never disposed).</summary>
    public OvsDaemons Daemons { get; private set; } = null!;
    public Port Vm1 { get; private set; } = null!;
    public Port Vm2 { get; private set; } = null!;
    public Port AltVm { get; private set; } = null!;
    public Port ProviderVm { get; private set; } = null!;
    public Port VxlanVm { get; private set; } = null!;
    public Port RemoteVxlanVm { get; private set; } = null!;
    public Port RemoteVm { get; private set; } = null!;
    public Port DownVm { get; private set; } = null!;
    public Network Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Why is not null)
        {
            return;
        }
        await RemoveWireAsync();
        await Host("ip", "link", "add", Nic, "type", "veth", "peer", "name", WireEnd);
        await Host("ip", "link", "set", Nic, "up");
        await Host("ip", "link", "set", WireEnd, "up");

        _cloud = await TestCloud.CreateAsync(new Dictionary<string, string?>
        {
            ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "compute1", ["Agent:OvsRunDirectory"] = _run, ["Agent:ResyncSeconds"] = "30",
            ["Agent:OvsPlugNics"] = "true", // compute1's NIC is the test's own veth
        });
        await Cloud.Nodes.RegisterAsync("compute1", [$"physnet1:br-eth1:{Nic}"], "192.0.2.11");
        await Cloud.Nodes.RegisterAsync("compute2", ["physnet1:br-eth1:eth1"], "192.0.2.12");
        var (tenant, _) = await Cloud.NetworkWithSubnetAsync("10.0.0.0/24");
        Vm1 = await Cloud.LaunchAsync("VM01", "compute1", tenant.Id);
        Vm2 = await Cloud.LaunchAsync("VM02", "compute1", tenant.Id);
        RemoteVm = await Cloud.LaunchAsync("VM04", "compute2", tenant.Id);
        DownVm = await Cloud.LaunchAsync("VM09", "compute1", tenant.Id);
        await Cloud.Ports.UpdateAsync(DownVm.Id, new PortChanges { AdminStateUp = false });

        var alt = await Cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Alt, "alt-net"));
        await Cloud.Subnets.CreateAsync(new SubnetSpec(alt.Id, "10.0.0.0/24") { AllocationPools = [new("10.0.0.200", "10.0.0.250")] });
        AltVm = await Cloud.LaunchAsync("VM03", "compute1", alt.Id, Scenario.Alt);

        Provider = await Cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "provider-120") { Provider = new Segment("vlan", "physnet1", 120) });
        await Cloud.Subnets.CreateAsync(new SubnetSpec(Provider.Id, "203.0.113.0/24") { AllocationPools = [new("203.0.113.100", "203.0.113.150")] });
        ProviderVm = await Cloud.LaunchAsync("VM10", "compute1", Provider.Id);

        var vxlan = await Cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "vxlan-5001") { Provider = new Segment("vxlan", null, 5001) });
        await Cloud.Subnets.CreateAsync(new SubnetSpec(vxlan.Id, "172.16.0.0/24"));
        VxlanVm = await Cloud.LaunchAsync("VM20", "compute1", vxlan.Id);
        RemoteVxlanVm = await Cloud.LaunchAsync("VM21", "compute2", vxlan.Id);

        await Cloud.Get<Dashboard.Core.Agents.AgentHeartbeats>().ReportAsync(); // both agents alive, as their reports would say
        await Agent.StartAsync(default);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var port in new[] { Vm1, Vm2, AltVm, ProviderVm, VxlanVm })
        {
            while ((await Cloud.Ports.GetAsync(port.Id)).Status != PortStatus.Active)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"{port.Name} not ACTIVE 60 s after the agent started; the agent said: {string.Join(" | ", Cloud.Logs.Lines.Where(l => l.Contains("Open vSwitch", StringComparison.Ordinal)).TakeLast(2))}");
                }
                await Task.Delay(100);
            }
        }
        Daemons = await OvsDaemons.EnsureAsync(_run);

        // The switch at the other end of the wire: the NIC's peer as its trunk, a host per VLAN.
        var vsctl = $"--db=unix:{Daemons.Socket}";
        await Host("ovs-vsctl", vsctl, "add-br", WireSwitch, "--", "set", "Bridge", WireSwitch, "datapath_type=netdev", "--", "add-port", WireSwitch, WireEnd);
        foreach (var (name, vlan, address, bridge) in WireHosts)
        {
            var ns = $"dash-test-{name}";
            await Host("ip", "netns", "add", ns);
            await Host("ip", "link", "add", $"dt{name}", "type", "veth", "peer", "name", $"dt{name}p");
            await Host("ip", "link", "set", $"dt{name}p", "netns", ns);
            await Host("ip", "-n", ns, "link", "set", $"dt{name}p", "name", "eth0");
            await Host("ip", "-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
            await Host("ip", "-n", ns, "link", "set", "eth0", "up");
            await Host("ip", "link", "set", $"dt{name}", "up");
            await Host("ovs-vsctl", vsctl, "add-port", bridge, $"dt{name}", $"tag={vlan}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_cloud is not null)
        {
            if (Daemons is not null)
            {
                await Host("ovs-vsctl", $"--db=unix:{Daemons.Socket}", "--if-exists", "del-br", WireSwitch);
            }
            await Agent.StopAsync(default);
            await _cloud.DisposeAsync();
        }
        await RemoveWireAsync();
        if (Directory.Exists(_run))
        {
            Directory.Delete(_run, recursive: true);
        }
    }

    /// <summary>The namespace standing in for a port's VM.</summary>
    public static string NamespaceOf(Port port) => PortRealizer.NamespacePrefix + port.Id[..11];

    public static async Task<bool> PingAsync(string ns, string ip)
    {
        try
        {
            await OvsDaemons.RunAsync("ip", ["netns", "exec", ns, "ping", "-c", "2", "-W", "1", "-q", ip], default);
            return true;
        }
        catch (HostCommandException)
        {
            return false;
        }
    }

    /// <summary>Waits (up to 10 s) for the agent to bring the data path to the expected ping result after a change.</summary>
    public static async Task<bool> PingBecomesAsync(string ns, string ip, bool expected)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        bool result;
        while ((result = await PingAsync(ns, ip)) != expected && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(200);
        }
        return result;
    }

    public static Task<string> Host(string file, params string[] args) => OvsDaemons.RunAsync(file, args, default);

    private static async Task RemoveWireAsync()
    {
        foreach (var args in WireHosts.SelectMany(h => new[] { new[] { "link", "del", $"dt{h.Name}" }, ["netns", "del", $"dash-test-{h.Name}"] }).Append(["link", "del", Nic]))
        {
            try
            {
                await Host("ip", args);
            }
            catch (HostCommandException)
            {
                // not there: nothing to remove
            }
        }
    }
}
