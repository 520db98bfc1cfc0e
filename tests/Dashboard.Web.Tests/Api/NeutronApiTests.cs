using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

public class NeutronApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private ApiSession _admin = null!;
    private ApiSession _demo = null!;
    private ApiSession _alt = null!;

    public async Task InitializeAsync()
    {
        var client = _factory.CreateClient();
        _admin = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        _demo = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        _alt = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static JsonObject Network(string name) => new() { ["network"] = new JsonObject { ["name"] = name } };

    [Fact]
    public async Task Version_documents_point_at_v2_0()
    {
        var client = _factory.CreateClient();

        var versions = JsonNode.Parse(await client.GetStringAsync("/networking/"))!;

        Assert.Equal("v2.0", versions["versions"]![0]!["id"]!.GetValue<string>());
        Assert.EndsWith("/networking/v2.0/", versions["versions"]![0]!["links"]![0]!["href"]!.GetValue<string>());
        var (_, resources) = await _demo.GetAsync("/networking/v2.0/");
        Assert.Contains(resources!["resources"]!.AsArray(), r => r!["collection"]!.GetValue<string>() == "networks");
    }

    [Fact]
    public async Task A_subnet_cidr_with_host_bits_is_refused_with_the_network_address_recommended_never_changed()
    {
        var (_, network) = await _demo.PostAsync("/networking/v2.0/networks", Network("host-bits"));
        var id = network!["network"]!["id"]!.GetValue<string>();

        var (status, error) = await _demo.PostAsync("/networking/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = "10.40.0.5/24", ["ip_version"] = 4 },
        });
        var (v6, v6Error) = await _demo.PostAsync("/networking/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = id, ["cidr"] = "2001:db8::1/64", ["ip_version"] = 6 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Invalid input for cidr. Reason: '10.40.0.5/24' isn't a recognized IP subnet cidr, '10.40.0.0/24' is recommended.",
            error!["NeutronError"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, v6);
        Assert.Contains("'2001:db8::/64' is recommended", v6Error!["NeutronError"]!["message"]!.GetValue<string>());
        var (_, subnets) = await _demo.GetAsync($"/networking/v2.0/subnets?network_id={id}");
        Assert.Empty(subnets!["subnets"]!.AsArray());
    }

    [Fact]
    public async Task Create_is_201_in_an_envelope_with_neutrons_attributes()
    {
        var (status, body) = await _demo.PostAsync("/networking/v2.0/networks", Network("n1"));

        Assert.Equal(HttpStatusCode.Created, status);
        var network = body!["network"]!.AsObject();
        Assert.Equal(_demo.ProjectId, network["project_id"]!.GetValue<string>());
        Assert.Equal(_demo.ProjectId, network["tenant_id"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", network["created_at"]!.GetValue<string>());
        Assert.Equal(0, network["revision_number"]!.GetValue<int>());
        Assert.False(network.ContainsKey("provider:network_type"), "provider attributes are admin-only");
        var (_, asAdmin) = await _admin.GetAsync($"/networking/v2.0/networks/{network["id"]}");
        Assert.Equal("vlan", asAdmin!["network"]!["provider:network_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lookup_by_name_in_the_path_is_404_then_the_filter_finds_it()
    {
        await _demo.PostAsync("/networking/v2.0/networks", Network("by-name"));

        var (status, error) = await _demo.GetAsync("/networking/v2.0/networks/by-name");
        var (_, found) = await _demo.GetAsync("/networking/v2.0/networks?name=by-name");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NetworkNotFound", error!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Single(found!["networks"]!.AsArray());
    }

    [Fact]
    public async Task Fields_filters_with_or_and_and_sorting_work_together()
    {
        foreach (var name in new[] { "s-b", "s-a", "s-c" })
        {
            await _demo.PostAsync("/networking/v2.0/networks", Network(name));
        }

        var (_, body) = await _demo.GetAsync("/networking/v2.0/networks?name=s-a&name=s-c&shared=False&fields=id&fields=name&sort_key=name&sort_dir=desc");

        var items = body!["networks"]!.AsArray();
        Assert.Equal(["s-c", "s-a"], items.Select(i => i!["name"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal(["id", "name"], i!.AsObject().Select(p => p.Key).Order()));
    }

    [Fact]
    public async Task Pagination_walks_forward_and_back_with_links()
    {
        for (var i = 0; i < 5; i++)
        {
            await _alt.PostAsync("/networking/v2.0/networks", Network($"page{i}"));
        }
        var all = (await _alt.GetAsync("/networking/v2.0/networks?sort_key=name&sort_dir=asc"))
            .Body!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();

        var (_, first) = await _alt.GetAsync("/networking/v2.0/networks?sort_key=name&sort_dir=asc&limit=2");
        var next = first!["networks_links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "next")!["href"]!.GetValue<string>();
        var (_, second) = await _alt.GetAsync(new Uri(next).PathAndQuery);
        var previous = second!["networks_links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "previous")!["href"]!.GetValue<string>();
        var (_, back) = await _alt.GetAsync(new Uri(previous).PathAndQuery);

        Assert.Equal(all.Take(2), first["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.Equal(all.Skip(2).Take(2), second["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.Equal(all.Take(2), back!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));

        // As neutron-server: a full page links onward even when it is the last (the next one is empty and has no next).
        var (_, whole) = await _alt.GetAsync($"/networking/v2.0/networks?sort_key=name&sort_dir=asc&limit={all.Count}");
        var onward = whole!["networks_links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "next")!["href"]!.GetValue<string>();
        var (_, empty) = await _alt.GetAsync(new Uri(onward).PathAndQuery);
        Assert.Empty(empty!["networks"]!.AsArray());
        Assert.DoesNotContain(empty["networks_links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "next");
        var (_, short1) = await _alt.GetAsync($"/networking/v2.0/networks?sort_key=name&sort_dir=asc&limit={all.Count + 1}");
        Assert.DoesNotContain(short1!["networks_links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "next");
    }

    [Fact]
    public async Task Paging_in_the_store_returns_what_the_generic_path_returns()
    {
        for (var i = 0; i < 7; i++)
        {
            await _alt.PostAsync("/networking/v2.0/networks", Network($"keyset{i}"));
        }
        var all = (await _alt.GetAsync("/networking/v2.0/networks?sort_key=id&sort_dir=asc")).Body!["networks"]!.AsArray()
            .Select(n => n!["id"]!.GetValue<string>()).ToList();

        var seen = new List<string>();
        var path = "/networking/v2.0/networks?limit=3";
        while (true)
        {
            var (_, page) = await _alt.GetAsync(path);
            seen.AddRange(page!["networks"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            var next = page["networks_links"]!.AsArray().FirstOrDefault(l => l!["rel"]!.GetValue<string>() == "next");
            if (next is null)
            {
                break;
            }
            path = new Uri(next["href"]!.GetValue<string>()).PathAndQuery;
        }
        var (_, filtered) = await _alt.GetAsync("/networking/v2.0/networks?limit=50&name=keyset2&name=keyset5&shared=false");
        var (_, reversed) = await _alt.GetAsync($"/networking/v2.0/networks?limit=2&marker={all[4]}&page_reverse=True");

        Assert.Equal(all, seen);
        Assert.Equal(["keyset2", "keyset5"], filtered!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).Order());
        Assert.Equal(all.Skip(2).Take(2), reversed!["networks"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ports_paged_in_the_store_are_what_the_generic_path_lists()
    {
        var (_, created) = await _alt.PostAsync("/networking/v2.0/networks", Network("portpages"));
        var network = created!["network"]!["id"]!.GetValue<string>();
        var ports = new JsonArray(Enumerable.Range(0, 7).Select(i => (JsonNode?)new JsonObject { ["network_id"] = network, ["name"] = $"pp{i}" }).ToArray());
        Assert.Equal(HttpStatusCode.Created, (await _alt.PostAsync("/networking/v2.0/ports", new JsonObject { ["ports"] = ports })).Status);
        // sort_key is beyond the store's paging: this list comes through the generic path, filtered by the policy.
        var all = (await _alt.GetAsync("/networking/v2.0/ports?sort_key=id&sort_dir=asc")).Body!["ports"]!.AsArray()
            .Select(p => p!["id"]!.GetValue<string>()).ToList();

        var seen = new List<string>();
        var path = "/networking/v2.0/ports?limit=3";
        while (true)
        {
            var (_, page) = await _alt.GetAsync(path);
            seen.AddRange(page!["ports"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
            var next = page["ports_links"]!.AsArray().FirstOrDefault(l => l!["rel"]!.GetValue<string>() == "next");
            if (next is null)
            {
                break;
            }
            path = new Uri(next["href"]!.GetValue<string>()).PathAndQuery;
        }
        var (_, filtered) = await _alt.GetAsync($"/networking/v2.0/ports?limit=50&name=pp2&name=pp5&network_id={network}&admin_state_up=true");
        var (_, reversed) = await _alt.GetAsync($"/networking/v2.0/ports?limit=2&marker={all[4]}&page_reverse=True");
        var (_, othersView) = await _demo.GetAsync($"/networking/v2.0/ports?limit=50&network_id={network}");
        var (markerStatus, _) = await _alt.GetAsync("/networking/v2.0/ports?limit=2&marker=no-such-port");

        Assert.True(all.Count >= 7);
        Assert.Equal(all, seen);
        Assert.Equal(["pp2", "pp5"], filtered!["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Order());
        Assert.Equal(all.Skip(2).Take(2), reversed!["ports"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Empty(othersView!["ports"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, markerStatus);
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing()
    {
        var bulk = new JsonObject { ["networks"] = new JsonArray(new JsonObject { ["name"] = "bulk1" }, new JsonObject { ["name"] = "bulk2", ["mtu"] = 99999 }) };
        var good = new JsonObject { ["networks"] = new JsonArray(new JsonObject { ["name"] = "bulk3" }, new JsonObject { ["name"] = "bulk4" }) };

        var (badStatus, _) = await _demo.PostAsync("/networking/v2.0/networks", bulk);
        var (goodStatus, created) = await _demo.PostAsync("/networking/v2.0/networks", good);
        var (_, listed) = await _demo.GetAsync("/networking/v2.0/networks?name=bulk1&name=bulk3&name=bulk4");

        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal(HttpStatusCode.Created, goodStatus);
        Assert.Equal(2, created!["networks"]!.AsArray().Count);
        Assert.Equal(["bulk3", "bulk4"], listed!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_projects_default_security_group_is_refused_to_its_members_and_removed_by_an_admin()
    {
        var identity = _factory.Services.GetRequiredService<Dashboard.Core.Identity.IdentityService>();
        var project = await identity.CreateProjectAsync("sg-cleanup", "");
        var user = await identity.CreateUserAsync("sg-member", "pw", project.Id);
        await identity.AssignRoleAsync(project.Id, user.Id, "member");
        var member = await ApiSession.LoginAsync(_factory.CreateClient(), "sg-member", "pw", "sg-cleanup");
        var (_, groups) = await member.GetAsync("/networking/v2.0/security-groups");
        var defaultId = groups!["security_groups"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == "default")!["id"]!.GetValue<string>();

        var (refused, error) = await member.DeleteAsync($"/networking/v2.0/security-groups/{defaultId}");
        var (removed, _) = await _admin.DeleteAsync($"/networking/v2.0/security-groups/{defaultId}");

        Assert.Equal((HttpStatusCode.Conflict, "SecurityGroupCannotRemoveDefault"), (refused, error!["NeutronError"]!["type"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, removed);
    }

    [Fact]
    public async Task If_match_with_a_stale_revision_is_412()
    {
        var (_, created) = await _demo.PostAsync("/networking/v2.0/networks", Network("rev"));
        var id = created!["network"]!["id"]!.GetValue<string>();

        var (ok, _) = await _demo.SendAsync(HttpMethod.Put, $"/networking/v2.0/networks/{id}", Network("rev2"), r => r.Headers.TryAddWithoutValidation("If-Match", "revision_number=0"));
        var (stale, error) = await _demo.SendAsync(HttpMethod.Put, $"/networking/v2.0/networks/{id}", Network("rev3"), r => r.Headers.TryAddWithoutValidation("If-Match", "revision_number=0"));

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("RevisionNumberConstraintFailed", error!["NeutronError"]!["type"]!.GetValue<string>());

        // DELETE checks the revision in the deleting transaction, as PUT does.
        var (staleDelete, _) = await _demo.SendAsync(HttpMethod.Delete, $"/networking/v2.0/networks/{id}", tweak: r => r.Headers.TryAddWithoutValidation("If-Match", "revision_number=0"));
        var (stillThere, _) = await _demo.GetAsync($"/networking/v2.0/networks/{id}");
        var (deleted, _) = await _demo.SendAsync(HttpMethod.Delete, $"/networking/v2.0/networks/{id}", tweak: r => r.Headers.TryAddWithoutValidation("If-Match", "revision_number=1"));
        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.OK, HttpStatusCode.NoContent), (staleDelete, stillThere, deleted));
    }

    [Fact]
    public async Task A_member_never_sees_another_projects_network_but_sees_shared_and_external()
    {
        var (_, theirs) = await _alt.PostAsync("/networking/v2.0/networks", Network("alt-only"));
        var id = theirs!["network"]!["id"]!.GetValue<string>();

        var (status, _) = await _demo.GetAsync($"/networking/v2.0/networks/{id}");
        var (deleteStatus, _) = await _demo.DeleteAsync($"/networking/v2.0/networks/{id}");
        var (_, listed) = await _demo.GetAsync("/networking/v2.0/networks");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, deleteStatus);
        var names = listed!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("alt-only", names);
        Assert.DoesNotContain("alt_private", names);
        Assert.Contains("public", names);
        Assert.Contains("private", names);
    }

    [Fact]
    public async Task Admin_only_attributes_are_403_for_members_and_admins_may_act_for_another_project()
    {
        var provider = new JsonObject { ["network"] = new JsonObject { ["name"] = "p", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 42 } };

        var (memberStatus, error) = await _demo.PostAsync("/networking/v2.0/networks", provider);
        var (foreignStatus, _) = await _demo.PostAsync("/networking/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "x", ["project_id"] = _alt.ProjectId } });
        var (adminStatus, created) = await _admin.PostAsync("/networking/v2.0/networks", new JsonObject
        {
            ["network"] = new JsonObject { ["name"] = "for-alt", ["project_id"] = _alt.ProjectId, ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 42 },
        });

        Assert.Equal(HttpStatusCode.Forbidden, memberStatus);
        Assert.Equal("PolicyNotAuthorized", error!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, foreignStatus);
        Assert.Equal(HttpStatusCode.Created, adminStatus);
        Assert.Equal((_alt.ProjectId, 42), (created!["network"]!["project_id"]!.GetValue<string>(), created["network"]!["provider:segmentation_id"]!.GetValue<int>()));
        var (conflict, inUse) = await _admin.PostAsync("/networking/v2.0/networks", new JsonObject
        {
            ["network"] = new JsonObject { ["name"] = "again", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 42 },
        });
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal("VlanIdInUse", inUse!["NeutronError"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ports_filter_by_fixed_ip_and_routers_add_and_remove_interfaces()
    {
        var networkId = await _demo.IdOfAsync("networks", "private");
        var subnetId = await _demo.IdOfAsync("subnets", "private-subnet");
        var (_, port) = await _demo.PostAsync("/networking/v2.0/ports", new JsonObject
        {
            ["port"] = new JsonObject { ["network_id"] = networkId, ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.0.0.77" }) },
        });
        var (_, byIp) = await _demo.GetAsync("/networking/v2.0/ports?fixed_ips=ip_address=10.0.0.77");
        var (_, bySubstring) = await _demo.GetAsync("/networking/v2.0/ports?fixed_ips=ip_address_substr=0.0.7");
        var (_, bySubnetAndSubstring) = await _demo.GetAsync($"/networking/v2.0/ports?fixed_ips=subnet_id={subnetId}&fixed_ips=ip_address_substr=.77");
        var (_, byOtherSubnetAndSubstring) = await _demo.GetAsync($"/networking/v2.0/ports?fixed_ips=subnet_id={Guid.NewGuid()}&fixed_ips=ip_address_substr=.77");
        var (_, byEitherAddress) = await _demo.GetAsync("/networking/v2.0/ports?fixed_ips=ip_address=10.0.0.77&fixed_ips=ip_address=10.0.0.3");
        var (_, router) = await _demo.PostAsync("/networking/v2.0/routers", new JsonObject { ["router"] = new JsonObject { ["name"] = "r2" } });
        var routerId = router!["router"]!["id"]!.GetValue<string>();

        var (addStatus, added) = await _demo.PutAsync($"/networking/v2.0/routers/{routerId}/add_router_interface", new JsonObject { ["port_id"] = port!["port"]!["id"]!.GetValue<string>() });
        var (removeStatus, _) = await _demo.PutAsync($"/networking/v2.0/routers/{routerId}/remove_router_interface", new JsonObject { ["subnet_id"] = subnetId });
        var (portGone, _) = await _demo.GetAsync($"/networking/v2.0/ports/{port["port"]!["id"]}");

        Assert.Single(byIp!["ports"]!.AsArray());
        Assert.Equal(["10.0.0.77"], bySubstring!["ports"]!.AsArray().Select(p => p!["fixed_ips"]![0]!["ip_address"]!.GetValue<string>()));
        Assert.Single(bySubnetAndSubstring!["ports"]!.AsArray()); // one fixed IP matching every kind given
        Assert.Empty(byOtherSubnetAndSubstring!["ports"]!.AsArray());
        Assert.Equal(2, byEitherAddress!["ports"]!.AsArray().Count); // values of one kind: any of them
        Assert.Equal(HttpStatusCode.OK, addStatus);
        Assert.Equal(subnetId, added!["subnet_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, removeStatus);
        Assert.Equal(HttpStatusCode.NotFound, portGone);
    }

    [Fact]
    public async Task Tags_are_set_added_listed_filtered_and_removed()
    {
        var (_, created) = await _demo.PostAsync("/networking/v2.0/networks", Network("tagged"));
        var id = created!["network"]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await _demo.PutAsync($"/networking/v2.0/networks/{id}/tags", new JsonObject { ["tags"] = new JsonArray("red", "blue") })).Status);
        Assert.Equal(HttpStatusCode.Created, (await _demo.SendAsync(HttpMethod.Put, $"/networking/v2.0/networks/{id}/tags/green")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _demo.DeleteAsync($"/networking/v2.0/networks/{id}/tags/red")).Status);
        var (_, tags) = await _demo.GetAsync($"/networking/v2.0/networks/{id}/tags");
        var (_, filtered) = await _demo.GetAsync("/networking/v2.0/networks?tags=blue,green");
        var (_, notTagged) = await _demo.GetAsync("/networking/v2.0/networks?not-tags-any=blue");

        Assert.Equal(["blue", "green"], tags!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.Equal(["tagged"], filtered!["networks"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(notTagged!["networks"]!.AsArray(), n => n!["name"]!.GetValue<string>() == "tagged");
        Assert.Equal(HttpStatusCode.NotFound, (await _alt.SendAsync(HttpMethod.Put, $"/networking/v2.0/networks/{id}/tags/mine")).Status);
    }

    [Fact]
    public async Task Extensions_are_listed_and_unknown_aliases_are_404()
    {
        var (_, list) = await _demo.GetAsync("/networking/v2.0/extensions");
        var (status, router) = await _demo.GetAsync("/networking/v2.0/extensions/router");
        var (missing, _) = await _demo.GetAsync("/networking/v2.0/extensions/tag-ports-during-bulk-creation");

        var aliases = list!["extensions"]!.AsArray().Select(e => e!["alias"]!.GetValue<string>()).ToList();
        foreach (var alias in new[] { "provider", "external-net", "router", "ext-gw-mode", "extraroute", "security-group", "quotas", "quota_details", "extra_dhcp_opt", "ip-substring-filtering", "agent", "binding", "net-mtu", "port-security", "project-id", "standard-attr-tag", "standard-attr-description", "standard-attr-revisions", "standard-attr-timestamp", "pagination", "sorting", "fields" })
        {
            Assert.Contains(alias, aliases);
        }
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Neutron L3 Router", router!["extension"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Quotas_show_details_set_and_enforce()
    {
        var (forbidden, _) = await _demo.PutAsync($"/networking/v2.0/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["network"] = 1 } });
        var (setStatus, set) = await _admin.PutAsync($"/networking/v2.0/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["network"] = 1 } });
        var (_, details) = await _demo.GetAsync($"/networking/v2.0/quotas/{_demo.ProjectId}/details");
        var (overStatus, over) = await _demo.PostAsync("/networking/v2.0/networks", Network("too-many"));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(HttpStatusCode.OK, setStatus);
        Assert.Equal(1, set!["quota"]!["network"]!.GetValue<int>());
        Assert.Equal((1, 1), (details!["quota"]!["network"]!["limit"]!.GetValue<int>(), details["quota"]!["network"]!["used"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Conflict, overStatus);
        Assert.Equal("OverQuota", over!["NeutronError"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/networking/v2.0/quotas/{_demo.ProjectId}")).Status);
        Assert.Equal(100, (await _demo.GetAsync($"/networking/v2.0/quotas/{_demo.ProjectId}")).Body!["quota"]!["network"]!.GetValue<int>());

        // Neutron's maximum (its database's integer), and -1 for unlimited, are the bounds.
        var (tooMany, tooManyBody) = await _admin.PutAsync($"/networking/v2.0/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["port"] = 2147483648L } });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("'2147483648' is not in range -1 through 2147483647", tooManyBody!["NeutronError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsync($"/networking/v2.0/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["port"] = 2147483647L } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsync($"/networking/v2.0/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["port"] = -1 } })).Status);

        // The legacy client's "which project am I": the caller's own, whoever asks.
        var (tenantStatus, tenant) = await _demo.GetAsync("/networking/v2.0/quotas/tenant");
        Assert.Equal(HttpStatusCode.OK, tenantStatus);
        Assert.Equal(_demo.ProjectId, tenant!["tenant"]!["tenant_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Agents_are_each_hosts_ovs_agent_and_the_network_nodes_l3_and_dhcp_agents_for_admins()
    {
        var (status, body) = await _admin.GetAsync("/networking/v2.0/agents");
        var (memberStatus, memberAgents) = await _demo.GetAsync("/networking/v2.0/agents");

        Assert.Equal(HttpStatusCode.OK, status);
        var agents = body!["agents"]!.AsArray();
        string Field(JsonNode? a, string key) => a![key]!.GetValue<string>();
        Assert.Equal(
            ["compute1 Open vSwitch agent neutron-openvswitch-agent", "compute2 Open vSwitch agent neutron-openvswitch-agent",
             "network1 DHCP agent neutron-dhcp-agent", "network1 L3 agent neutron-l3-agent", "network1 Open vSwitch agent neutron-openvswitch-agent"],
            agents.Select(a => $"{Field(a, "host")} {Field(a, "agent_type")} {Field(a, "binary")}").Order());
        Assert.All(agents.Where(a => Field(a, "agent_type") == "Open vSwitch agent"),
            a => Assert.Equal("br-eth1", a!["configurations"]!["bridge_mappings"]!["physnet1"]!.GetValue<string>()));
        var l3 = agents.Single(a => Field(a, "agent_type") == "L3 agent");
        Assert.Equal("legacy", l3!["configurations"]!["agent_mode"]!.GetValue<string>());
        Assert.Equal(1, l3["configurations"]!["routers"]!.GetValue<int>());
        Assert.Equal("l3_agent", Field(l3, "topic"));
        var dhcp = agents.Single(a => Field(a, "agent_type") == "DHCP agent");
        Assert.Equal(2, dhcp!["configurations"]!["networks"]!.GetValue<int>());
        Assert.All(agents, a => Assert.True(a!["alive"]!.GetValue<bool>()));
        Assert.Equal((HttpStatusCode.OK, 0), (memberStatus, memberAgents!["agents"]!.AsArray().Count)); // tempest's test_list_agents_non_admin

        var (filtered, only) = await _admin.GetAsync("/networking/v2.0/agents?agent_type=L3%20agent");
        Assert.Equal(HttpStatusCode.OK, filtered);
        Assert.Equal("network1", Field(only!["agents"]!.AsArray().Single(), "host"));
    }

    [Fact]
    public async Task Deleting_a_network_in_use_is_409_and_a_reader_may_not_write()
    {
        var privateId = await _demo.IdOfAsync("networks", "private");

        var (status, error) = await _demo.DeleteAsync($"/networking/v2.0/networks/{privateId}");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("NetworkInUse", error!["NeutronError"]!["type"]!.GetValue<string>());

        var identity = _factory.Services.GetRequiredService<Dashboard.Core.Identity.IdentityService>();
        var reader = await identity.CreateUserAsync("reader1", "pw");
        await identity.AssignRoleAsync(_demo.ProjectId, reader.Id, "reader");
        var session = await ApiSession.LoginAsync(_factory.CreateClient(), "reader1", "pw", "demo");
        var (readStatus, _) = await session.GetAsync("/networking/v2.0/networks");
        var (writeStatus, _) = await session.PostAsync("/networking/v2.0/networks", Network("reader-net"));
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal(HttpStatusCode.Forbidden, writeStatus);
    }

    [Fact]
    public async Task The_json_format_suffix_and_doubled_slashes_are_the_same_request()
    {
        var (plain, withoutSuffix) = await _demo.GetAsync("/networking/v2.0/networks?name=private");
        var (suffixed, withSuffix) = await _demo.GetAsync("/networking/v2.0/networks.json?name=private");
        var (doubled, withDoubled) = await _demo.GetAsync("/networking//v2.0/networks?name=private");
        var (keystoneDoubled, _) = await _demo.GetAsync("/identity//v3/auth/projects");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (plain, suffixed, doubled, keystoneDoubled));
        Assert.Equal(withoutSuffix!.ToJsonString(), withSuffix!.ToJsonString());
        Assert.Equal(withoutSuffix.ToJsonString(), withDoubled!.ToJsonString());
    }

    [Fact]
    public async Task Quotas_lists_the_projects_with_limits_of_their_own()
    {
        var (empty, none) = await _admin.GetAsync("/networking/v2.0/quotas");
        await _admin.PutAsync($"/networking/v2.0/quotas/{_demo.ProjectId}", new JsonObject { ["quota"] = new JsonObject { ["network"] = 7 } });
        var (listed, one) = await _admin.GetAsync("/networking/v2.0/quotas");
        var (refused, _) = await _demo.GetAsync("/networking/v2.0/quotas");

        Assert.Equal(HttpStatusCode.OK, empty);
        Assert.Empty(none!["quotas"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, listed);
        var row = one!["quotas"]!.AsArray().Single()!;
        Assert.Equal((_demo.ProjectId, 7L, 100L), (row["project_id"]!.GetValue<string>(), row["network"]!.GetValue<long>(), row["subnet"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
    }

    [Fact]
    public async Task An_external_networks_subnets_are_the_operators_as_in_neutron()
    {
        var (_, networks) = await _demo.GetAsync("/networking/v2.0/networks?name=public");
        var (_, subnets) = await _demo.GetAsync("/networking/v2.0/subnets");
        var (_, adminSubnets) = await _admin.GetAsync("/networking/v2.0/subnets?name=public-subnet");

        Assert.Single(networks!["networks"]!.AsArray());
        Assert.DoesNotContain(subnets!["subnets"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "public-subnet");
        Assert.Single(adminSubnets!["subnets"]!.AsArray());
    }

    [Fact]
    public async Task A_rules_protocol_may_be_given_as_its_number()
    {
        var group = await _demo.IdOfAsync("security-groups", "default");

        var (status, body) = await _demo.PostAsync("/networking/v2.0/security-group-rules", new JsonObject
        {
            ["security_group_rule"] = new JsonObject { ["security_group_id"] = group, ["direction"] = "ingress", ["protocol"] = 17, ["port_range_min"] = 53, ["port_range_max"] = 53 },
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("17", body!["security_group_rule"]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public async Task Security_group_refusals_say_what_neutron_says_with_its_codes()
    {
        var (_, created) = await _demo.PostAsync("/networking/v2.0/security-groups", new JsonObject { ["security_group"] = new JsonObject { ["name"] = "sg-neg" } });
        var group = created!["security_group"]!["id"]!.GetValue<string>();
        var defaultGroup = await _demo.IdOfAsync("security-groups", "default");
        async Task<(HttpStatusCode Status, string Type, string Message)> Rule(JsonNode? min, JsonNode? max, string protocol = "tcp", string? remoteGroup = null)
        {
            var rule = new JsonObject { ["security_group_id"] = group, ["direction"] = "ingress", ["protocol"] = protocol, ["port_range_min"] = min, ["port_range_max"] = max };
            if (remoteGroup is not null)
            {
                rule["remote_group_id"] = remoteGroup;
            }
            var (status, body) = await _demo.PostAsync("/networking/v2.0/security-group-rules", new JsonObject { ["security_group_rule"] = rule });
            return (status, body?["NeutronError"]?["type"]?.GetValue<string>() ?? "", body?["NeutronError"]?["message"]?.GetValue<string>() ?? "");
        }

        // tempest's test_create_security_group_rule_with_invalid_ports, case by case.
        Assert.Equal((HttpStatusCode.BadRequest, "SecurityGroupInvalidPortValue", "Invalid value for port -16"), await Rule(-16, 80));
        Assert.Contains("port_range_min must be <= port_range_max", (await Rule(80, 79)).Message);
        Assert.Equal("Invalid value for port 65536", (await Rule(80, 65536)).Message);
        Assert.Contains("port_range_min must be <= port_range_max", (await Rule(null, 6)).Message);
        Assert.Equal("Invalid value for port abc", (await Rule("abc", 80)).Message);
        Assert.Contains("Invalid value for ICMP code", (await Rule(1, 256, "icmp")).Message);
        Assert.Contains("ICMP type (port-range-min) is missing", (await Rule(null, 6, "icmp")).Message);
        Assert.Contains("Invalid value for ICMP type", (await Rule(300, 1, "icmp")).Message);
        // An unknown remote group, even one not shaped like a UUID, is not found (Neutron does not check its shape).
        Assert.Equal((HttpStatusCode.NotFound, "SecurityGroupNotFound"), ((await Rule(null, null, remoteGroup: "bad_group_id")).Status, (await Rule(null, null, remoteGroup: "bad_group_id")).Type));
        // Renaming: the default group keeps its name, and no other takes it; both are conflicts (409).
        var (toDefault, toDefaultBody) = await _demo.PutAsync($"/networking/v2.0/security-groups/{group}", new JsonObject { ["security_group"] = new JsonObject { ["name"] = "default" } });
        var (renameDefault, renameDefaultBody) = await _demo.PutAsync($"/networking/v2.0/security-groups/{defaultGroup}", new JsonObject { ["security_group"] = new JsonObject { ["name"] = "renamed" } });
        Assert.Equal((HttpStatusCode.Conflict, "SecurityGroupDefaultAlreadyExists"), (toDefault, toDefaultBody!["NeutronError"]!["type"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Conflict, "SecurityGroupCannotUpdateDefault"), (renameDefault, renameDefaultBody!["NeutronError"]!["type"]!.GetValue<string>()));
        Assert.Equal(2, (await _demo.GetAsync($"/networking/v2.0/security-groups/{group}")).Body!["security_group"]!["security_group_rules"]!.AsArray().Count);
    }
}
