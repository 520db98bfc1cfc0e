namespace Dashboard.Core.Extensions;

/// <summary>
/// The extensions the plugin supports, and the attribute map of every collection they serve:
/// a collection's own attributes merged with those other extensions add to it. Adding an
/// extension is one descriptor and one registration (<see cref="DependencyInjection"/>).
/// </summary>
public sealed class ExtensionRegistry
{
    private readonly Dictionary<string, ResourceSpec> _resources;

    public IReadOnlyList<ExtensionDescriptor> Extensions { get; }

    public ExtensionRegistry(IEnumerable<ResourceSpec> coreResources, IEnumerable<ExtensionDescriptor> extensions)
    {
        Extensions = extensions.OrderBy(e => e.Alias, StringComparer.Ordinal).ToList();
        if (Extensions.GroupBy(e => e.Alias).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Extension alias '{duplicate.Key}' is registered twice.");
        }
        _resources = coreResources.Concat(Extensions.SelectMany(e => e.Resources)).ToDictionary(r => r.Collection);
        foreach (var (collection, added) in Extensions.SelectMany(e => e.ExtendedAttributes))
        {
            if (_resources.TryGetValue(collection, out var resource))
            {
                _resources[collection] = resource with { Attributes = [.. resource.Attributes, .. added] };
            }
        }
    }

    public ExtensionDescriptor? Find(string alias) => Extensions.FirstOrDefault(e => e.Alias == alias);

    public ResourceSpec? Resource(string collection) => _resources.GetValueOrDefault(collection);

    public IEnumerable<ResourceSpec> Resources => _resources.Values;
}
