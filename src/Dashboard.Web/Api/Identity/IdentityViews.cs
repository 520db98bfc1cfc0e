using System.Text.Json.Nodes;
using Dashboard.Core.Identity;

namespace Dashboard.Web.Api.Identity;

/// <summary>Keystone v3 JSON shapes.</summary>
public static class IdentityViews
{
    /// <summary>Where the catalog's endpoints are, as the request reached us, and their region.</summary>
    public sealed record Endpoints(string IdentityUrl, string NetworkUrl, string Region)
    {
        /// <summary>The endpoints of the product served at <paramref name="baseUrl"/> (scheme, host and path base).</summary>
        public static Endpoints At(string baseUrl, string region)
        {
            var root = baseUrl.TrimEnd('/');
            return new($"{root}/identity", $"{root}/networking/", region);
        }
    }

    public static string Time(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");

    public static JsonObject Domain(Domain d, string baseUrl) => new()
    {
        ["id"] = d.Id,
        ["name"] = d.Name,
        ["description"] = d.Description,
        ["enabled"] = d.Enabled,
        ["tags"] = new JsonArray(),
        ["options"] = new JsonObject(),
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/domains/{d.Id}" },
    };

    public static JsonObject Group(Group g, string baseUrl) => new()
    {
        ["id"] = g.Id,
        ["name"] = g.Name,
        ["description"] = g.Description,
        ["domain_id"] = g.DomainId,
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/groups/{g.Id}" },
    };

    public static JsonObject Project(Project p, string baseUrl) => new()
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["description"] = p.Description,
        ["enabled"] = p.Enabled,
        ["domain_id"] = p.DomainId,
        ["parent_id"] = p.DomainId,
        ["is_domain"] = false,
        ["tags"] = new JsonArray(p.Tags.Select(t => (JsonNode?)t).ToArray()),
        ["options"] = new JsonObject(),
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/projects/{p.Id}" },
    };

    public static JsonObject User(User u, string baseUrl)
    {
        // Keystone returns a user's extra attributes beside its own, which win a clash.
        var view = JsonNode.Parse(u.Extra) as JsonObject ?? [];
        foreach (var (key, value) in new JsonObject
        {
            ["id"] = u.Id,
            ["name"] = u.Name,
            ["domain_id"] = u.DomainId,
            ["enabled"] = u.Enabled,
            ["password_expires_at"] = null,
            ["options"] = new JsonObject(),
            ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/users/{u.Id}" },
        })
        {
            view[key] = value?.DeepClone();
        }
        if (u.DefaultProjectId is not null)
        {
            view["default_project_id"] = u.DefaultProjectId;
        }
        if (u.Email != "")
        {
            view["email"] = u.Email;
        }
        if (u.Description != "")
        {
            view["description"] = u.Description;
        }
        return view;
    }

    public static JsonObject Role(Role r, string baseUrl) => new()
    {
        ["id"] = r.Id,
        ["name"] = r.Name,
        ["domain_id"] = r.DomainId,
        ["description"] = null,
        ["options"] = r.IsImmutable ? new JsonObject { ["immutable"] = true } : new JsonObject(),
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/roles/{r.Id}" },
    };

    /// <summary>A role as an inference rule names it: its ID, name and link.</summary>
    public static JsonObject RoleReference(Role r, string baseUrl) => new()
    {
        ["id"] = r.Id,
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/roles/{r.Id}" },
        ["name"] = r.Name,
    };

    /// <summary>Keystone's body of one inference rule: the prior role, the role it implies, and the rule's link.</summary>
    public static JsonObject RoleInference((Role Prior, Role Implied) rule, string baseUrl) => new()
    {
        ["role_inference"] = new JsonObject { ["prior_role"] = RoleReference(rule.Prior, baseUrl), ["implies"] = RoleReference(rule.Implied, baseUrl) },
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/roles/{rule.Prior.Id}/implies/{rule.Implied.Id}" },
    };

    public static JsonObject Token(TokenInfo info, JsonArray catalog)
    {
        var token = new JsonObject
        {
            ["methods"] = new JsonArray(info.Token.Methods.Split(',').Select(m => (JsonNode?)m).ToArray()),
            ["user"] = new JsonObject
            {
                ["id"] = info.User.Id, ["name"] = info.User.Name, ["domain"] = new JsonObject { ["id"] = info.User.DomainId, ["name"] = info.UserDomainName },
                ["password_expires_at"] = null,
            },
            ["audit_ids"] = new JsonArray(info.Token.AuditId),
            ["expires_at"] = Time(info.Token.ExpiresAt),
            ["issued_at"] = Time(info.Token.IssuedAt),
        };
        if (info.Project is { } project)
        {
            token["project"] = new JsonObject { ["id"] = project.Id, ["name"] = project.Name, ["domain"] = new JsonObject { ["id"] = project.DomainId, ["name"] = info.ProjectDomainName } };
            token["is_domain"] = false;
        }
        else if (info.Domain is { } domain)
        {
            token["domain"] = new JsonObject { ["id"] = domain.Id, ["name"] = domain.Name };
        }
        else if (info.Token.System)
        {
            token["system"] = new JsonObject { [SystemRoleAssignment.All] = true };
        }
        if (info.Project is not null || info.Domain is not null || info.Token.System)
        {
            token["roles"] = new JsonArray(info.Roles.Select(r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["name"] = r.Name }).ToArray());
            token["catalog"] = catalog;
        }
        if (info.ApplicationCredential is { } credential)
        {
            token["application_credential"] = new JsonObject { ["id"] = credential.Id, ["name"] = credential.Name, ["restricted"] = !credential.Unrestricted };
        }
        return new JsonObject { ["token"] = token };
    }

    /// <summary>
    /// A token's service catalog: each enabled service with its enabled endpoints, their URLs' substitutions filled:
    /// <c>$(base_url)s</c> (where the request reached the product), <c>$(project_id)s</c> / <c>$(tenant_id)s</c> and
    /// <c>$(user_id)s</c> (the token's).
    /// </summary>
    public static JsonArray Catalog(IEnumerable<(Service Service, List<ServiceEndpoint> Endpoints)> catalog, string baseUrl, string? projectId = null, string? userId = null) =>
        new(catalog.Select(entry => (JsonNode?)new JsonObject
        {
            ["id"] = entry.Service.Id,
            ["type"] = entry.Service.Type,
            ["name"] = entry.Service.Name,
            ["endpoints"] = new JsonArray(entry.Endpoints.Select(e => (JsonNode?)new JsonObject
            {
                ["id"] = e.Id,
                ["interface"] = e.Interface,
                ["region"] = e.RegionId,
                ["region_id"] = e.RegionId,
                ["url"] = Substituted(e.Url, baseUrl, projectId, userId),
            }).ToArray()),
        }).ToArray());

    public static string Substituted(string url, string baseUrl, string? projectId = null, string? userId = null)
    {
        var filled = url.Replace(ServiceCatalog.BaseUrl, baseUrl.TrimEnd('/'), StringComparison.Ordinal);
        if (projectId is not null)
        {
            filled = filled.Replace("$(project_id)s", projectId, StringComparison.Ordinal).Replace("$(tenant_id)s", projectId, StringComparison.Ordinal);
        }
        return userId is null ? filled : filled.Replace("$(user_id)s", userId, StringComparison.Ordinal);
    }

    public static JsonObject Region(Region r, string baseUrl) => new()
    {
        ["id"] = r.Id,
        ["description"] = r.Description,
        ["parent_region_id"] = r.ParentRegionId,
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/regions/{r.Id}" },
    };

    public static JsonObject Service(Service s, string baseUrl) => new()
    {
        ["id"] = s.Id,
        ["type"] = s.Type,
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["enabled"] = s.Enabled,
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/services/{s.Id}" },
    };

    public static JsonObject Endpoint(ServiceEndpoint e, string baseUrl) => new()
    {
        ["id"] = e.Id,
        ["service_id"] = e.ServiceId,
        ["interface"] = e.Interface,
        ["region"] = e.RegionId,
        ["region_id"] = e.RegionId,
        ["url"] = e.Url,
        ["enabled"] = e.Enabled,
        ["links"] = new JsonObject { ["self"] = $"{baseUrl}/v3/endpoints/{e.Id}" },
    };
}
