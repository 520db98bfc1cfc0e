using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;

namespace Dashboard.Core.Policies;

/// <summary>
/// Who may do what, decided in one place, as oslo.policy does for Neutron and Keystone: named rules
/// with their defaults in code (the API's, Keystone's, the console's and each extension's), a
/// deployment's policy file on top. The API, the pages and the use cases ask it; nobody else
/// decides. An action no rule names falls back to <c>default</c>.
/// </summary>
public sealed class PolicyEnforcer
{
    private readonly Dictionary<string, Compiled> _rules = new(StringComparer.Ordinal);

    /// <summary>A rule as in force: its check string and whether a policy file set it.</summary>
    public sealed record Effective(string Name, string Check, string Description, bool Overridden);

    private sealed record Compiled(Effective Rule, PolicyCheck Check);

    public PolicyEnforcer(IEnumerable<PolicyRule> defaults, IReadOnlyList<PolicyFile.Entry>? overrides = null, string source = "policy file")
    {
        foreach (var rule in defaults)
        {
            if (_rules.ContainsKey(rule.Name))
            {
                throw new InvalidOperationException($"Policy rule '{rule.Name}' is declared twice.");
            }
            _rules[rule.Name] = new Compiled(new Effective(rule.Name, rule.Check, rule.Description, false), Parse(rule.Check, $"default of '{rule.Name}'"));
        }
        foreach (var entry in overrides ?? [])
        {
            PolicyCheck check;
            try
            {
                check = PolicyParser.Parse(entry.Check);
            }
            catch (PolicySyntaxException e)
            {
                throw new PolicyFileException($"{source}:{entry.Line}: rule '{entry.Name}': {e.Message}.");
            }
            var description = _rules.TryGetValue(entry.Name, out var known) ? known.Rule.Description : "Set by the policy file";
            _rules[entry.Name] = new Compiled(new Effective(entry.Name, entry.Check, description, true), check);
        }
        string Where(string name) => overrides?.FirstOrDefault(e => e.Name == name) is { } entry ? $"{source}:{entry.Line}: " : "";
        foreach (var (name, compiled) in _rules)
        {
            if (compiled.Check.RuleReferences.FirstOrDefault(r => !_rules.ContainsKey(r)) is { } missing)
            {
                throw new PolicyFileException($"{Where(name)}rule '{name}' refers to 'rule:{missing}', which no default or policy file defines.");
            }
        }
        foreach (var name in _rules.Keys)
        {
            if (CycleFrom(name, []) is { } cycle)
            {
                throw new PolicyFileException($"{Where(name)}rule '{name}' refers back to itself: {string.Join(" -> ", cycle)}.");
            }
        }
    }

    private List<string>? CycleFrom(string rule, List<string> path)
    {
        if (path.Contains(rule))
        {
            return [.. path[path.IndexOf(rule)..], rule];
        }
        path.Add(rule);
        foreach (var reference in _rules[rule].Check.RuleReferences.Distinct())
        {
            if (CycleFrom(reference, path) is { } cycle)
            {
                return cycle;
            }
        }
        path.RemoveAt(path.Count - 1);
        return null;
    }

    /// <summary>The enforcer of this deployment: the defaults, each extension's rules, and the file of <see cref="PolicyOptions.File"/>.</summary>
    public static PolicyEnforcer Create(IEnumerable<ExtensionDescriptor> extensions, PolicyOptions options, string contentRoot)
    {
        IEnumerable<PolicyRule> defaults =
        [
            .. NeutronPolicies.Base, .. NeutronPolicies.Resources, .. KeystonePolicies.Rules, .. DashboardPolicies.Rules,
            .. extensions.SelectMany(e => e.Policies),
        ];
        if (string.IsNullOrWhiteSpace(options.File))
        {
            return new PolicyEnforcer(defaults);
        }
        var path = Path.IsPathRooted(options.File) ? options.File : Path.Combine(contentRoot, options.File);
        return new PolicyEnforcer(defaults, PolicyFile.Read(path), path);
    }

    public IReadOnlyList<Effective> Rules => _rules.Values.Select(c => c.Rule).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    public bool IsDefined(string rule) => _rules.ContainsKey(rule);

    /// <summary>The target attributes <paramref name="rule"/> reads, through the rules it refers to: what a caller must put in the target.</summary>
    public IReadOnlySet<string> TargetKeys(string rule) => _targetKeys.GetOrAdd(rule, name =>
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([_rules.ContainsKey(name) ? name : "default"]);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next) && _rules.TryGetValue(next, out var compiled))
            {
                keys.UnionWith(compiled.Check.TargetKeys);
                foreach (var reference in compiled.Check.RuleReferences)
                {
                    pending.Push(reference);
                }
            }
        }
        return keys;
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> _targetKeys = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="caller"/> may do <paramref name="rule"/> to <paramref name="target"/>.</summary>
    public bool Allows(Caller caller, string rule, PolicyTarget? target = null)
    {
        var name = _rules.ContainsKey(rule) ? rule : "default";
        // A rule that reads nothing of the target (admin_only) answers the same for every item a caller lists: once per caller.
        return TargetKeys(name).Count == 0 ? AllowsAnyTarget(caller, name) : new PolicyContext(caller, target ?? PolicyTarget.Empty, this).Evaluate(name);
    }

    /// <summary>A rule that reads nothing of the target, decided once per caller (and reused inside other rules).</summary>
    internal bool AllowsAnyTarget(Caller caller, string rule) =>
        _byCaller.GetValue(caller, _ => new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal))
            .GetOrAdd(rule, n => new PolicyContext(caller, PolicyTarget.Empty, this).Evaluate(n));

    internal PolicyCheck? Check(string rule) => _rules.GetValueOrDefault(rule)?.Check;

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Caller, System.Collections.Concurrent.ConcurrentDictionary<string, bool>> _byCaller = new();

    /// <summary>Throws Neutron's <c>PolicyNotAuthorized</c> (403) unless the caller may.</summary>
    public void Enforce(Caller caller, string rule, PolicyTarget? target = null)
    {
        if (!Allows(caller, rule, target))
        {
            throw Refusal(rule);
        }
    }

    public static ForbiddenException Refusal(string rule) => new($"(rule:{rule}) is disallowed by policy");

    /// <summary>
    /// The caller of a token or a sign-in. <see cref="Caller.IsAdmin"/> is Neutron's <c>context.is_admin</c>,
    /// the <c>context_is_admin</c> rule: it widens what queries read, and decides nothing else.
    /// </summary>
    public Caller CallerOf(string userId, string userName, string projectId, IReadOnlyList<string> roles)
    {
        var caller = new Caller(userId, userName, projectId, false, roles);
        return caller with { IsAdmin = Allows(caller, "context_is_admin") };
    }

    public Caller CallerOf(Identity.TokenInfo info) =>
        CallerOf(info.User.Id, info.User.Name, info.Project?.Id ?? "", info.Roles.Select(r => r.Name).ToList()) with
        {
            ProjectDomainId = info.Project?.DomainId ?? Identity.Domains.DefaultId,
            DomainId = info.Domain?.Id,
        };

    private static PolicyCheck Parse(string check, string what)
    {
        try
        {
            return PolicyParser.Parse(check);
        }
        catch (PolicySyntaxException e)
        {
            throw new InvalidOperationException($"The {what} is not oslo.policy syntax: {e.Message}.");
        }
    }
}
