using Microsoft.Extensions.Configuration;

namespace Dashboard.Core.Quotas;

/// <summary>Neutron's <c>[quotas]</c> defaults, under the configuration section <c>Quotas</c>.</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    [ConfigurationKeyName("quota_network")] public long Network { get; set; } = 100;
    [ConfigurationKeyName("quota_subnet")] public long Subnet { get; set; } = 100;
    [ConfigurationKeyName("quota_port")] public long Port { get; set; } = 500;
    [ConfigurationKeyName("quota_router")] public long Router { get; set; } = 10;
    [ConfigurationKeyName("quota_floatingip")] public long FloatingIp { get; set; } = 50;
    [ConfigurationKeyName("quota_security_group")] public long SecurityGroup { get; set; } = 10;
    [ConfigurationKeyName("quota_security_group_rule")] public long SecurityGroupRule { get; set; } = 100;

    public IReadOnlyDictionary<string, long> Defaults => new Dictionary<string, long>
    {
        [QuotaResources.Network] = Network,
        [QuotaResources.Subnet] = Subnet,
        [QuotaResources.Port] = Port,
        [QuotaResources.Router] = Router,
        [QuotaResources.FloatingIp] = FloatingIp,
        [QuotaResources.SecurityGroup] = SecurityGroup,
        [QuotaResources.SecurityGroupRule] = SecurityGroupRule,
    };
}

public static class QuotaResources
{
    public const string Network = "network";
    public const string Subnet = "subnet";
    public const string Port = "port";
    public const string Router = "router";
    public const string FloatingIp = "floatingip";
    public const string SecurityGroup = "security_group";
    public const string SecurityGroupRule = "security_group_rule";
}
