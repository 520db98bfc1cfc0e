using System.Security.Claims;
using System.Text;
using Dashboard.Core.Identity;
using Dashboard.Web.Account;

namespace Dashboard.Web.Api.Identity;

/// <summary>
/// Horizon's API Access downloads for the signed-in user and project: an OpenStack RC file for identity v3 (it asks
/// for the password when sourced, never contains it) and a <c>clouds.yaml</c> (without the password) for the
/// openstack CLI and SDKs. Both name the identity endpoint as the browser reached the product, as the catalog does.
/// </summary>
public static class ApiAccess
{
    /// <summary>The cloud's entry in <c>clouds.yaml</c> (Horizon's default name).</summary>
    public const string CloudName = "openstack";

    public sealed record Credentials(string AuthUrl, string UserName, string ProjectId, string ProjectName, string Region);

    public static IEndpointRouteBuilder MapApiAccessDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/project/api-access").RequireAuthorization();
        group.MapGet("/openrc", (HttpContext c) =>
        {
            var credentials = Of(c);
            return Results.File(Encoding.UTF8.GetBytes(OpenRc(credentials)), "application/x-sh", $"{FileSafe(credentials.ProjectName)}-openrc.sh");
        });
        group.MapGet("/clouds.yaml", (HttpContext c) => Results.File(Encoding.UTF8.GetBytes(CloudsYaml(Of(c))), "application/x-yaml", "clouds.yaml"));
        return app;
    }

    /// <summary>The signed-in user's credentials as this request reached the product.</summary>
    public static Credentials Of(HttpContext c) => Of(c.User, KeystoneApi.EndpointsOf(c));

    public static Credentials Of(ClaimsPrincipal user, IdentityViews.Endpoints endpoints) => new(
        $"{endpoints.IdentityUrl}/v3",
        user.Identity?.Name ?? "",
        user.FindFirstValue(DashboardSignIn.ProjectIdClaim) ?? "",
        user.FindFirstValue(DashboardSignIn.ProjectNameClaim) ?? "",
        endpoints.Region);

    public static string OpenRc(Credentials c) => $"""
        #!/usr/bin/env bash
        # OpenStack RC file (identity API v3) for user {c.UserName} in project {c.ProjectName}.
        # Source it in a shell ("source {FileSafe(c.ProjectName)}-openrc.sh"): it asks for the password once and exports
        # the OS_* variables the openstack CLI and SDKs read. The password is never written to this file.
        export OS_AUTH_URL={Quoted(c.AuthUrl)}
        export OS_PROJECT_ID={Quoted(c.ProjectId)}
        export OS_PROJECT_NAME={Quoted(c.ProjectName)}
        export OS_USER_DOMAIN_NAME={Quoted(Domains.DefaultName)}
        export OS_PROJECT_DOMAIN_ID={Quoted(Domains.DefaultId)}
        # Identity v2.0 variables would override the v3 ones: make sure none is left from another file.
        unset OS_TENANT_ID
        unset OS_TENANT_NAME
        export OS_USERNAME={Quoted(c.UserName)}
        echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "
        read -sr OS_PASSWORD_INPUT
        export OS_PASSWORD="$OS_PASSWORD_INPUT"
        export OS_REGION_NAME={Quoted(c.Region)}
        export OS_INTERFACE=public
        export OS_IDENTITY_API_VERSION=3

        """;

    public static string CloudsYaml(Credentials c) => $"""
        # clouds.yaml for user {c.UserName} in project {c.ProjectName}: put it in ~/.config/openstack/ (or point
        # OS_CLIENT_CONFIG_FILE at it) and run "openstack --os-cloud {CloudName} ...". Add "password:" under auth, or give
        # it with --os-password or OS_PASSWORD.
        clouds:
          {CloudName}:
            auth:
              auth_url: {Yaml(c.AuthUrl)}
              username: {Yaml(c.UserName)}
              project_id: {Yaml(c.ProjectId)}
              project_name: {Yaml(c.ProjectName)}
              user_domain_name: {Yaml(Domains.DefaultName)}
              project_domain_id: {Yaml(Domains.DefaultId)}
            region_name: {Yaml(c.Region)}
            interface: "public"
            identity_api_version: 3

        """;

    /// <summary>
    /// A <c>clouds.yaml</c> that signs in with an application credential (Horizon's download after creating one): the
    /// secret is in it, so it is shown once, as the secret is.
    /// </summary>
    public static string ApplicationCredentialCloudsYaml(Credentials c, string credentialId, string secret) => $"""
        # clouds.yaml for application credential {credentialId} of user {c.UserName} in project {c.ProjectName}: put it in
        # ~/.config/openstack/ and run "openstack --os-cloud {CloudName} ...". It holds the secret: keep it as a password.
        clouds:
          {CloudName}:
            auth:
              auth_url: {Yaml(c.AuthUrl)}
              application_credential_id: {Yaml(credentialId)}
              application_credential_secret: {Yaml(secret)}
            auth_type: "v3applicationcredential"
            region_name: {Yaml(c.Region)}
            interface: "public"
            identity_api_version: 3

        """;

    // Single quotes keep every character literal in the shell; a quote inside is closed, escaped and reopened.
    private static string Quoted(string value) => $"'{value.Replace("'", "'\\''")}'";

    // A YAML double-quoted scalar: backslash and quote escaped, control characters written as escapes.
    private static string Yaml(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var ch in value)
        {
            text.Append(ch switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                < ' ' => $"\\x{(int)ch:x2}",
                _ => ch.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static string FileSafe(string name) =>
        name.Length == 0 ? "openstack" : new string(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray());
}
