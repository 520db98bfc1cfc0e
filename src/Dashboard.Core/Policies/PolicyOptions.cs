namespace Dashboard.Core.Policies;

/// <summary><c>Policy:File</c>: the path of a policy file overriding the default rules (relative to the content root); none by default.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    public string? File { get; set; }
}
