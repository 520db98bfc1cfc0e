namespace Dashboard.Core.Policies;

/// <summary>
/// One named rule with its default check string, as Neutron and Keystone declare each of theirs
/// (<c>neutron/conf/policies/network.py</c>): a deployment's policy file may replace the check.
/// </summary>
public sealed record PolicyRule(string Name, string Check, string Description)
{
    /// <summary>The rules of one resource's verbs: <c>get_network</c>, <c>create_network</c>, <c>update_network</c>, <c>delete_network</c>.</summary>
    public static IEnumerable<PolicyRule> Crud(string member, string get, string write, string noun) =>
    [
        new($"get_{member}", get, $"Get a {noun}"),
        new($"create_{member}", write, $"Create a {noun}"),
        new($"update_{member}", write, $"Update a {noun}"),
        new($"delete_{member}", write, $"Delete a {noun}"),
    ];

    /// <summary>Rules on one attribute: <c>create_network:shared</c>, <c>update_network:shared</c> (and <c>get_</c> when reading it is restricted too).</summary>
    public static IEnumerable<PolicyRule> OnAttribute(string member, string attribute, string check, bool get = false, bool create = true, bool update = true)
    {
        if (get)
        {
            yield return new($"get_{member}:{attribute}", check, $"Get the {attribute} of a {member}");
        }
        if (create)
        {
            yield return new($"create_{member}:{attribute}", check, $"Specify {attribute} when creating a {member}");
        }
        if (update)
        {
            yield return new($"update_{member}:{attribute}", check, $"Update the {attribute} of a {member}");
        }
    }
}
