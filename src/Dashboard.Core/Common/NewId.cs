namespace Dashboard.Core.Common;

public static class NewId
{
    /// <summary>Neutron's form: a dashed UUID.</summary>
    public static string Uuid() => Guid.NewGuid().ToString();

    /// <summary>Keystone's form: 32 hex characters.</summary>
    public static string Hex() => Guid.NewGuid().ToString("N");
}
