using Dashboard.Core.Common;

namespace Dashboard.Core.SecurityGroups;

public sealed class SecurityGroup : ProjectResource
{
    public const string DefaultName = "default";

    public override string ResourceName => "security_group";

    public string Name { get; set; } = "";
    public bool Stateful { get; init; } = true;
    public List<SecurityGroupRule> Rules { get; } = [];

    public bool IsDefault => Name == DefaultName;
}
