using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dashboard.Web.Tests.Policy;

/// <summary>
/// Tenant isolation, cell by cell: every resource type x every verb x {the owner project's member,
/// another project's member, the owner project's reader, an admin}, each with the code Neutron's
/// default policy gives (404 where the caller may not see the resource, 403 where they may see but
/// not change it), and the resource unchanged after every refused attempt.
/// </summary>
public class TenantIsolationMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string V2 = "/networking/v2.0";
    private const HttpStatusCode Ok = HttpStatusCode.OK, Created = HttpStatusCode.Created, Gone = HttpStatusCode.NoContent,
        Forbidden = HttpStatusCode.Forbidden, NotFound = HttpStatusCode.NotFound;

    private readonly DashboardFactory _factory = new();
    private readonly Dictionary<string, ApiSession> _as = [];
    private string _public = "";

    private enum Persona { Owner, Other, Reader, Admin }

    /// <summary>One owner's set of resources of every type (the owner is the demo project).</summary>
    private sealed record Owned(string Network, string Subnet, string Port, string Router, string Group, string Rule, string FloatingIp)
    {
        public string Of(string collection) => collection switch
        {
            "networks" => Network, "subnets" => Subnet, "ports" => Port, "routers" => Router,
            "security-groups" => Group, "security-group-rules" => Rule, _ => FloatingIp,
        };
    }

    private static readonly string[] Collections = ["networks", "subnets", "ports", "routers", "security-groups", "security-group-rules", "floatingips"];

    public async Task InitializeAsync()
    {
        var client = _factory.CreateClient();
        var identity = _factory.Services.GetRequiredService<Dashboard.Core.Identity.IdentityService>();
        var demo = (await identity.FindProjectAsync("demo"))!;
        var reader = await identity.CreateUserAsync("demo_reader", "reader-pw");
        await identity.AssignRoleAsync(demo.Id, reader.Id, "reader");
        _as["Owner"] = await ApiSession.LoginAsync(client, "demo", "web-test-demo", "demo");
        _as["Other"] = await ApiSession.LoginAsync(client, "alt_demo", "web-test-demo", "alt_demo");
        _as["Reader"] = await ApiSession.LoginAsync(client, "demo_reader", "reader-pw", "demo");
        _as["Admin"] = await ApiSession.LoginAsync(client, "admin", "web-test-admin", "admin");
        _public = await _as["Admin"].IdOfAsync("networks", "public");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private ApiSession S(Persona p) => _as[p.ToString()];

    private async Task<string> CreateAsync(ApiSession session, string collection, JsonObject attributes)
    {
        var member = collection switch { "security-groups" => "security_group", "security-group-rules" => "security_group_rule", _ => collection.TrimEnd('s') };
        var (status, body) = await session.PostAsync($"{V2}/{collection}", new JsonObject { [member] = attributes });
        Assert.True(status == Created, $"setup: creating {collection} answered {(int)status} {body?.ToJsonString()}");
        return body![member]!["id"]!.GetValue<string>();
    }

    private int _cidr = 100;

    /// <summary>A network and subnet of the owner's, with a port on it: what one persona's reference attempt uses, so no attempt meets another's.</summary>
    private async Task<(string Subnet, string Port)> SpareAsync()
    {
        var owner = S(Persona.Owner);
        var network = await CreateAsync(owner, "networks", new() { ["name"] = $"spare-{_cidr}" });
        var subnet = await CreateAsync(owner, "subnets", new() { ["network_id"] = network, ["cidr"] = $"10.{_cidr++}.0.0/24", ["ip_version"] = 4 });
        var port = await CreateAsync(owner, "ports", new() { ["network_id"] = network });
        return (subnet, port);
    }

    private async Task<Owned> OwnedAsync(string tag)
    {
        var owner = S(Persona.Owner);
        var network = await CreateAsync(owner, "networks", new() { ["name"] = $"m-net-{tag}" });
        var subnet = await CreateAsync(owner, "subnets", new() { ["network_id"] = network, ["cidr"] = $"10.{_cidr++}.0.0/24", ["ip_version"] = 4 });
        var port = await CreateAsync(owner, "ports", new() { ["network_id"] = network, ["name"] = $"m-port-{tag}" });
        var router = await CreateAsync(owner, "routers", new() { ["name"] = $"m-router-{tag}" });
        var group = await CreateAsync(owner, "security-groups", new() { ["name"] = $"m-sg-{tag}" });
        var rule = await CreateAsync(owner, "security-group-rules", new() { ["security_group_id"] = group, ["direction"] = "ingress", ["protocol"] = "tcp", ["port_range_min"] = 22, ["port_range_max"] = 22 });
        var floatingIp = await CreateAsync(owner, "floatingips", new() { ["floating_network_id"] = _public });
        return new Owned(network, subnet, port, router, group, rule, floatingIp);
    }

    /// <summary>What an admin reads of it: a refused attempt must leave every attribute (and the revision) as it was.</summary>
    private async Task<string> SnapshotAsync(string collection, string id) => (await S(Persona.Admin).GetAsync($"{V2}/{collection}/{id}")).Body!.ToJsonString();

    private static JsonObject UpdateBody(string collection) => collection switch
    {
        "security-groups" => new() { ["security_group"] = new JsonObject { ["description"] = "changed" } },
        "floatingips" => new() { ["floatingip"] = new JsonObject { ["description"] = "changed" } },
        _ => new() { [collection.TrimEnd('s')] = new JsonObject { ["name"] = "changed" } },
    };

    /// <summary>Using the owner's resource in a request of the persona's own (or acting on it): what references it.</summary>
    private async Task<HttpStatusCode> ReferenceAsync(Persona persona, string collection, Owned owned)
    {
        var session = S(persona);
        var (subnet, port) = collection is "subnets" or "ports" or "routers" ? await SpareAsync() : ("", "");
        var (status, _) = collection switch
        {
            "networks" => await session.PostAsync($"{V2}/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = owned.Network } }),
            "subnets" => await InterfaceOfOwnRouterAsync(session, new JsonObject { ["subnet_id"] = subnet }),
            "ports" => await InterfaceOfOwnRouterAsync(session, new JsonObject { ["port_id"] = port }),
            "routers" => await session.PutAsync($"{V2}/routers/{owned.Router}/add_router_interface", new JsonObject { ["subnet_id"] = subnet }),
            "security-groups" => await session.PostAsync($"{V2}/security-group-rules", new JsonObject
            {
                ["security_group_rule"] = new JsonObject
                {
                    ["security_group_id"] = owned.Group, ["direction"] = "egress", ["protocol"] = "udp",
                    ["port_range_min"] = 1000 + (int)persona, ["port_range_max"] = 1000 + (int)persona,
                },
            }),
            _ => await FindRuleAsync(session, owned.Rule),
        };
        return status;
    }

    /// <summary>A new router of the persona's own project (the reader cannot make one) with the owner's subnet or port as an interface.</summary>
    private async Task<(HttpStatusCode, JsonNode?)> InterfaceOfOwnRouterAsync(ApiSession session, JsonObject reference)
    {
        var (status, body) = await session.PostAsync($"{V2}/routers", new JsonObject { ["router"] = new JsonObject { ["name"] = "persona-router" } });
        if (status != Created)
        {
            return (status, body);
        }
        return await session.PutAsync($"{V2}/routers/{body!["router"]!["id"]!.GetValue<string>()}/add_router_interface", reference);
    }

    /// <summary>A rule is found by filtering the collection on its ID: found (200) or not there (404).</summary>
    private static async Task<(HttpStatusCode, JsonNode?)> FindRuleAsync(ApiSession session, string id)
    {
        var (status, body) = await session.GetAsync($"{V2}/security-group-rules?id={id}");
        return (status == HttpStatusCode.OK && body!["security_group_rules"]!.AsArray().Count == 0 ? HttpStatusCode.NotFound : status, body);
    }

    private static readonly Dictionary<Persona, (bool Listed, HttpStatusCode Show, HttpStatusCode Update, HttpStatusCode Tag, HttpStatusCode Reference, HttpStatusCode Delete)> Expected = new()
    {
        [Persona.Owner] = (true, Ok, Ok, Created, Created, Gone),
        [Persona.Other] = (false, NotFound, NotFound, NotFound, NotFound, NotFound),
        [Persona.Reader] = (true, Ok, Forbidden, Forbidden, Forbidden, Forbidden),
        [Persona.Admin] = (true, Ok, Ok, Created, Created, Gone),
    };

    [Fact]
    public async Task Every_resource_and_verb_answers_each_persona_as_Neutrons_default_policy_does_and_a_refusal_changes_nothing()
    {
        var shared = await OwnedAsync("a");
        var deletedByOwner = await OwnedAsync("bb");
        var deletedByAdmin = await OwnedAsync("ccc");
        var cells = new List<(string Collection, string Verb, Persona Persona, string Expected, string Actual)>();

        void Cell(string collection, string verb, Persona persona, object expected, object actual) =>
            cells.Add((collection, verb, persona, expected.ToString()!, actual.ToString()!));

        // The refused personas first, each attempt followed by the check that nothing changed.
        foreach (var persona in new[] { Persona.Other, Persona.Reader, Persona.Owner, Persona.Admin })
        {
            var session = S(persona);
            var expected = Expected[persona];
            foreach (var collection in Collections)
            {
                var id = shared.Of(collection);
                var key = collection.Replace('-', '_');
                var before = await SnapshotAsync(collection, id);
                var refused = persona is Persona.Other or Persona.Reader;

                var (_, list) = await session.GetAsync($"{V2}/{collection}");
                Cell(collection, "list", persona, expected.Listed, list![key]!.AsArray().Any(r => r!["id"]!.GetValue<string>() == id));
                Cell(collection, "show", persona, expected.Show, (await session.GetAsync($"{V2}/{collection}/{id}")).Status);
                if (collection != "security-group-rules")
                {
                    Cell(collection, "update", persona, expected.Update, (await session.PutAsync($"{V2}/{collection}/{id}", UpdateBody(collection))).Status);
                    Cell(collection, "tag", persona, expected.Tag, (await session.PutAsync($"{V2}/{collection}/{id}/tags/{persona}", new JsonObject())).Status);
                }
                if (collection != "floatingips")
                {
                    Cell(collection, collection switch { "security-group-rules" => "find", "routers" => "action", _ => "reference" }, persona,
                        collection switch
                        {
                            "security-group-rules" => expected.Show,
                            "routers" or "subnets" or "ports" when persona is Persona.Owner or Persona.Admin => Ok,
                            _ => expected.Reference,
                        }, await ReferenceAsync(persona, collection, shared));
                }
                if (refused)
                {
                    Cell(collection, "delete", persona, expected.Delete, (await session.DeleteAsync($"{V2}/{collection}/{id}")).Status);
                    Cell(collection, "unchanged", persona, before, await SnapshotAsync(collection, id));
                }
            }
        }

        // Deletes that succeed, each on a set of its own, in the order a project is taken apart.
        foreach (var (persona, set) in new[] { (Persona.Owner, deletedByOwner), (Persona.Admin, deletedByAdmin) })
        {
            foreach (var collection in new[] { "floatingips", "security-group-rules", "security-groups", "routers", "ports", "subnets", "networks" })
            {
                Cell(collection, "delete", persona, Expected[persona].Delete, (await S(persona).DeleteAsync($"{V2}/{collection}/{set.Of(collection)}")).Status);
            }
        }

        foreach (var c in cells)
        {
            output.WriteLine($"{c.Collection,-22} {c.Verb,-10} {c.Persona,-7} expected {Short(c.Expected)} got {Short(c.Actual)}");
        }
        var wrong = cells.Where(c => c.Expected != c.Actual).Select(c => $"{c.Collection} {c.Verb} as {c.Persona}: expected {Short(c.Expected)}, got {Short(c.Actual)}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells.Count} cells differ:\n{string.Join("\n", wrong)}");
        Assert.True(cells.Count >= 150, $"the matrix has {cells.Count} cells");
    }

    [Fact]
    public async Task The_operators_collections_list_nothing_to_members_and_readers_and_their_other_reads_answer_403()
    {
        var cells = new List<string>();
        foreach (var persona in Enum.GetValues<Persona>())
        {
            var session = S(persona);
            var admin = persona == Persona.Admin;
            // As neutron-server: a collection is never refused, it lists what the policy lets the caller get; the
            // scheduler's and the quotas' own reads are refused.
            foreach (var what in new[] { "agents", "credentials", "traces" })
            {
                var (status, body) = await session.GetAsync($"{V2}/{what}");
                var listed = body?[what]?.AsArray().Count ?? -1;
                if (status != HttpStatusCode.OK || (admin ? what == "agents" && listed == 0 : listed != 0))
                {
                    cells.Add($"{what} as {persona}: got {status} with {listed} listed");
                }
            }
            var expected = admin ? HttpStatusCode.OK : Forbidden;
            var (l3, _) = await session.GetAsync($"{V2}/routers/{await S(Persona.Admin).IdOfAsync("routers", "router1")}/l3-agents");
            var (quotas, _) = await session.GetAsync($"{V2}/quotas");
            foreach (var (what, status) in new[] { ("l3-agents", l3), ("quotas", quotas) })
            {
                if (status != expected)
                {
                    cells.Add($"{what} as {persona}: expected {expected}, got {status}");
                }
            }
        }

        Assert.True(cells.Count == 0, string.Join("\n", cells));
    }

    private static string Short(string value) => value.Length > 60 ? value[..60] + "..." : value;
}
