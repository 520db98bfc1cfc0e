using Dashboard.Web.Api.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages.Project;

/// <summary>
/// Horizon's Project &gt; API Access: the service catalog's public endpoints (the catalog a token carries, from the
/// same code), the user's credentials, and the RC file and clouds.yaml to download.
/// </summary>
public partial class ApiAccess
{
    private List<(string Service, string Url)> _services = [];
    private Api.Identity.ApiAccess.Credentials? _credentials;
    private bool _showCredentials;

    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;
    [Inject] private IOptions<CloudOptions> Cloud { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var endpoints = IdentityViews.Endpoints.At(Navigation.BaseUri, Cloud.Value.Region);
        _services = IdentityViews.Catalog(endpoints)
            .Select(service => (Name(service!["type"]!.GetValue<string>()),
                service["endpoints"]!.AsArray().First(e => e!["interface"]!.GetValue<string>() == "public")!["url"]!.GetValue<string>()))
            .OrderBy(s => s.Item1)
            .ToList();
        _credentials = Api.Identity.ApiAccess.Of((await Authentication.GetAuthenticationStateAsync()).User, endpoints);
    }

    // Horizon shows the service type capitalised (Identity, Network).
    private static string Name(string type) => type.Length == 0 ? type : char.ToUpperInvariant(type[0]) + type[1..];
}
