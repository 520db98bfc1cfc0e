namespace Dashboard.Core.Segmentation;

/// <summary>Neutron's <c>provider:network_type</c> values.</summary>
public static class NetworkTypes
{
    public const string Local = "local";
    public const string Flat = "flat";
    public const string Vlan = "vlan";
    public const string Gre = "gre";
    public const string Vxlan = "vxlan";

    public static readonly IReadOnlyList<string> All = [Local, Flat, Vlan, Gre, Vxlan];

    public static bool IsTunnel(string type) => type is Gre or Vxlan;

    /// <summary>Largest segmentation ID the type can carry on the wire.</summary>
    public static long MaxId(string type) => type switch
    {
        Vlan => 4094,
        Vxlan => 16_777_215,
        Gre => uint.MaxValue,
        _ => 0,
    };
}
