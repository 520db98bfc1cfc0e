using Dashboard.Core.Ipam;
using Dashboard.Core.SecurityGroups;

namespace Dashboard.Web.Components.Pages.Project.SecurityGroups;

/// <summary>How a preset fills the Add Rule form: which protocol, which ports, which fields the user still chooses.</summary>
public enum PresetKind { CustomPorts, CustomIcmp, OtherProtocol, Fixed }

public sealed record RulePreset(string Name, PresetKind Kind, string? Protocol = null, int? PortMin = null, int? PortMax = null);

public enum OpenPort { Port, PortRange, AllPorts }

public enum RemoteKind { Cidr, SecurityGroup }

/// <summary>The Add Rule form: Horizon's presets and fields, turned into one security group rule.</summary>
public sealed class RuleForm
{
    public static readonly IReadOnlyList<RulePreset> Presets =
    [
        new("Custom TCP Rule", PresetKind.CustomPorts, "tcp"),
        new("Custom UDP Rule", PresetKind.CustomPorts, "udp"),
        new("Custom ICMP Rule", PresetKind.CustomIcmp, "icmp"),
        new("Other Protocol", PresetKind.OtherProtocol),
        new("All ICMP", PresetKind.Fixed, "icmp"),
        new("All TCP", PresetKind.Fixed, "tcp", 1, 65535),
        new("All UDP", PresetKind.Fixed, "udp", 1, 65535),
        new("DNS", PresetKind.Fixed, "udp", 53, 53),
        new("HTTP", PresetKind.Fixed, "tcp", 80, 80),
        new("HTTPS", PresetKind.Fixed, "tcp", 443, 443),
        new("MySQL", PresetKind.Fixed, "tcp", 3306, 3306),
        new("RDP", PresetKind.Fixed, "tcp", 3389, 3389),
        new("SSH", PresetKind.Fixed, "tcp", 22, 22),
    ];

    public RulePreset Preset { get; set; } = Presets[0];
    public string Description { get; set; } = "";
    public string Direction { get; set; } = "ingress";
    public OpenPort OpenPort { get; set; } = OpenPort.Port;
    public int? Port { get; set; }
    public int? FromPort { get; set; }
    public int? ToPort { get; set; }
    public int? IcmpType { get; set; }
    public int? IcmpCode { get; set; }
    public string IpProtocol { get; set; } = "";
    public RemoteKind Remote { get; set; } = RemoteKind.Cidr;
    public string Cidr { get; set; } = "0.0.0.0/0";
    public string? RemoteGroupId { get; set; }
    public string EtherType { get; set; } = "IPv4";

    /// <summary>What is wrong, by field label; empty when the rule can be submitted.</summary>
    public Dictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        switch (Preset.Kind)
        {
            case PresetKind.CustomPorts when OpenPort == OpenPort.Port:
                if (Port is not (>= 1 and <= 65535))
                {
                    problems["Port"] = "Enter a port from 1 to 65535.";
                }
                break;
            case PresetKind.CustomPorts when OpenPort == OpenPort.PortRange:
                if (FromPort is not (>= 1 and <= 65535))
                {
                    problems["From Port"] = "Enter a port from 1 to 65535.";
                }
                if (ToPort is not (>= 1 and <= 65535))
                {
                    problems["To Port"] = "Enter a port from 1 to 65535.";
                }
                else if (FromPort > ToPort)
                {
                    problems["To Port"] = "The range must end at or after its start.";
                }
                break;
            case PresetKind.CustomIcmp:
                if (IcmpType is < 0 or > 255)
                {
                    problems["Type"] = "ICMP types are 0 to 255.";
                }
                if (IcmpCode is < 0 or > 255)
                {
                    problems["Code"] = "ICMP codes are 0 to 255.";
                }
                if (IcmpCode is not null && IcmpType is null)
                {
                    problems["Type"] = "Give the type when giving a code.";
                }
                break;
            case PresetKind.OtherProtocol:
                if (!int.TryParse(IpProtocol, out var number) || number is < 0 or > 255)
                {
                    problems["IP Protocol"] = "Enter a protocol number from 0 to 255.";
                }
                break;
        }
        if (Remote == RemoteKind.Cidr)
        {
            if (!Dashboard.Core.Ipam.Cidr.TryParse(Cidr, out var prefix))
            {
                problems["CIDR"] = $"'{Cidr}' is not a valid CIDR such as 0.0.0.0/0.";
            }
            else if ($"IPv{prefix.IpVersion}" != EtherType)
            {
                problems["CIDR"] = $"{Cidr} is not an {EtherType} prefix.";
            }
        }
        else if (RemoteGroupId is null)
        {
            problems["Security Group"] = "Choose the remote security group.";
        }
        return problems;
    }

    public SecurityGroupRuleSpec ToSpec()
    {
        var (protocol, min, max) = Preset.Kind switch
        {
            PresetKind.CustomPorts => OpenPort switch
            {
                OpenPort.Port => (Preset.Protocol, Port, Port),
                OpenPort.PortRange => (Preset.Protocol, FromPort, ToPort),
                _ => (Preset.Protocol, (int?)1, (int?)65535),
            },
            PresetKind.CustomIcmp => (Preset.Protocol, IcmpType, IcmpCode),
            PresetKind.OtherProtocol => (IpProtocol.Trim(), null, null),
            _ => (Preset.Protocol, Preset.PortMin, Preset.PortMax),
        };
        return new SecurityGroupRuleSpec(Direction, EtherType, protocol, min, max,
            Remote == RemoteKind.Cidr ? Cidr.Trim() : null, Remote == RemoteKind.SecurityGroup ? RemoteGroupId : null, Description.Trim());
    }
}
