using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dashboard.Core.Policies;

/// <summary>A policy file that cannot be used; the message names the file, the line and the reason.</summary>
public sealed class PolicyFileException(string message) : Exception(message);

/// <summary>
/// A deployment's <c>policy.yaml</c>: a mapping of rule names to oslo.policy check strings, each
/// replacing (or adding to) the defaults. JSON, being YAML, is read too.
/// </summary>
public static class PolicyFile
{
    public sealed record Entry(string Name, string Check, int Line);

    public static IReadOnlyList<Entry> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PolicyFileException($"Policy file '{path}' does not exist.");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<Entry> Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // A rule given twice is refused here too (YamlDotNet: "Duplicate key").
            throw new PolicyFileException($"{path}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PolicyFileException($"{path}:{stream.Documents[0].RootNode.Start.Line}: a policy file is a mapping of rule names to check strings.");
        }
        var entries = new List<Entry>();
        foreach (var (key, value) in root.Children)
        {
            var line = (int)key.Start.Line;
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw new PolicyFileException($"{path}:{line}: a rule's name must be a string.");
            }
            if (value is not YamlScalarNode scalar)
            {
                throw new PolicyFileException($"{path}:{line}: rule '{name}' must be a check string, like \"role:admin or project_id:%(project_id)s\".");
            }
            entries.Add(new Entry(name, scalar.Value ?? "", line));
        }
        return entries;
    }
}
