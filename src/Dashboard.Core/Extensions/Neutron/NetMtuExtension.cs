namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>net-mtu</c> extension: Network MTU.</summary>
public static class NetMtuExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Network MTU", "net-mtu", "Provides MTU attribute for a network resource.", "2015-03-25T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>>
        {
            ["networks"] = [new AttributeSpec("mtu") { AllowPost = true, AllowPut = true, Validate = new RangeValidator(68, 65535), ConvertTo = Converter.ToInt }.Optional()],
        },
    };
}
