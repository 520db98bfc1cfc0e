using Dashboard.Core.Common;

namespace Dashboard.Core.Identity;

/// <summary>A Keystone project (Neutron's tenant), always in the <c>Default</c> domain.</summary>
public sealed class Project
{
    public string Id { get; init; } = NewId.Hex();
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string DomainId { get; init; } = Domains.DefaultId;

    /// <summary>Keystone's project tags: at most <see cref="ProjectTags.Max"/>, each unique.</summary>
    public List<string> Tags { get; set; } = [];
}

/// <summary>Keystone's rules for a project's tags.</summary>
public static class ProjectTags
{
    public const int Max = 80;

    /// <summary>The tags as given, checked: 1 to 255 characters, no '/' or ',', no more than <see cref="Max"/>; duplicates are kept once.</summary>
    public static List<string> Check(IEnumerable<string> tags)
    {
        var list = tags.Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in list)
        {
            if (tag.Length is 0 or > 255 || tag.Contains('/') || tag.Contains(','))
            {
                throw new Errors.InvalidInputException($"Invalid project tag '{tag}': a tag is 1 to 255 characters, without '/' or ','.", "ValidationError") { Attribute = "tags" };
            }
        }
        return list.Count > Max
            ? throw new Errors.InvalidInputException($"A project has at most {Max} tags; {list.Count} were given.", "ValidationError") { Attribute = "tags" }
            : list;
    }
}

public static class Domains
{
    public const string DefaultId = "default";
    public const string DefaultName = "Default";
}
