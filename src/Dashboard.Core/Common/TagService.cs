using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Common;

/// <summary>The standard-attr-tag extension: tags on any standard resource, addressed by its collection name.</summary>
public sealed class TagService(Transactions transactions)
{
    public const int MaxLength = 60;

    public static readonly IReadOnlyList<string> Collections = ["networks", "subnets", "ports", "routers", "security-groups", "floatingips", "subnetpools"];

    public Task<List<string>> GetAsync(string collection, string id, CancellationToken ct = default) =>
        transactions.ReadAsync(async db => (await FindAsync(db, collection, id, ct)).Tags.ToList(), ct);

    public Task<List<string>> ReplaceAsync(string collection, string id, IReadOnlyList<string> tags, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var resource = await FindAsync(db, collection, id, ct);
            resource.Tags = tags.Select(Check).Distinct().ToList();
            return resource.Tags;
        }, ct);

    public Task AddAsync(string collection, string id, string tag, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var resource = await FindAsync(db, collection, id, ct);
            if (!resource.Tags.Contains(Check(tag)))
            {
                resource.Tags = [.. resource.Tags, tag];
            }
        }, ct);

    public Task RemoveAsync(string collection, string id, string tag, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var resource = await FindAsync(db, collection, id, ct);
            if (!resource.Tags.Contains(tag))
            {
                throw new NotFoundException("TagNotFound", $"Tag {tag} could not be found for {collection} {id}.");
            }
            resource.Tags = resource.Tags.Where(t => t != tag).ToList();
        }, ct);

    private static string Check(string tag) =>
        tag.Length is 0 or > MaxLength || tag.Contains(',') || tag.Contains('/')
            ? throw new InvalidInputException($"'{tag}' is not a valid tag: 1 to {MaxLength} characters, no ',' or '/'") { Attribute = "tags" }
            : tag;

    private static async Task<StandardResource> FindAsync(NetworkDbContext db, string collection, string id, CancellationToken ct)
    {
        // Each collection with the noun of its NotFound (what the API's resource spec calls it).
        var (found, noun) = collection switch
        {
            "networks" => ((StandardResource?)await db.Networks.FirstOrDefaultAsync(r => r.Id == id, ct), "network"),
            "subnets" => (await db.Subnets.FirstOrDefaultAsync(r => r.Id == id, ct), "subnet"),
            "ports" => (await db.Ports.FirstOrDefaultAsync(r => r.Id == id, ct), "port"),
            "routers" => (await db.Routers.FirstOrDefaultAsync(r => r.Id == id, ct), "router"),
            "security-groups" => (await db.SecurityGroups.FirstOrDefaultAsync(r => r.Id == id, ct), "security group"),
            "floatingips" => (await db.FloatingIps.FirstOrDefaultAsync(r => r.Id == id, ct), "floatingip"),
            "subnetpools" => (await db.SubnetPools.FirstOrDefaultAsync(r => r.Id == id, ct), "subnet pool"),
            _ => throw new NotFoundException("ResourceNotFound", $"Tags are not supported on {collection}."),
        };
        return found ?? throw NotFoundException.Of(noun, id);
    }
}
