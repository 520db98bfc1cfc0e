using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Pages.Project.SecurityGroups;

namespace Dashboard.Web.Tests.Ui;

public class RuleFormTests
{
    private static RuleForm With(string preset) => new() { Preset = RuleForm.Presets.Single(p => p.Name == preset) };

    [Theory]
    [InlineData("SSH", "tcp", 22, 22)]
    [InlineData("HTTP", "tcp", 80, 80)]
    [InlineData("HTTPS", "tcp", 443, 443)]
    [InlineData("DNS", "udp", 53, 53)]
    [InlineData("MySQL", "tcp", 3306, 3306)]
    [InlineData("RDP", "tcp", 3389, 3389)]
    [InlineData("All TCP", "tcp", 1, 65535)]
    [InlineData("All UDP", "udp", 1, 65535)]
    [InlineData("All ICMP", "icmp", null, null)]
    public void Fixed_presets_fill_protocol_and_ports(string preset, string protocol, int? min, int? max)
    {
        var form = With(preset);

        Assert.Empty(form.Problems());
        Assert.Equal(new SecurityGroupRuleSpec("ingress", "IPv4", protocol, min, max, "0.0.0.0/0", null, ""), form.ToSpec());
    }

    [Fact]
    public void Custom_tcp_takes_a_port_a_range_or_all_ports()
    {
        var form = With("Custom TCP Rule");
        form.Port = 8080;
        Assert.Equal(("tcp", 8080, 8080), (form.ToSpec().Protocol, form.ToSpec().PortRangeMin, form.ToSpec().PortRangeMax));

        form.OpenPort = OpenPort.PortRange;
        (form.FromPort, form.ToPort) = (9000, 9100);
        Assert.Equal((9000, 9100), (form.ToSpec().PortRangeMin, form.ToSpec().PortRangeMax));

        form.OpenPort = OpenPort.AllPorts;
        Assert.Equal((1, 65535), (form.ToSpec().PortRangeMin, form.ToSpec().PortRangeMax));
    }

    [Fact]
    public void Custom_icmp_other_protocol_and_remote_group()
    {
        var icmp = With("Custom ICMP Rule");
        (icmp.IcmpType, icmp.IcmpCode) = (8, 0);
        var other = With("Other Protocol");
        other.IpProtocol = "47";
        other.Remote = RemoteKind.SecurityGroup;
        other.RemoteGroupId = "group-1";
        other.Direction = "egress";

        Assert.Equal(("icmp", 8, 0), (icmp.ToSpec().Protocol, icmp.ToSpec().PortRangeMin, icmp.ToSpec().PortRangeMax));
        Assert.Equal(new SecurityGroupRuleSpec("egress", "IPv4", "47", null, null, null, "group-1", ""), other.ToSpec());
    }

    [Fact]
    public void Problems_are_named_by_the_field_they_belong_to()
    {
        var range = With("Custom UDP Rule");
        range.OpenPort = OpenPort.PortRange;
        (range.FromPort, range.ToPort) = (100, 50);
        var port = With("Custom TCP Rule");
        var other = With("Other Protocol");
        other.IpProtocol = "tcp";
        var cidr = With("SSH");
        (cidr.Cidr, cidr.EtherType) = ("10.0.0.0/8", "IPv6");
        var group = With("SSH");
        group.Remote = RemoteKind.SecurityGroup;
        var icmp = With("Custom ICMP Rule");
        icmp.IcmpCode = 3;

        Assert.Equal(["To Port"], range.Problems().Keys);
        Assert.Equal(["Port"], port.Problems().Keys);
        Assert.Equal(["IP Protocol"], other.Problems().Keys);
        Assert.Equal(["CIDR"], cidr.Problems().Keys);
        Assert.Equal(["Security Group"], group.Problems().Keys);
        Assert.Equal(["Type"], icmp.Problems().Keys);
    }
}
