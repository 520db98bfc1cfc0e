namespace Dashboard.Core.Seeding;

/// <summary><c>Bootstrap</c> section: as <c>keystone-manage bootstrap --bootstrap-password</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>The admin's password; when unset, a random one is generated at first start and logged once.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary><c>Demo</c> section: whether an empty database gets the demo cloud, and its users' password.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    /// <summary>Password of the demo users <c>demo</c> and <c>alt_demo</c>; when unset, random and logged once.</summary>
    public string? UserPassword { get; set; }
}
