using Dashboard.Core.Ovs;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>The model's rules as iptables-save prints them, so that a resync can see there is nothing to rewrite.</summary>
public sealed class FirewallRealizerTests
{
    [Theory]
    [InlineData("-A c -p udp -m udp --sport 67 -m udp --dport 68 -j DROP", "-A c -p udp -m udp --sport 67 --dport 68 -j DROP")]
    [InlineData("-A c -s 10.0.0.2/32 -m mac --mac-source FA:16:3E:FB:94:1A -j RETURN", "-A c -s 10.0.0.2/32 -m mac --mac-source fa:16:3e:fb:94:1a -j RETURN")]
    [InlineData("-A c -p tcp -m tcp --dport 22 -j RETURN", "-A c -p tcp -m tcp --dport 22 -j RETURN")]
    [InlineData("-A c -m state --state INVALID -m comment --comment \"Drop.\" -j DROP", "-A c -m state --state INVALID -m comment --comment \"Drop.\" -j DROP")]
    public void A_rule_reads_as_iptables_save_prints_it(string model, string saved) => Assert.Equal(saved, FirewallRealizer.AsSaved(model));
}
