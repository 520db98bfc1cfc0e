using Dashboard.Core.Errors;

namespace Dashboard.Core.Networking;

/// <summary>
/// How a port's extra DHCP options change, as Neutron's <c>extra_dhcp_opt</c> extension changes them: an option is
/// known by its name and IP version; a request names options to add, to give a new value, or (value null) to remove;
/// the port's other options stay.
/// </summary>
public static class ExtraDhcpOptions
{
    /// <summary>Options that may be given an empty value: dnsmasq then sends them empty (a port told it has no router).</summary>
    public static IReadOnlyList<string> Blankable { get; } = ["router", "classless-static-route"];

    public static List<ExtraDhcpOpt> Merge(IReadOnlyList<ExtraDhcpOpt> current, IReadOnlyList<ExtraDhcpOptRequest> requests)
    {
        if (requests.GroupBy(r => (r.OptName, r.IpVersion)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidInputException($"Duplicate extra DHCP option {twice.Key.OptName} for IPv{twice.Key.IpVersion} in the request.")
            {
                Attribute = "extra_dhcp_opts",
                Reason = $"{twice.Key.OptName} (IPv{twice.Key.IpVersion}) is given twice.",
            };
        }
        var options = current.ToList();
        foreach (var request in requests)
        {
            var index = options.FindIndex(o => o.OptName == request.OptName && o.IpVersion == request.IpVersion);
            if (request.OptValue is null)
            {
                if (index >= 0)
                {
                    options.RemoveAt(index);
                }
                continue;
            }
            var option = new ExtraDhcpOpt(request.OptName, request.OptValue, request.IpVersion);
            if (index >= 0)
            {
                options[index] = option;
            }
            else
            {
                options.Add(option);
            }
        }
        return options;
    }
}
