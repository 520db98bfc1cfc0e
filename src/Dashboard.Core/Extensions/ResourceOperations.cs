using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Dashboard.Core.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Core.Extensions;

/// <summary>
/// The operations on any collection with a handler, as Neutron's API controller runs them: the
/// attribute map validates the body, the policy decides (<c>get_</c>, <c>create_</c>, <c>update_</c>,
/// <c>delete_</c> and their per-attribute rules), the handler does the work. The HTTP API, the
/// generic extension pages and the handlers (for the resources a body refers to) all come here, so
/// a rule is checked the same way wherever a request starts.
/// What another project may not see is NotFound (404); what it may see but not change is PolicyNotAuthorized (403).
/// </summary>
public sealed class ResourceOperations(ExtensionRegistry registry, PolicyEnforcer policy, Transactions transactions, IServiceProvider services)
{
    public PolicyEnforcer Policy => policy;

    private Dictionary<string, IResourceHandler>? _handlers;

    public (IResourceHandler Handler, ResourceSpec Spec) Resolve(string collection)
    {
        var handler = (_handlers ??= services.GetServices<IResourceHandler>().ToDictionary(h => h.Collection)).GetValueOrDefault(collection);
        var spec = registry.Resource(collection);
        return handler is null || spec is null
            ? throw new NotFoundException("HTTPNotFound", $"The resource could not be found: {collection}.")
            : (handler, spec);
    }

    /// <summary>
    /// The collection as the caller may list it: every item they may <c>get_</c>, with the attributes they may read. A caller who could not see
    /// even their own project's item (an admin-only collection) is refused the collection (403).
    /// </summary>
    public async Task<List<JsonObject>> ListAsync(Caller caller, string collection, CancellationToken ct)
    {
        var (handler, spec) = Resolve(collection);
        return await ReadableAsync(caller, spec, await handler.ListAsync(caller, ct), ct);
    }

    /// <summary>The views the caller may <c>get_</c>, each with only the attributes they may read: what a list answers.</summary>
    public async Task<List<JsonObject>> ReadableAsync(Caller caller, ResourceSpec spec, IEnumerable<JsonObject> views, CancellationToken ct) =>
        (await VisibleAsync(caller, spec, views, ct)).Select(v => Present(caller, spec, v)).ToList();

    /// <summary>The views the caller may <c>get_</c>, each checked with the attributes of what it refers to when the rule needs them.</summary>
    public async Task<List<JsonObject>> VisibleAsync(Caller caller, ResourceSpec spec, IEnumerable<JsonObject> views, CancellationToken ct)
    {
        var list = views.ToList();
        var parents = new Dictionary<AttributeSpec, Dictionary<string, JsonObject>>();
        foreach (var reference in NeededReferences(spec, Get(spec)))
        {
            var (handler, _) = Resolve(reference.References!);
            parents[reference] = (await handler.ListAsync(caller, ct)).Where(v => v["id"] is not null).ToDictionary(v => v["id"]!.GetValue<string>());
        }
        return list.Where(view =>
        {
            var target = PolicyTarget.Of(view);
            foreach (var (reference, known) in parents)
            {
                if (view[reference.Name] is JsonValue id && id.TryGetValue<string>(out var parentId) && known.TryGetValue(parentId, out var parent))
                {
                    target.With(parent, reference.ReferencePrefix);
                }
            }
            return policy.Allows(caller, Get(spec), target);
        }).ToList();
    }

    /// <summary>The resource's full view if the caller may <c>get_</c> it; otherwise it does not exist for them (404).</summary>
    public async Task<JsonObject> ShowAsync(Caller caller, string collection, string id, CancellationToken ct) =>
        (await FindAsync(caller, collection, id, null, ct)).View;

    /// <summary>
    /// The resource the caller may <c>get_</c> (else 404), read once, with the target of <paramref name="rule"/> too:
    /// what it refers to is read once for both rules.
    /// </summary>
    private async Task<(JsonObject View, PolicyTarget Target)> FindAsync(Caller caller, string collection, string id, string? rule, CancellationToken ct, params string[] alsoRules)
    {
        var (handler, spec) = Resolve(collection);
        var view = await handler.GetAsync(caller, id, ct);
        var target = await TargetAsync(caller, spec, view, rule is null ? [Get(spec), .. alsoRules] : [Get(spec), rule, .. alsoRules], ct);
        return policy.Allows(caller, Get(spec), target) ? (view, target) : throw NotFoundException.Of(spec.Noun, id);
    }

    /// <summary>Keeps the attributes the caller may read (<c>get_network:provider:network_type</c>...), and of those the <paramref name="fields"/> asked for.</summary>
    public JsonObject Present(Caller caller, ResourceSpec spec, JsonObject view, IReadOnlyCollection<string>? fields = null)
    {
        // Decided on the whole view first: hiding one attribute must not change the verdict on another.
        var restricted = _restricted.GetOrAdd(spec.Member, _ => spec.Attributes.Select(a => a.Name).Where(a => policy.IsDefined($"get_{spec.Member}:{a}")).ToArray());
        HashSet<string>? hidden = null;
        if (restricted.Length > 0)
        {
            var target = PolicyTarget.Of(view); // read only by rules that need it (admin_only does not)
            foreach (var attribute in restricted.Where(a => view.ContainsKey(a) && !policy.Allows(caller, $"get_{spec.Member}:{a}", target)))
            {
                (hidden ??= []).Add(attribute);
            }
        }
        return AttributeProcessor.Visible(spec, view, attribute => hidden is null || !hidden.Contains(attribute), fields);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _restricted = new();

    /// <summary>A collection whose map lets no attribute be written (network IP availability, availability zones) takes no POST or PUT: 405 before any body is read.</summary>
    private static void Writable(ResourceSpec spec, string method)
    {
        if (!spec.Attributes.Any(a => a.AllowPost || a.AllowPut))
        {
            throw new MethodNotAllowedException(method, spec.Collection);
        }
    }

    /// <summary>Creates from a request body: validated by the map, referenced resources visible (404), <c>create_</c> rules (403).</summary>
    public async Task<JsonObject> CreateAsync(Caller caller, string collection, JsonObject body, CancellationToken ct)
    {
        var (handler, spec) = Resolve(collection);
        Writable(spec, "POST");
        var attributes = AttributeProcessor.ForCreate(spec, body);
        return Present(caller, spec, await CreateParsedAsync(caller, handler, spec, attributes, ct));
    }

    /// <summary>Neutron's bulk create: every item or none, in one transaction.</summary>
    public Task<List<JsonObject>> CreateManyAsync(Caller caller, string collection, IReadOnlyList<JsonObject> bodies, CancellationToken ct)
    {
        var (handler, spec) = Resolve(collection);
        Writable(spec, "POST");
        var parsed = bodies.Select(b => AttributeProcessor.ForCreate(spec, b)).ToList();
        return transactions.WriteAsync(async _ =>
        {
            var views = new List<JsonObject>();
            foreach (var attributes in parsed)
            {
                views.Add(Present(caller, spec, await CreateParsedAsync(caller, handler, spec, attributes, ct)));
            }
            return views;
        }, ct);
    }

    public async Task<JsonObject> UpdateAsync(Caller caller, string collection, string id, JsonObject body, long? expectedRevision, CancellationToken ct)
    {
        var (handler, spec) = Resolve(collection);
        Writable(spec, "PUT");
        var attributes = AttributeProcessor.ForUpdate(spec, body);
        // The rules on the attributes changed read the target too (update_port:port_security_enabled: the network's owner).
        var (_, target) = await FindAsync(caller, collection, id, Update(spec), ct,
            [.. attributes.Keys.Select(a => $"{Update(spec)}:{a}").Where(policy.IsDefined)]);
        await ReferencesAsync(caller, spec, attributes, target, ct);
        foreach (var (name, value) in attributes)
        {
            target.With(name, value);
        }
        Enforce(caller, Update(spec), attributes.Keys, target);
        return Present(caller, spec, await handler.UpdateAsync(caller, id, attributes, expectedRevision, ct));
    }

    public async Task DeleteAsync(Caller caller, string collection, string id, long? expectedRevision, CancellationToken ct)
    {
        var (handler, spec) = Resolve(collection);
        var (_, target) = await FindAsync(caller, collection, id, $"delete_{spec.Member}", ct);
        policy.Enforce(caller, $"delete_{spec.Member}", target);
        await handler.DeleteAsync(caller, id, expectedRevision, ct);
    }

    /// <summary>Several operations as one: all of them or none (Horizon's Create Network makes a network and its subnet so).</summary>
    public Task<T> AtomicallyAsync<T>(Func<Task<T>> work, CancellationToken ct) => transactions.WriteAsync(_ => work(), ct);

    /// <summary>
    /// An action on a resource the caller must see (404) and may do <paramref name="rule"/> to (403): a router interface,
    /// a tag. <paramref name="extra"/> adds what the action names (a router interface's subnet), read once the resource is found.
    /// </summary>
    public async Task<JsonObject> AuthorizeActionAsync(Caller caller, string collection, string id, string rule, CancellationToken ct, Func<Task<PolicyTarget>>? extra = null)
    {
        var (view, target) = await FindAsync(caller, collection, id, rule, ct);
        policy.Enforce(caller, rule, extra is null ? target : target.WithAll(await extra()));
        return view;
    }

    private async Task<JsonObject> CreateParsedAsync(Caller caller, IResourceHandler handler, ResourceSpec spec, Dictionary<string, JsonNode?> attributes, CancellationToken ct)
    {
        var target = PolicyTarget.Of(new JsonObject(attributes.Select(a => KeyValuePair.Create(a.Key, a.Value?.DeepClone()))));
        var project = attributes.ProjectFor(caller);
        target.With("project_id", project).With("tenant_id", project);
        await ReferencesAsync(caller, spec, attributes, target, ct);
        Enforce(caller, $"create_{spec.Member}", AttributeProcessor.ExplicitlySet(spec, attributes), target);
        return await handler.CreateAsync(caller, attributes, ct);
    }

    /// <summary>Every resource the body names must be visible to the caller (else NotFound); single ones join the target under their prefix.</summary>
    private async Task ReferencesAsync(Caller caller, ResourceSpec spec, IReadOnlyDictionary<string, JsonNode?> attributes, PolicyTarget target, CancellationToken ct)
    {
        foreach (var reference in spec.Attributes.Where(a => a.References is not null && attributes.ContainsKey(a.Name)))
        {
            switch (attributes[reference.Name])
            {
                case JsonValue single when single.TryGetValue<string>(out var id):
                    target.With(await ShowAsync(caller, reference.References!, id, ct), reference.ReferencePrefix);
                    break;
                case JsonArray many:
                    foreach (var id in many.Select(i => i?.GetValue<string>()).OfType<string>())
                    {
                        await ShowAsync(caller, reference.References!, id, ct);
                    }
                    break;
            }
        }
    }

    /// <summary>The target of rules on an existing resource: its view, with what it refers to when one of the rules needs it.</summary>
    private async Task<PolicyTarget> TargetAsync(Caller caller, ResourceSpec spec, JsonObject view, string[] rules, CancellationToken ct)
    {
        var target = PolicyTarget.Of(view);
        foreach (var reference in rules.SelectMany(r => NeededReferences(spec, r)).Distinct())
        {
            if (view[reference.Name] is JsonValue id && id.TryGetValue<string>(out var parentId))
            {
                var (handler, _) = Resolve(reference.References!);
                try
                {
                    target.With(await handler.GetAsync(caller, parentId, ct), reference.ReferencePrefix);
                }
                catch (NotFoundException)
                {
                    // What it referred to is gone: the rules reading it are false.
                }
            }
        }
        return target;
    }

    private IEnumerable<AttributeSpec> NeededReferences(ResourceSpec spec, string rule)
    {
        var keys = policy.TargetKeys(rule);
        return spec.Attributes.Where(a => a.References is not null && keys.Any(k => k.StartsWith($"{a.ReferencePrefix}:", StringComparison.Ordinal)));
    }

    private void Enforce(Caller caller, string action, IEnumerable<string> attributes, PolicyTarget target)
    {
        policy.Enforce(caller, action, target);
        foreach (var attribute in attributes)
        {
            if (policy.IsDefined($"{action}:{attribute}"))
            {
                policy.Enforce(caller, $"{action}:{attribute}", target);
            }
        }
    }

    private static string Get(ResourceSpec spec) => $"get_{spec.Member}";

    private static string Update(ResourceSpec spec) => $"update_{spec.Member}";
}
