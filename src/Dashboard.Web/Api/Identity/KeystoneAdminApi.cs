using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Core.Policies;

namespace Dashboard.Web.Api.Identity;

/// <summary>The admin part of Keystone v3 the <c>openstack</c> CLI uses: domains, projects, users, roles, role assignments.</summary>
public static class KeystoneAdminApi
{
    public static RouteGroupBuilder MapKeystoneAdmin(this RouteGroupBuilder v3)
    {
        v3.MapGet("/domains", (HttpContext c, IdentityService identity, string? name, string? enabled) => Admin(c, "identity:list_domains", async (ct, url) =>
            List("domains", (await identity.ListDomainsAsync(ct)).Where(d => (name is null || d.Name == name) && (enabled is null || d.Enabled == IsTrue(enabled)))
                .Select(d => IdentityViews.Domain(d, url)))));
        v3.MapGet("/domains/{id}", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:get_domain", async (ct, url) =>
            One("domain", IdentityViews.Domain(await identity.FindDomainAsync(id, ct) ?? throw new NotFoundException("DomainNotFound", $"Could not find domain: {id}."), url))));
        v3.MapPost("/domains", (HttpContext c, IdentityService identity) => Admin(c, "identity:create_domain", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "domain");
            var domain = await identity.CreateDomainAsync(Text(body, "name") ?? "", Text(body, "description") ?? "", Flag(body, "enabled") ?? true, ct);
            return One("domain", IdentityViews.Domain(domain, url), 201);
        }));
        v3.MapMethods("/domains/{id}", ["PATCH"], (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:update_domain", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "domain");
            return One("domain", IdentityViews.Domain(await identity.UpdateDomainAsync(id, Text(body, "name"), Text(body, "description"), Flag(body, "enabled"), ct), url));
        }));
        MapDelete<IdentityService>(v3, "/domains/{id}", "identity:delete_domain", (s, id, ct) => s.DeleteDomainAsync(id, ct));

        // The catalog: regions, services, endpoints.
        v3.MapGet("/regions", (HttpContext c, ServiceCatalog catalog, string? parent_region_id) => Admin(c, "identity:list_regions", async (ct, url) =>
            List("regions", (await catalog.ListRegionsAsync(parent_region_id, ct)).Select(r => IdentityViews.Region(r, url)))));
        v3.MapGet("/regions/{id}", (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:get_region", async (ct, url) =>
            One("region", IdentityViews.Region(await catalog.GetRegionAsync(id, ct), url))));
        v3.MapPost("/regions", (HttpContext c, ServiceCatalog catalog) => Admin(c, "identity:create_region", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "region");
            return One("region", IdentityViews.Region(await catalog.CreateRegionAsync(Text(body, "id"), Text(body, "description") ?? "", Text(body, "parent_region_id"), ct), url), 201);
        }));
        v3.MapPut("/regions/{id}", (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:create_region", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "region");
            return One("region", IdentityViews.Region(await catalog.CreateRegionAsync(id, Text(body, "description") ?? "", Text(body, "parent_region_id"), ct), url), 201);
        }));
        v3.MapMethods("/regions/{id}", ["PATCH"], (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:update_region", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "region");
            return One("region", IdentityViews.Region(await catalog.UpdateRegionAsync(id, Text(body, "description"), Text(body, "parent_region_id"), body.ContainsKey("parent_region_id"), ct), url));
        }));
        MapDelete<ServiceCatalog>(v3, "/regions/{id}", "identity:delete_region", (s, id, ct) => s.DeleteRegionAsync(id, ct));
        v3.MapGet("/services", (HttpContext c, ServiceCatalog catalog, string? type, string? name) => Admin(c, "identity:list_services", async (ct, url) =>
            List("services", (await catalog.ListServicesAsync(type, ct)).Where(s => name is null || s.Name == name).Select(s => IdentityViews.Service(s, url)))));
        v3.MapGet("/services/{id}", (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:get_service", async (ct, url) =>
            One("service", IdentityViews.Service(await catalog.GetServiceAsync(id, ct), url))));
        v3.MapPost("/services", (HttpContext c, ServiceCatalog catalog) => Admin(c, "identity:create_service", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "service");
            var service = await catalog.CreateServiceAsync(Text(body, "type") ?? "", Text(body, "name") ?? "", Text(body, "description") ?? "", Flag(body, "enabled") ?? true, ct);
            return One("service", IdentityViews.Service(service, url), 201);
        }));
        v3.MapMethods("/services/{id}", ["PATCH"], (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:update_service", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "service");
            return One("service", IdentityViews.Service(await catalog.UpdateServiceAsync(id, Text(body, "type"), Text(body, "name"), Text(body, "description"), Flag(body, "enabled"), ct), url));
        }));
        MapDelete<ServiceCatalog>(v3, "/services/{id}", "identity:delete_service", (s, id, ct) => s.DeleteServiceAsync(id, ct));
        v3.MapGet("/endpoints", (HttpContext c, ServiceCatalog catalog, string? service_id, string? @interface, string? region_id) => Admin(c, "identity:list_endpoints", async (ct, url) =>
            List("endpoints", (await catalog.ListEndpointsAsync(service_id, @interface, region_id, ct)).Select(e => IdentityViews.Endpoint(e, url)))));
        v3.MapGet("/endpoints/{id}", (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:get_endpoint", async (ct, url) =>
            One("endpoint", IdentityViews.Endpoint(await catalog.GetEndpointAsync(id, ct), url))));
        v3.MapPost("/endpoints", (HttpContext c, ServiceCatalog catalog) => Admin(c, "identity:create_endpoint", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "endpoint");
            var endpoint = await catalog.CreateEndpointAsync(Text(body, "service_id") ?? "", Text(body, "interface") ?? "", Text(body, "url") ?? "",
                Text(body, "region_id") ?? Text(body, "region"), Flag(body, "enabled") ?? true, ct);
            return One("endpoint", IdentityViews.Endpoint(endpoint, url), 201);
        }));
        v3.MapMethods("/endpoints/{id}", ["PATCH"], (HttpContext c, ServiceCatalog catalog, string id) => Admin(c, "identity:update_endpoint", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "endpoint");
            var endpoint = await catalog.UpdateEndpointAsync(id, Text(body, "service_id"), Text(body, "interface"), Text(body, "url"), Text(body, "region_id") ?? Text(body, "region"),
                Flag(body, "enabled"), ct);
            return One("endpoint", IdentityViews.Endpoint(endpoint, url));
        }));
        MapDelete<ServiceCatalog>(v3, "/endpoints/{id}", "identity:delete_endpoint", (s, id, ct) => s.DeleteEndpointAsync(id, ct));

        v3.MapGet("/groups", (HttpContext c, IdentityService identity, string? name, string? domain_id) => Admin(c, "identity:list_groups", async (ct, url) =>
            List("groups", (await identity.ListGroupsAsync(domain_id, ct)).Where(g => name is null || g.Name == name).Select(g => IdentityViews.Group(g, url)))));
        v3.MapGet("/groups/{id}", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:get_group", async (ct, url) =>
            One("group", IdentityViews.Group(await identity.GetGroupAsync(id, ct), url))));
        v3.MapPost("/groups", (HttpContext c, IdentityService identity) => Admin(c, "identity:create_group", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "group");
            var group = await identity.CreateGroupAsync(Text(body, "name") ?? "", Text(body, "description") ?? "", Text(body, "domain_id") ?? Domains.DefaultId, ct);
            return One("group", IdentityViews.Group(group, url), 201);
        }));
        v3.MapMethods("/groups/{id}", ["PATCH"], (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:update_group", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "group");
            return One("group", IdentityViews.Group(await identity.UpdateGroupAsync(id, Text(body, "name"), Text(body, "description"), ct), url));
        }));
        MapDelete<IdentityService>(v3, "/groups/{id}", "identity:delete_group", (s, id, ct) => s.DeleteGroupAsync(id, ct));
        v3.MapGet("/groups/{g}/users", (HttpContext c, IdentityService identity, string g) => Admin(c, "identity:list_users_in_group", async (ct, url) =>
            List("users", (await identity.MembersOfAsync(g, ct)).Select(u => IdentityViews.User(u, url)))));
        v3.MapPut("/groups/{g}/users/{u}", (HttpContext c, IdentityService identity, string g, string u) => Admin(c, "identity:add_user_to_group", async (ct, _) =>
        {
            await identity.AddMemberAsync(g, u, ct);
            return Results.NoContent();
        }));
        v3.MapMethods("/groups/{g}/users/{u}", ["HEAD", "GET"], (HttpContext c, IdentityService identity, string g, string u) => Admin(c, "identity:check_user_in_group", async (ct, _) =>
            await identity.IsMemberAsync(g, u, ct) ? Results.NoContent() : throw new NotFoundException("NotFound", $"User '{u}' not found in group '{g}'.")));
        v3.MapDelete("/groups/{g}/users/{u}", (HttpContext c, IdentityService identity, string g, string u) => Admin(c, "identity:remove_user_from_group", async (ct, _) =>
        {
            await identity.RemoveMemberAsync(g, u, ct);
            return Results.NoContent();
        }));
        v3.MapGet("/users/{id}/groups", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:list_groups_for_user", async (ct, url) =>
            List("groups", (await identity.GroupsOfAsync(id, ct)).Select(g =>
            {
                var view = IdentityViews.Group(g, url);
                view["membership_expires_at"] = null;
                return view;
            }))));

        v3.MapGet("/projects", (HttpContext c, IdentityService identity, string? name, string? enabled, string? domain_id, string? parent_id) => Admin(c, "identity:list_projects", async (ct, url) =>
        {
            var tags = TagFilters.Of(c.Request.Query);
            // Projects are flat: each one's parent is its domain.
            return List("projects", (await identity.ListProjectsAsync(ct))
                .Where(p => (name is null || p.Name == name) && (enabled is null || p.Enabled == IsTrue(enabled)) && (domain_id is null || p.DomainId == domain_id)
                    && (parent_id is null || p.DomainId == parent_id) && tags.Matches(p.Tags))
                .Select(p => IdentityViews.Project(p, url)));
        }));
        // Project tags: list, replace all, check one, add one, remove one, remove all.
        v3.MapGet("/projects/{id}/tags", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:get_project_tags", async (ct, _) =>
            Tags((await ProjectAsync(identity, id, ct)).Tags)));
        v3.MapPut("/projects/{id}/tags", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:update_project_tags", async (ct, _) =>
        {
            var tags = (await JsonBody.ReadAsync(c.Request, ct))["tags"] as JsonArray
                ?? throw new InvalidInputException("'tags' is a required property", "ValidationError") { Attribute = "tags" };
            return Tags((await identity.UpdateProjectAsync(id, tags: tags.Select(t => t?.GetValue<string>() ?? "").ToList(), ct: ct)).Tags);
        }));
        v3.MapGet("/projects/{id}/tags/{tag}", (HttpContext c, IdentityService identity, string id, string tag) => Admin(c, "identity:get_project_tag", async (ct, _) =>
            (await ProjectAsync(identity, id, ct)).Tags.Contains(tag) ? Results.NoContent() : throw new NotFoundException("NotFound", $"Could not find tag: {tag}.")));
        v3.MapMethods("/projects/{id}/tags/{tag}", ["HEAD"], (HttpContext c, IdentityService identity, string id, string tag) => Admin(c, "identity:get_project_tag", async (ct, _) =>
            (await ProjectAsync(identity, id, ct)).Tags.Contains(tag) ? Results.NoContent() : throw new NotFoundException("NotFound", $"Could not find tag: {tag}.")));
        v3.MapPut("/projects/{id}/tags/{tag}", (HttpContext c, IdentityService identity, string id, string tag) => Admin(c, "identity:create_project_tag", async (ct, url) =>
        {
            await identity.AddProjectTagAsync(id, tag, ct);
            c.Response.Headers.Location = $"{url}/v3/projects/{id}/tags/{Uri.EscapeDataString(tag)}";
            return Results.StatusCode(201);
        }));
        v3.MapDelete("/projects/{id}/tags/{tag}", (HttpContext c, IdentityService identity, string id, string tag) => Admin(c, "identity:delete_project_tag", async (ct, _) =>
        {
            await identity.RemoveProjectTagAsync(id, tag, ct);
            return Results.NoContent();
        }));
        v3.MapDelete("/projects/{id}/tags", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:delete_project_tags", async (ct, _) =>
        {
            await identity.UpdateProjectAsync(id, tags: [], ct: ct);
            return Results.NoContent();
        }));
        // The projects a user has a role on (Horizon's login asks it of the user's own token).
        v3.MapGet("/users/{id}/projects", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:list_user_projects", async (ct, url) =>
        {
            _ = await identity.FindUserAsync(id, ct) is { } u && u.Id == id ? u : throw NotFoundException.Of("user", id);
            var theirs = (await identity.ListEffectiveAssignmentsAsync(null, id, ct)).Select(a => a.ProjectId).ToHashSet(StringComparer.Ordinal);
            return List("projects", (await identity.ListProjectsAsync(ct)).Where(p => theirs.Contains(p.Id)).Select(p => IdentityViews.Project(p, url)));
        }));
        v3.MapGet("/projects/{id}", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:get_project", async (ct, url) =>
            One("project", IdentityViews.Project(await ProjectAsync(identity, id, ct), url))));
        v3.MapPost("/projects", (HttpContext c, IdentityService identity) => Admin(c, "identity:create_project", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "project");
            var project = await identity.CreateProjectAsync(Text(body, "name") ?? "", Text(body, "description") ?? "", Flag(body, "enabled") ?? true, TagList(body), ct,
                Text(body, "domain_id") ?? Domains.DefaultId);
            return One("project", IdentityViews.Project(project, url), 201);
        }));
        v3.MapMethods("/projects/{id}", ["PATCH"], (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:update_project", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "project");
            var project = await identity.UpdateProjectAsync(id, Text(body, "name"), Text(body, "description"), Flag(body, "enabled"), TagList(body), ct);
            return One("project", IdentityViews.Project(project, url));
        }));
        MapDelete<IdentityService>(v3, "/projects/{id}", "identity:delete_project", (s, id, ct) => s.DeleteProjectAsync(id, ct));

        v3.MapGet("/users", (HttpContext c, IdentityService identity, string? name, string? enabled, string? domain_id) => Admin(c, "identity:list_users", async (ct, url) =>
            List("users", (await identity.ListUsersAsync(ct))
                .Where(u => (name is null || u.Name == name) && (enabled is null || u.Enabled == IsTrue(enabled)) && (domain_id is null || u.DomainId == domain_id))
                .Select(u => IdentityViews.User(u, url)))));
        // A user's application credentials: made from their project-scoped token, each for that project and some of its roles.
        v3.MapPost("/users/{id}/application_credentials", (HttpContext c, ApplicationCredentials credentials, string id) => Admin(c, "identity:create_application_credential", async (info, ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "application_credential");
            var expires = Text(body, "expires_at") is { } at
                ? DateTime.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new InvalidInputException($"Invalid expires_at '{at}': an ISO 8601 time.", "ValidationError") { Attribute = "expires_at" }
                : (DateTime?)null;
            var roles = body["roles"] is JsonArray asked ? asked.Select(r => r?["id"]?.GetValue<string>() ?? r?["name"]?.GetValue<string>() ?? "").ToList() : null;
            var (credential, secret) = await credentials.CreateAsync(CredentialOwner.Of(info), Text(body, "name") ?? "", Text(body, "description") ?? "", Text(body, "secret"), expires, roles,
                Flag(body, "unrestricted") ?? false, ct);
            var view = await ApplicationCredentialViewAsync(c, credential, url, ct);
            view["secret"] = secret;
            return One("application_credential", view, 201);
        }));
        v3.MapGet("/users/{id}/application_credentials", (HttpContext c, ApplicationCredentials credentials, IdentityService identity, string id, string? name) => Admin(c, "identity:list_application_credentials", async (ct, url) =>
        {
            var roles = await identity.ListRolesAsync(ct);
            return List("application_credentials", (await credentials.ListAsync(id, name, ct)).Select(a => ApplicationCredentialView(a, roles, url)));
        }));
        v3.MapGet("/users/{id}/application_credentials/{credential}", (HttpContext c, ApplicationCredentials credentials, string id, string credential) =>
            Admin(c, "identity:get_application_credential", async (ct, url) => One("application_credential", await ApplicationCredentialViewAsync(c, await credentials.GetAsync(id, credential, ct), url, ct))));
        v3.MapDelete("/users/{id}/application_credentials/{credential}", (HttpContext c, ApplicationCredentials credentials, string id, string credential) =>
            Admin(c, "identity:delete_application_credential", async (info, ct, _) =>
            {
                await credentials.DeleteAsync(CredentialOwner.Of(info), id, credential, ct);
                return Results.NoContent();
            }));
        v3.MapGet("/users/{id}", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:get_user", async (ct, url) =>
            One("user", IdentityViews.User(await identity.FindUserAsync(id, ct) is { } u && u.Id == id ? u : throw NotFoundException.Of("user", id), url))));
        v3.MapPost("/users", (HttpContext c, IdentityService identity) => Admin(c, "identity:create_user", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "user");
            var user = await identity.CreateUserAsync(Text(body, "name") ?? "", Text(body, "password"), Text(body, "default_project_id"),
                Text(body, "email") ?? "", Flag(body, "enabled") ?? true, Text(body, "description") ?? "", Extra(body), ct, Text(body, "domain_id") ?? Domains.DefaultId);
            return One("user", IdentityViews.User(user, url), 201);
        }));
        v3.MapMethods("/users/{id}", ["PATCH"], (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:update_user", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "user");
            var user = await identity.UpdateUserAsync(id, Text(body, "password"), Flag(body, "enabled"), Text(body, "email"), Text(body, "default_project_id"),
                Text(body, "name"), Text(body, "description"), Extra(body), ct);
            return One("user", IdentityViews.User(user, url));
        }));
        MapDelete<IdentityService>(v3, "/users/{id}", "identity:delete_user", (s, id, ct) => s.DeleteUserAsync(id, ct));

        // The global roles, or with ?domain_id= that domain's own (Keystone lists the one kind or the other).
        v3.MapGet("/roles", (HttpContext c, IdentityService identity, string? name, string? domain_id) =>
            Admin(c, string.IsNullOrEmpty(domain_id) ? "identity:list_roles" : "identity:list_domain_roles", async (ct, url) =>
                List("roles", (await identity.ListRolesOfAsync(NullIfEmpty(domain_id), ct)).Where(r => name is null || r.Name == name).Select(r => IdentityViews.Role(r, url)))));
        v3.MapGet("/roles/{id}", (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:get_role", async (ct, url) =>
            One("role", IdentityViews.Role((await identity.ListRolesAsync(ct)).FirstOrDefault(r => r.Id == id) ?? throw NotFoundException.Of("role", id), url))));
        v3.MapPost("/roles", (HttpContext c, IdentityService identity) => Admin(c, "identity:create_role", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "role");
            return One("role", IdentityViews.Role(await identity.CreateRoleAsync(Text(body, "name") ?? "", Text(body, "domain_id"), ct), url), 201);
        }));
        v3.MapMethods("/roles/{id}", ["PATCH"], (HttpContext c, IdentityService identity, string id) => Admin(c, "identity:update_role", async (ct, url) =>
        {
            var body = JsonBody.Envelope(await JsonBody.ReadAsync(c.Request, ct), "role");
            return One("role", IdentityViews.Role(await identity.UpdateRoleAsync(id, Text(body, "name") ?? "", ct), url));
        }));
        MapDelete<IdentityService>(v3, "/roles/{id}", "identity:delete_role", (s, id, ct) => s.DeleteRoleAsync(id, ct));

        // Role inference rules: a prior role implies others.
        v3.MapGet("/roles/{p}/implies", (HttpContext c, IdentityService identity, string p) => Admin(c, "identity:list_implied_roles", async (ct, url) =>
        {
            var implied = await identity.ImpliedByAsync(p, ct);
            var prior = (await identity.ListRolesAsync(ct)).First(r => r.Id == p);
            return Results.Json(new JsonObject
            {
                ["role_inference"] = new JsonObject
                {
                    ["prior_role"] = IdentityViews.RoleReference(prior, url),
                    ["implies"] = new JsonArray(implied.Select(r => (JsonNode?)IdentityViews.RoleReference(r, url)).ToArray()),
                },
                ["links"] = new JsonObject { ["self"] = $"{url}/v3/roles/{p}/implies" },
            });
        }));
        v3.MapGet("/roles/{p}/implies/{i}", (HttpContext c, IdentityService identity, string p, string i) => Admin(c, "identity:get_implied_role", async (ct, url) =>
            Results.Json(IdentityViews.RoleInference(await identity.InferenceAsync(p, i, ct), url))));
        v3.MapMethods("/roles/{p}/implies/{i}", ["HEAD"], (HttpContext c, IdentityService identity, string p, string i) => Admin(c, "identity:check_implied_role", async (ct, _) =>
        {
            await identity.InferenceAsync(p, i, ct);
            return Results.NoContent();
        }));
        v3.MapPut("/roles/{p}/implies/{i}", (HttpContext c, IdentityService identity, string p, string i) => Admin(c, "identity:create_implied_role", async (ct, url) =>
            Results.Json(IdentityViews.RoleInference(await identity.CreateInferenceAsync(p, i, ct), url), statusCode: 201)));
        v3.MapDelete("/roles/{p}/implies/{i}", (HttpContext c, IdentityService identity, string p, string i) => Admin(c, "identity:delete_implied_role", async (ct, _) =>
        {
            await identity.DeleteInferenceAsync(p, i, ct);
            return Results.NoContent();
        }));
        v3.MapGet("/role_inferences", (HttpContext c, IdentityService identity) => Admin(c, "identity:list_role_inference_rules", async (ct, url) =>
        {
            var roles = (await identity.ListRolesAsync(ct)).ToDictionary(r => r.Id);
            return Results.Json(new JsonObject
            {
                ["role_inferences"] = new JsonArray((await identity.ListInferencesAsync(ct)).GroupBy(i => i.PriorRoleId).Select(g => (JsonNode?)new JsonObject
                {
                    ["prior_role"] = IdentityViews.RoleReference(roles[g.Key], url),
                    ["implies"] = new JsonArray(g.Select(i => (JsonNode?)IdentityViews.RoleReference(roles[i.ImpliedRoleId], url)).ToArray()),
                }).ToArray()),
                ["links"] = new JsonObject { ["self"] = $"{url}/v3/role_inferences", ["next"] = null, ["previous"] = null },
            });
        }));

        v3.MapPut("/projects/{p}/users/{u}/roles/{r}", (HttpContext c, IdentityService identity, string p, string u, string r) => Admin(c, "identity:create_grant", async (ct, _) =>
        {
            await identity.AssignRoleAsync(p, u, r, ct);
            return Results.NoContent();
        }));
        v3.MapMethods("/projects/{p}/users/{u}/roles/{r}", ["HEAD"], (HttpContext c, IdentityService identity, string p, string u, string r) => Admin(c, "identity:check_grant", async (ct, _) =>
            (await AssignmentsAsync(identity, p, u, ct)).Any(a => a.RoleId == r) ? Results.NoContent() : Results.NotFound()));
        v3.MapDelete("/projects/{p}/users/{u}/roles/{r}", (HttpContext c, IdentityService identity, string p, string u, string r) => Admin(c, "identity:revoke_grant", async (ct, _) =>
        {
            await identity.RevokeRoleAsync(p, u, r, ct);
            return Results.NoContent();
        }));
        v3.MapGet("/projects/{p}/users/{u}/roles", (HttpContext c, IdentityService identity, string p, string u) => Admin(c, "identity:list_grants", async (ct, url) =>
        {
            var roleIds = (await AssignmentsAsync(identity, p, u, ct)).Select(a => a.RoleId).ToHashSet();
            return List("roles", (await identity.ListRolesAsync(ct)).Where(r => roleIds.Contains(r.Id)).Select(r => IdentityViews.Role(r, url)));
        }));
        v3.MapPut("/projects/{p}/groups/{g}/roles/{r}", (HttpContext c, IdentityService identity, string p, string g, string r) => Admin(c, "identity:create_grant", async (ct, _) =>
        {
            await identity.AssignGroupRoleAsync(p, g, r, ct);
            return Results.NoContent();
        }));
        v3.MapMethods("/projects/{p}/groups/{g}/roles/{r}", ["HEAD"], (HttpContext c, IdentityService identity, string p, string g, string r) => Admin(c, "identity:check_grant", async (ct, _) =>
            (await identity.ListGroupAssignmentsAsync(p, g, ct)).Any(a => a.RoleId == r) ? Results.NoContent() : Results.NotFound()));
        v3.MapDelete("/projects/{p}/groups/{g}/roles/{r}", (HttpContext c, IdentityService identity, string p, string g, string r) => Admin(c, "identity:revoke_grant", async (ct, _) =>
        {
            await identity.RevokeGroupRoleAsync(p, g, r, ct);
            return Results.NoContent();
        }));
        v3.MapGet("/projects/{p}/groups/{g}/roles", (HttpContext c, IdentityService identity, string p, string g) => Admin(c, "identity:list_grants", async (ct, url) =>
        {
            var roleIds = (await identity.ListGroupAssignmentsAsync(p, g, ct)).Select(a => a.RoleId).ToHashSet();
            return List("roles", (await identity.ListRolesAsync(ct)).Where(r => roleIds.Contains(r.Id)).Select(r => IdentityViews.Role(r, url)));
        }));
        // Roles on domains, for users and groups: what a domain-scoped token carries.
        foreach (var (actors, isGroup) in new[] { ("users", false), ("groups", true) })
        {
            v3.MapPut($"/domains/{{d}}/{actors}/{{a}}/roles/{{r}}", (HttpContext c, IdentityService identity, string d, string a, string r) => Admin(c, "identity:create_grant", async (ct, _) =>
            {
                await identity.AssignDomainRoleAsync(d, a, isGroup, r, ct);
                return Results.NoContent();
            }));
            v3.MapMethods($"/domains/{{d}}/{actors}/{{a}}/roles/{{r}}", ["HEAD"], (HttpContext c, IdentityService identity, string d, string a, string r) => Admin(c, "identity:check_grant", async (ct, _) =>
                (await identity.ListDomainAssignmentsAsync(d, a, ct)).Any(x => x.RoleId == r && x.IsGroup == isGroup) ? Results.NoContent() : Results.NotFound()));
            v3.MapDelete($"/domains/{{d}}/{actors}/{{a}}/roles/{{r}}", (HttpContext c, IdentityService identity, string d, string a, string r) => Admin(c, "identity:revoke_grant", async (ct, _) =>
            {
                await identity.RevokeDomainRoleAsync(d, a, isGroup, r, ct);
                return Results.NoContent();
            }));
            v3.MapGet($"/domains/{{d}}/{actors}/{{a}}/roles", (HttpContext c, IdentityService identity, string d, string a) => Admin(c, "identity:list_grants", async (ct, url) =>
            {
                var roleIds = (await identity.ListDomainAssignmentsAsync(d, a, ct)).Where(x => x.IsGroup == isGroup).Select(x => x.RoleId).ToHashSet();
                return List("roles", (await identity.ListRolesAsync(ct)).Where(r => roleIds.Contains(r.Id)).Select(r => IdentityViews.Role(r, url)));
            }));
        }
        // Roles on the system, for users and groups.
        foreach (var (actors, isGroup, actor) in new[] { ("users", false, "user"), ("groups", true, "group") })
        {
            v3.MapPut($"/system/{actors}/{{a}}/roles/{{r}}", (HttpContext c, IdentityService identity, string a, string r) => Admin(c, $"identity:create_system_grant_for_{actor}", async (ct, _) =>
            {
                await identity.AssignSystemRoleAsync(a, isGroup, r, ct);
                return Results.NoContent();
            }));
            v3.MapMethods($"/system/{actors}/{{a}}/roles/{{r}}", ["HEAD", "GET"], (HttpContext c, IdentityService identity, string a, string r) => Admin(c, $"identity:check_system_grant_for_{actor}", async (ct, _) =>
                (await identity.ListSystemAssignmentsAsync(a, ct)).Any(x => x.RoleId == r && x.IsGroup == isGroup)
                    ? Results.NoContent()
                    : ApiErrors.Keystone(IdentityService.RoleAssignmentNotFound(r, a, SystemRoleAssignment.All))));
            v3.MapDelete($"/system/{actors}/{{a}}/roles/{{r}}", (HttpContext c, IdentityService identity, string a, string r) => Admin(c, $"identity:revoke_system_grant_for_{actor}", async (ct, _) =>
            {
                await identity.RevokeSystemRoleAsync(a, isGroup, r, ct);
                return Results.NoContent();
            }));
            v3.MapGet($"/system/{actors}/{{a}}/roles", (HttpContext c, IdentityService identity, string a) => Admin(c, $"identity:list_system_grants_for_{actor}", async (ct, url) =>
            {
                var roleIds = (await identity.ListSystemAssignmentsAsync(a, ct)).Where(x => x.IsGroup == isGroup).Select(x => x.RoleId).ToHashSet();
                return List("roles", (await identity.ListRolesAsync(ct)).Where(r => roleIds.Contains(r.Id)).Select(r => IdentityViews.Role(r, url)));
            }));
        }
        v3.MapGet("/role_assignments", (HttpContext c, IdentityService identity) => Admin(c, "identity:list_role_assignments", async (ct, url) =>
        {
            var q = c.Request.Query;
            var (project, domain, user, group, role, system) = (NullIfEmpty(q["scope.project.id"]), NullIfEmpty(q["scope.domain.id"]), NullIfEmpty(q["user.id"]),
                NullIfEmpty(q["group.id"]), NullIfEmpty(q["role.id"]), NullIfEmpty(q["scope.system"]));
            if (system is not null && (project ?? domain) is not null)
            {
                throw new InvalidInputException($"Specify system or {(project is not null ? "project" : "domain")}, not both") { Attribute = "scope.system" };
            }
            var rows = await AssignmentRowsAsync(identity, q.ContainsKey("effective"), project, domain, system is not null, ct);
            var names = q.ContainsKey("include_names") && !q["include_names"].ToString().Equals("false", StringComparison.OrdinalIgnoreCase)
                ? await AssignmentNames.ReadAsync(identity, ct)
                : null;
            return List("role_assignments", rows
                .Where(a => (role is null || a.RoleId == role) && (user is null || (a.ActorKind == "user" && a.ActorId == user))
                    && (group is null || (a.ActorKind == "group" && a.ActorId == group) || a.Via == group))
                .Select(a =>
                {
                    var scopePath = a.ScopeKind == "system" ? "system" : $"{a.ScopeKind}s/{a.ScopeId}";
                    var links = new JsonObject
                    {
                        ["assignment"] = a.Via is null
                            ? $"{url}/v3/{scopePath}/{a.ActorKind}s/{a.ActorId}/roles/{a.Prior ?? a.RoleId}"
                            : $"{url}/v3/{scopePath}/groups/{a.Via}/roles/{a.Prior ?? a.RoleId}",
                    };
                    if (a.Via is not null)
                    {
                        links["membership"] = $"{url}/v3/groups/{a.Via}/users/{a.ActorId}";
                    }
                    if (a.Prior is not null)
                    {
                        links["prior_role"] = $"{url}/v3/prior_role/{a.RoleId}/implies/{a.Prior}"; // as Keystone writes it
                    }
                    return new JsonObject
                    {
                        ["role"] = names?.Role(a.RoleId) ?? new JsonObject { ["id"] = a.RoleId },
                        [a.ActorKind] = names?.Actor(a.ActorKind, a.ActorId) ?? new JsonObject { ["id"] = a.ActorId },
                        ["scope"] = new JsonObject
                        {
                            [a.ScopeKind] = a.ScopeKind switch
                            {
                                "system" => new JsonObject { [SystemRoleAssignment.All] = true },
                                "project" => names?.Project(a.ScopeId) ?? new JsonObject { ["id"] = a.ScopeId },
                                _ => names?.Domain(a.ScopeId) ?? new JsonObject { ["id"] = a.ScopeId },
                            },
                        },
                        ["links"] = links,
                    };
                }));
        }));
        return v3;
    }

    private static async Task<JsonObject> ApplicationCredentialViewAsync(HttpContext c, ApplicationCredential credential, string url, CancellationToken ct) =>
        ApplicationCredentialView(credential, await c.RequestServices.GetRequiredService<IdentityService>().ListRolesAsync(ct), url);

    /// <summary>Keystone's shape of an application credential (never its secret), its roles named from <paramref name="roles"/>.</summary>
    private static JsonObject ApplicationCredentialView(ApplicationCredential credential, IReadOnlyList<Role> allRoles, string url)
    {
        var roles = allRoles.Where(r => credential.RoleIds.Contains(r.Id));
        return new JsonObject
        {
            ["id"] = credential.Id,
            ["name"] = credential.Name,
            ["description"] = credential.Description,
            ["user_id"] = credential.UserId,
            ["project_id"] = credential.ProjectId,
            ["expires_at"] = credential.ExpiresAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
            ["unrestricted"] = credential.Unrestricted,
            ["roles"] = new JsonArray(roles.Select(r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["name"] = r.Name, ["domain_id"] = null }).ToArray()),
            ["access_rules"] = new JsonArray(),
            ["links"] = new JsonObject { ["self"] = $"{url}/v3/users/{credential.UserId}/application_credentials/{credential.Id}" },
        };
    }

    /// <summary>One role assignment as listed: <see cref="Via"/> the group an effective one comes through, <see cref="Prior"/> the role that implies it.</summary>
    private sealed record AssignmentRow(string ScopeKind, string ScopeId, string ActorKind, string ActorId, string RoleId, string? Via, string? Prior = null);

    /// <summary>
    /// Every role assignment on projects, domains and the system (only those of the scope a filter names), as Keystone
    /// lists them; <paramref name="effective"/>: a group's assignments become one per member, linked to the membership,
    /// no group rows are left, each role brings those it implies, and domain-specific roles are left out (they are
    /// never held themselves).
    /// </summary>
    private static async Task<List<AssignmentRow>> AssignmentRowsAsync(IdentityService identity, bool effective, string? project, string? domain, bool systemOnly, CancellationToken ct)
    {
        var rows = new List<AssignmentRow>();
        if (domain is null && !systemOnly)
        {
            rows.AddRange(effective
                ? (await identity.ListEffectiveAssignmentsAsync(project, null, ct)).Select(a => new AssignmentRow("project", a.ProjectId, "user", a.UserId, a.RoleId, a.GroupId))
                : (await identity.ListAssignmentsAsync(project, null, ct)).Select(a => new AssignmentRow("project", a.ProjectId, "user", a.UserId, a.RoleId, null))
                    .Concat((await identity.ListGroupAssignmentsAsync(project, null, ct)).Select(a => new AssignmentRow("project", a.ProjectId, "group", a.GroupId, a.RoleId, null))));
        }
        var grants = new List<(string ScopeKind, string ScopeId, string ActorId, bool IsGroup, string RoleId)>();
        if (project is null && !systemOnly)
        {
            grants.AddRange((await identity.ListDomainAssignmentsAsync(domain, null, ct)).Select(a => ("domain", a.DomainId, a.ActorId, a.IsGroup, a.RoleId)));
        }
        if (project is null && domain is null)
        {
            grants.AddRange((await identity.ListSystemAssignmentsAsync(null, ct)).Select(a => ("system", SystemRoleAssignment.All, a.ActorId, a.IsGroup, a.RoleId)));
        }
        foreach (var a in grants)
        {
            if (effective && a.IsGroup)
            {
                rows.AddRange((await identity.MembersOfAsync(a.ActorId, ct)).Select(u => new AssignmentRow(a.ScopeKind, a.ScopeId, "user", u.Id, a.RoleId, a.ActorId)));
            }
            else
            {
                rows.Add(new AssignmentRow(a.ScopeKind, a.ScopeId, a.IsGroup ? "group" : "user", a.ActorId, a.RoleId, null));
            }
        }
        if (!effective)
        {
            return rows;
        }
        var graph = await identity.RoleGraphAsync(ct);
        return [.. rows.SelectMany(row => graph.Effective(row.RoleId).Select(e => row with { RoleId = e.RoleId, Prior = e.PriorRoleId }))];
    }

    /// <summary>The names <c>?include_names</c> adds to role assignments: the role's, the user's or group's and the project's, each with its domain.</summary>
    private sealed record AssignmentNames(Dictionary<string, string> Roles, Dictionary<string, (string Name, string DomainId)> Users,
        Dictionary<string, (string Name, string DomainId)> Groups, Dictionary<string, (string Name, string DomainId)> Projects, Dictionary<string, string> Domains)
    {
        public static async Task<AssignmentNames> ReadAsync(IdentityService identity, CancellationToken ct) => new(
            (await identity.ListRolesAsync(ct)).ToDictionary(r => r.Id, r => r.Name),
            (await identity.ListUsersAsync(ct)).ToDictionary(u => u.Id, u => (u.Name, u.DomainId)),
            (await identity.ListGroupsAsync(null, ct)).ToDictionary(g => g.Id, g => (g.Name, g.DomainId)),
            (await identity.ListProjectsAsync(ct)).ToDictionary(p => p.Id, p => (p.Name, p.DomainId)),
            (await identity.ListDomainsAsync(ct)).ToDictionary(d => d.Id, d => d.Name));

        public JsonObject Role(string id) => new() { ["id"] = id, ["name"] = Roles.GetValueOrDefault(id, id) };

        public JsonObject Actor(string kind, string id) => Named(id, kind == "group" ? Groups : Users);

        public JsonObject Project(string id) => Named(id, Projects);

        public JsonObject Domain(string id) => new() { ["id"] = id, ["name"] = Domains.GetValueOrDefault(id, id) };

        private JsonObject Named(string id, Dictionary<string, (string Name, string DomainId)> names)
        {
            var (name, domainId) = names.GetValueOrDefault(id, (id, Dashboard.Core.Identity.Domains.DefaultId));
            return new JsonObject { ["id"] = id, ["name"] = name, ["domain"] = new JsonObject { ["id"] = domainId, ["name"] = Domains.GetValueOrDefault(domainId, domainId) } };
        }
    }

    /// <summary>A DELETE of one resource by its ID under its policy rule: 204, or Keystone's error.</summary>
    private static void MapDelete<TService>(RouteGroupBuilder v3, string path, string rule, Func<TService, string, CancellationToken, Task> delete) where TService : notnull =>
        v3.MapDelete(path, (HttpContext c, string id) => Admin(c, rule, async (ct, _) =>
        {
            await delete(c.RequestServices.GetRequiredService<TService>(), id, ct);
            return Results.NoContent();
        }));

    /// <summary>Runs an identity call under its policy rule (<c>identity:list_users</c>): 401 without a valid token, 403 when the rule refuses, Keystone's error body on failure.</summary>
    private static Task<IResult> Admin(HttpContext context, string rule, Func<CancellationToken, string, Task<IResult>> work) =>
        Admin(context, rule, (_, ct, url) => work(ct, url));

    /// <summary>The same, for work that needs the caller's token (an application credential is made from it).</summary>
    private static async Task<IResult> Admin(HttpContext context, string rule, Func<TokenInfo, CancellationToken, string, Task<IResult>> work)
    {
        var ct = context.RequestAborted;
        try
        {
            var info = await KeystoneApi.AuthenticateAsync(context, context.RequestServices.GetRequiredService<TokenService>(), ct);
            var policy = context.RequestServices.GetRequiredService<PolicyEnforcer>();
            if (!policy.Allows(policy.CallerOf(info), rule, Target(context)))
            {
                throw new ForbiddenException($"You are not authorized to perform the requested action: {rule}.");
            }
            return await work(info, ct, KeystoneApi.IdentityUrl(context.Request));
        }
        catch (NeutronException e)
        {
            return ApiErrors.Keystone(e);
        }
        catch (Exception e) when (ApiErrors.IsWrongJsonKind(e))
        {
            return ApiErrors.Keystone(400, "Bad Request", "The request body is not valid: a value has the wrong type.");
        }
    }

    /// <summary>The target of an identity rule: the project and user the path names (<c>%(target.project.id)s</c>, <c>%(target.user.id)s</c>).</summary>
    private static PolicyTarget Target(HttpContext context)
    {
        var values = context.Request.RouteValues;
        var path = context.Request.Path.Value ?? "";
        var project = values["p"] ?? (path.Contains("/projects/") ? values["id"] : null);
        var user = values["u"] ?? (path.Contains("/users/") ? values["id"] : null);
        var domain = path.Contains("/domains/") ? values["id"] as string : null;
        return PolicyTarget.Of(("target.project.id", project as string), ("target.user.id", user as string),
            ("target.domain.id", domain is Domains.DefaultName ? Domains.DefaultId : domain));
    }

    private static async Task<Project> ProjectAsync(IdentityService identity, string id, CancellationToken ct) =>
        await identity.FindProjectAsync(id, ct) is { } p && p.Id == id ? p : throw NotFoundException.Of("project", id);

    private static Task<List<RoleAssignment>> AssignmentsAsync(IdentityService identity, string projectId, string userId, CancellationToken ct) =>
        identity.ListAssignmentsAsync(projectId, userId, ct);

    private static string? Text(JsonObject body, string key) => body[key]?.GetValue<string>();

    private static bool? Flag(JsonObject body, string key) => body[key]?.GetValue<bool>();

    /// <summary>A user's attributes Keystone knows; any other a client gives is an extra attribute, kept as given.</summary>
    private static readonly HashSet<string> UserAttributes = ["id", "name", "password", "enabled", "email", "description", "default_project_id", "domain_id", "options", "links", "federated", "password_expires_at"];

    private static JsonObject Extra(JsonObject body) =>
        new(body.Where(p => !UserAttributes.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static List<string>? TagList(JsonObject body) => body["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : null;

    private static IResult Tags(IEnumerable<string> tags) => Results.Json(new JsonObject { ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray()) });

    /// <summary>A boolean query filter as Keystone reads one (<c>enabled=false</c>, <c>=0</c>): anything but a false word is true.</summary>
    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is not ("false" or "0" or "no" or "off" or "f" or "n");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IResult One(string key, JsonObject value, int status = 200) => Results.Json(new JsonObject { [key] = value }, statusCode: status);

    private static IResult List(string key, IEnumerable<JsonObject> values) =>
        Results.Json(new JsonObject { [key] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()), ["links"] = new JsonObject { ["self"] = null, ["next"] = null, ["previous"] = null } });
}
