namespace Dashboard.Web.Components.Shared;

/// <summary>How the pages name a resource: its name, or, without one, the start of its ID in parentheses, as Horizon does.</summary>
public static class ShownName
{
    public static string Of(string name, string id) => name == "" ? $"({id[..Math.Min(8, id.Length)]})" : name;
}
