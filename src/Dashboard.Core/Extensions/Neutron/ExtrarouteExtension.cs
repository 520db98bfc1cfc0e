namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>extraroute</c> extension: Neutron Extra Route.</summary>
public static class ExtrarouteExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Neutron Extra Route", "extraroute", "Extra routes configuration for L3 router", "2013-02-01T10:00:00-00:00")
    {
        ExtendedAttributes = new Dictionary<string, IReadOnlyList<AttributeSpec>> { ["routers"] = [new AttributeSpec("routes") { AllowPut = true, Validate = NeutronResources.Routes, ConvertTo = Converter.NoneToEmptyList }] },
    };
}

/// <summary>Neutron's <c>extraroute-atomic</c>: add or remove some routes without replacing them all (<c>openstack router add route</c>).</summary>
public static class ExtrarouteAtomicExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Atomically add/remove extra routes", "extraroute-atomic",
        "Edit extra routes of a router on server side by atomically adding/removing extra routes", "2019-07-10T10:00:00-00:00")
    {
        Policies =
        [
            new("add_extraroutes", "rule:admin_or_project_member", "Add extra routes to a router"),
            new("remove_extraroutes", "rule:admin_or_project_member", "Remove extra routes from a router"),
        ],
    };
}
