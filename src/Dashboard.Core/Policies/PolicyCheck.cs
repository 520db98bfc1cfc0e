namespace Dashboard.Core.Policies;

/// <summary>
/// A parsed oslo.policy check string: <c>role:admin or (role:member and project_id:%(project_id)s)</c>.
/// Each node answers for a caller's credentials and a target (the resource's attributes).
/// </summary>
public abstract record PolicyCheck
{
    public abstract bool Allows(PolicyContext context);

    /// <summary>The <c>rule:</c> names this check refers to, to refuse a policy file naming a rule that does not exist.</summary>
    public virtual IEnumerable<string> RuleReferences => [];

    /// <summary>The target attributes this check reads (<c>project_id</c>, <c>network:project_id</c>, <c>shared</c>).</summary>
    public virtual IEnumerable<string> TargetKeys => [];

    protected static IEnumerable<string> Substitutions(string match)
    {
        for (var start = match.IndexOf("%(", StringComparison.Ordinal); start >= 0; start = match.IndexOf("%(", start + 2, StringComparison.Ordinal))
        {
            var end = match.IndexOf(")s", start, StringComparison.Ordinal);
            if (end > start)
            {
                yield return match[(start + 2)..end];
            }
        }
    }
}

/// <summary><c>@</c> or an empty check string: always.</summary>
public sealed record TrueCheck : PolicyCheck
{
    public override bool Allows(PolicyContext context) => true;

    public override string ToString() => "@";
}

/// <summary><c>!</c>: never.</summary>
public sealed record FalseCheck : PolicyCheck
{
    public override bool Allows(PolicyContext context) => false;

    public override string ToString() => "!";
}

/// <summary><c>rule:name</c>: another named rule.</summary>
public sealed record RuleCheck(string Name) : PolicyCheck
{
    public override bool Allows(PolicyContext context) => context.Evaluate(Name);

    public override IEnumerable<string> RuleReferences => [Name];

    public override string ToString() => $"rule:{Name}";
}

/// <summary><c>role:name</c>: the caller holds the role (directly or by Keystone's implied roles), compared case-insensitively.</summary>
public sealed record RoleCheck(string Role) : PolicyCheck
{
    public override bool Allows(PolicyContext context) =>
        Role.Contains("%(") ? context.Target.Substitute(Role) is { } role && context.HasRole(role) : context.HasRole(Role);

    public override IEnumerable<string> TargetKeys => Substitutions(Role);

    public override string ToString() => $"role:{Role}";
}

/// <summary>
/// <c>field:networks:shared=True</c> (Neutron's field check): the target's attribute has that value.
/// </summary>
public sealed record FieldCheck(string Resource, string Field, string Value) : PolicyCheck
{
    public override bool Allows(PolicyContext context) => context.Target[Field] is { } value && value == Value;

    public override IEnumerable<string> TargetKeys => [Field];

    public override string ToString() => $"field:{Resource}:{Field}={Value}";
}

/// <summary>
/// oslo.policy's generic check <c>kind:match</c>: the credential <c>kind</c> (project_id, user_id...), or a
/// quoted literal, equals <c>match</c> after substituting the target's <c>%(attribute)s</c>. A target
/// attribute that is missing makes the check false.
/// </summary>
public sealed record GenericCheck(string Kind, string Match) : PolicyCheck
{
    public override bool Allows(PolicyContext context)
    {
        if (context.Target.Substitute(Match) is not { } expected)
        {
            return false;
        }
        if (Literal(Kind) is { } literal)
        {
            return literal == expected;
        }
        return context.Credential(Kind) is { } actual && actual == expected;
    }

    public override IEnumerable<string> TargetKeys => Substitutions(Match);

    private static string? Literal(string kind) =>
        kind.Length >= 2 && (kind[0] == '\'' || kind[0] == '"') && kind[^1] == kind[0] ? kind[1..^1]
        : kind is "True" or "False" || long.TryParse(kind, out _) ? kind
        : null;

    public override string ToString() => $"{Kind}:{Match}";
}

public sealed record NotCheck(PolicyCheck Inner) : PolicyCheck
{
    public override bool Allows(PolicyContext context) => !Inner.Allows(context);

    public override IEnumerable<string> RuleReferences => Inner.RuleReferences;

    public override IEnumerable<string> TargetKeys => Inner.TargetKeys;

    public override string ToString() => $"not {Inner}";
}

public sealed record AndCheck(IReadOnlyList<PolicyCheck> Checks) : PolicyCheck
{
    public override bool Allows(PolicyContext context) => Checks.All(c => c.Allows(context));

    public override IEnumerable<string> RuleReferences => Checks.SelectMany(c => c.RuleReferences);

    public override IEnumerable<string> TargetKeys => Checks.SelectMany(c => c.TargetKeys);

    public override string ToString() => $"({string.Join(" and ", Checks)})";
}

public sealed record OrCheck(IReadOnlyList<PolicyCheck> Checks) : PolicyCheck
{
    public override bool Allows(PolicyContext context) => Checks.Any(c => c.Allows(context));

    public override IEnumerable<string> RuleReferences => Checks.SelectMany(c => c.RuleReferences);

    public override IEnumerable<string> TargetKeys => Checks.SelectMany(c => c.TargetKeys);

    public override string ToString() => $"({string.Join(" or ", Checks)})";
}
