using Dashboard.Core.Networking;

namespace Dashboard.Web.Components.Pages.Project.FloatingIps;

/// <summary>How the floating IP pages name a port: its instance's name, else its own name, else its ID's start.</summary>
internal static class PortLabel
{
    public static string Owner(Port? port, IReadOnlyDictionary<string, string> instances) =>
        port is null ? "" : instances.GetValueOrDefault(port.DeviceId) ?? (port.Name != "" ? port.Name : port.Id[..8]);
}
