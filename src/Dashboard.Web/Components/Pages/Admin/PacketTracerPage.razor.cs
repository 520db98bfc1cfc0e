using Dashboard.Core.Dataplane;
using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Web.Topology;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Pages.Admin;

public partial class PacketTracerPage
{
    private sealed record PortOption(string PortId, string Label);
    private List<PortOption> _options = [];
    private const string FromOutside = "outside";
    private string? _source;
    private string? _sourceIp = "203.0.113.10";
    private bool _toInstance = true;
    private string? _destinationPort;
    private string? _destinationIp;
    private string _protocol = "icmp";
    private int? _port;
    private bool _tracing;
    private Dictionary<string, string> _errors = [];
    private TraceResult? _result;
    private bool _realised = true;
    private Dashboard.Core.Ovs.RealTrace? _real;
    private List<(int Index, TraceHop Hop)> _hops = [];
    private IReadOnlyList<string> _hosts = [];
    private IReadOnlySet<string> _path = new HashSet<string>();
    private string elapsed = "";

    [SupplyParameterFromQuery(Name = "source")] public string? SourceQuery { get; set; }
    [SupplyParameterFromQuery(Name = "destination")] public string? DestinationQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var instances = (await Instances.ListAsync()).ToDictionary(i => i.Id);
        var networks = await Networks.NamesAsync();
        _options = (await Ports.ListAsync()).Where(p => p.DeviceOwner == DeviceOwners.Compute && instances.ContainsKey(p.DeviceId))
            .Select(p => new PortOption(p.Id, $"{instances[p.DeviceId].Name} – {string.Join(", ", p.FixedIps.Select(a => a.IpAddress))} ({networks.GetValueOrDefault(p.NetworkId, "?")}) on {instances[p.DeviceId].HostName}"))
            .OrderBy(o => o.Label, StringComparer.Ordinal).ToList();
        _source = _options.FirstOrDefault(o => o.PortId == SourceQuery)?.PortId;
        _destinationPort = _options.FirstOrDefault(o => o.PortId == DestinationQuery)?.PortId;
    }

    private async Task TraceAsync()
    {
        _errors = [];
        if (_source is null)
        {
            _errors["source_port_id"] = "Choose the source instance's port.";
        }
        if (_source == FromOutside && string.IsNullOrWhiteSpace(_sourceIp))
        {
            _errors["source_ip"] = "Enter the outside address the packet comes from.";
        }
        if (_source == FromOutside && _toInstance)
        {
            _errors["destination_port_id"] = "From outside, trace to an IP address (a floating IP).";
        }
        if (_toInstance && _destinationPort is null)
        {
            _errors["destination_port_id"] = "Choose the destination instance's port.";
        }
        if (!_toInstance && string.IsNullOrWhiteSpace(_destinationIp))
        {
            _errors["destination_ip"] = "Enter the destination IP address.";
        }
        if (_protocol != "icmp" && _port is not (>= 1 and <= 65535))
        {
            _errors["destination_port"] = "Enter a port from 1 to 65535.";
        }
        if (_errors.Count > 0)
        {
            return;
        }
        _tracing = true;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outside = _source == FromOutside;
            var result = await Tracer.TraceAsync(new TraceRequest(outside ? "" : _source!, _toInstance ? null : _destinationIp!.Trim(), _toInstance ? _destinationPort : null,
                _protocol, _protocol == "icmp" ? null : _port)
            { ExternalSourceIp = outside ? _sourceIp!.Trim() : null });
            elapsed = $"traced in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms";
            _real = _realised && RealTracer.Available ? await RealTracer.TraceAsync(result) : null;
            _result = result;
            _hops = result.Hops.Select((h, i) => (i, h)).ToList();
            _hosts = result.Hops.SelectMany(h => h.Host.Split(" -> ")).Where(h => h.Length > 0 && h != "outside").Distinct().ToList();
            _path = PhysicalLayout.PathKeys(result);
        }
        catch (InvalidInputException e)
        {
            _errors[e.Attribute ?? (_toInstance ? "destination_port_id" : "destination_ip")] = e.Message;
        }
        catch (NotFoundException e)
        {
            _errors["source_port_id"] = e.Message;
        }
        finally
        {
            _tracing = false;
        }
    }
}
