using Dashboard.Core.Dataplane;
using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.PacketTrace;

/// <summary>
/// <c>/v2.0/traces</c>: POST a source port (or, without one, a <c>source_ip</c> beyond the external
/// networks) and a destination (address or port), protocol and port;
/// the answer is the packet's path through the model's data plane hop by hop, and the verdict. With
/// <c>"realised": true</c> (hosts realised on Open vSwitch here) also <c>realised_trace</c>: the same packet
/// through the real switches, host by host, beside the model's flows, each difference marked.
/// Admin only by default (<c>create_trace</c>), since the hops name hosts and devices (as <c>binding:host_id</c> is admin only).
/// </summary>
public static class PacketTraceExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Packet Trace", "packet-trace",
        "Traces a packet from an instance's port through the OVS and iptables data plane: each hop's device, flow and VLAN, and the verdict.",
        "2026-11-24T00:00:00-00:00")
    {
        Policies = Policies.PolicyRule.Crud("trace", "rule:admin_only", "rule:admin_only", "packet trace").ToList(),
        Resources =
        [
            new("traces", "trace",
            [
                Id(),
                .. Project(),
                new AttributeSpec("source_port_id") { AllowPost = true, Validate = new UuidValidator() }.Optional(),
                new AttributeSpec("source_ip") { AllowPost = true, Validate = new IpValidator() }.Optional(),
                new AttributeSpec("destination_ip") { AllowPost = true, Validate = new IpValidator() }.Optional(),
                new AttributeSpec("destination_port_id") { AllowPost = true, Validate = new UuidValidator() }.Optional(),
                new AttributeSpec("protocol") { AllowPost = true, Validate = new ValuesValidator("icmp", "tcp", "udp") }.WithDefault("icmp"),
                new AttributeSpec("destination_port") { AllowPost = true, Validate = new RangeValidator(1, 65535) { Nullable = true }, ConvertTo = Converter.ToInt }.WithDefault(null),
                Bool("realised", false, allowPut: false),
                ReadOnly("verdict"),
                ReadOnly("reason"),
                ReadOnly("reason_code"),
                ReadOnly("hops"),
                ReadOnly("reply"),
                ReadOnly("realised_trace"),
                ReadOnly("created_at"),
            ]),
        ],
    };
}
