namespace Dashboard.Core.Networking;

/// <summary>
/// Neutron's RBAC policy on a network, a subnet pool or an address scope (<see cref="ObjectType"/>): <see cref="Action"/>
/// (<c>access_as_shared</c>: the target project may see the object and use it, ports on the network, subnets from the
/// pool, pools in the scope; <c>access_as_external</c>: it may use a network as an external network) granted by the
/// object's owner to <see cref="TargetProject"/>. Only policies for one project are stored: a policy for every project
/// (<c>*</c>) is the object's <c>shared</c> (or <c>router:external</c>) flag itself (see <see cref="RbacService"/>).
/// </summary>
public sealed class RbacPolicy
{
    public const string AccessAsShared = "access_as_shared";
    public const string AccessAsExternal = "access_as_external";
    public const string Everyone = "*";

    public string Id { get; init; } = Common.NewId.Uuid();
    public required string ProjectId { get; init; }
    public string ObjectType { get; init; } = "network";
    public required string ObjectId { get; init; }
    public required string Action { get; init; }
    public required string TargetProject { get; set; }
}
