namespace Dashboard.Core;

/// <summary>What the cloud is called, and its region: shown in the title bar and given as the catalog's region.</summary>
public sealed class CloudOptions
{
    public const string Section = "Cloud";

    public string Name { get; set; } = "";

    /// <summary>The region the bootstrap puts the catalog's endpoints in, on an empty database (Keystone's and DevStack's default name).</summary>
    public string Region { get; set; } = "RegionOne";
}
