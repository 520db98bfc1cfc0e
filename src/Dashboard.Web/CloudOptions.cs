namespace Dashboard.Web;

/// <summary>What the cloud is called, and its region: shown in the title bar and given as the catalog's region.</summary>
public sealed class CloudOptions
{
    public const string Section = "Cloud";

    public string Name { get; set; } = "";

    /// <summary>The region of every endpoint in the service catalog (Keystone's and DevStack's default name).</summary>
    public string Region { get; set; } = "RegionOne";
}
