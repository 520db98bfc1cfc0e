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
    [Inject] private IOptions<Dashboard.Core.CloudOptions> Cloud { get; set; } = default!;
    [Inject] private Dashboard.Core.Identity.ServiceCatalog Catalog { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var endpoints = IdentityViews.Endpoints.At(Navigation.BaseUri, Cloud.Value.Region);
        // Each service's public endpoint in the cloud's region (or its first public one), as a token's catalog gives it.
        _services = (await Catalog.EnabledAsync())
            .Select(entry => (Service: Name(entry.Service.Type), Endpoint: entry.Endpoints.Where(e => e.Interface == "public")
                .OrderBy(e => e.RegionId == Cloud.Value.Region ? 0 : 1).FirstOrDefault()))
            .Where(s => s.Endpoint is not null)
            .Select(s => (s.Service, IdentityViews.Substituted(s.Endpoint!.Url, Navigation.BaseUri)))
            .OrderBy(s => s.Item1)
            .ToList();
        _credentials = Api.Identity.ApiAccess.Of((await Authentication.GetAuthenticationStateAsync()).User, endpoints);
    }

    // Horizon shows the service type capitalised (Identity, Network).
    private static string Name(string type) => type.Length == 0 ? type : char.ToUpperInvariant(type[0]) + type[1..];
}
