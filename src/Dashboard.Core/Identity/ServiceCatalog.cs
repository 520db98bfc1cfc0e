using Dashboard.Core.Common;
using Dashboard.Core.Errors;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Identity;

/// <summary>
/// Keystone's catalog as data: regions, services and their endpoints, which an admin creates, changes and deletes, and
/// which every token carries (its enabled services with their enabled endpoints).
/// </summary>
public sealed class ServiceCatalog(Transactions transactions)
{
    /// <summary>The placeholder for the address a request reached the product at, in the bootstrap's endpoint URLs.</summary>
    public const string BaseUrl = "$(base_url)s";

    // ---- Regions ----

    public Task<List<Region>> ListRegionsAsync(string? parentRegionId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Regions.Where(r => parentRegionId == null || r.ParentRegionId == parentRegionId).OrderBy(r => r.Id).ToListAsync(ct), ct);

    public Task<Region> GetRegionAsync(string id, CancellationToken ct = default) => transactions.ReadAsync(db => RegionAsync(db, id, ct), ct);

    /// <summary>Creates a region, with the ID given (Keystone's <c>PUT /v3/regions/{id}</c>) or a new one; a taken ID is 409, an unknown parent 400.</summary>
    public Task<Region> CreateRegionAsync(string? id, string description = "", string? parentRegionId = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var region = new Region { Id = id ?? NewId.Hex(), Description = Names.Check(description, "description") };
            Names.Check(region.Id, "id");
            if (await db.Regions.AnyAsync(r => r.Id == region.Id, ct))
            {
                throw new ConflictException("Conflict", $"Conflict occurred attempting to store region - Duplicate ID, {region.Id}.");
            }
            region.ParentRegionId = await ParentAsync(db, region.Id, parentRegionId, ct);
            db.Regions.Add(region);
            return region;
        }, ct);

    public Task<Region> UpdateRegionAsync(string id, string? description = null, string? parentRegionId = null, bool changeParent = false, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var region = await RegionAsync(db, id, ct);
            region.Description = description is null ? region.Description : Names.Check(description, "description");
            if (changeParent)
            {
                region.ParentRegionId = await ParentAsync(db, id, parentRegionId, ct);
            }
            return region;
        }, ct);

    /// <summary>Deletes a region with the regions under it; refused (403) while any of them has endpoints.</summary>
    public Task DeleteRegionAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            await RegionAsync(db, id, ct);
            var all = await db.Regions.ToListAsync(ct);
            var tree = new List<string> { id };
            for (var i = 0; i < tree.Count; i++)
            {
                tree.AddRange(all.Where(r => r.ParentRegionId == tree[i]).Select(r => r.Id));
            }
            if (await db.ServiceEndpoints.AnyAsync(e => e.RegionId != null && tree.Contains(e.RegionId), ct))
            {
                throw new ForbiddenException($"Unable to delete region {id} because it or its child regions have associated endpoints.");
            }
            db.Regions.RemoveRange(Enumerable.Reverse(tree).Select(r => all.Single(x => x.Id == r)));
        }, ct);

    private static async Task<Region> RegionAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Regions.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("RegionNotFound", $"Could not find region: {id}.");

    // A parent must exist and must not be the region itself or under it (no cycles).
    private static async Task<string?> ParentAsync(NetworkDbContext db, string id, string? parentRegionId, CancellationToken ct)
    {
        if (parentRegionId is null)
        {
            return null;
        }
        var all = await db.Regions.ToDictionaryAsync(r => r.Id, r => r.ParentRegionId, ct);
        if (!all.ContainsKey(parentRegionId))
        {
            throw new InvalidInputException($"Could not find parent region: {parentRegionId}.", "ValidationError") { Attribute = "parent_region_id" };
        }
        for (var at = parentRegionId; at is not null; at = all.GetValueOrDefault(at))
        {
            if (at == id)
            {
                throw new InvalidInputException($"The parent region {parentRegionId} would make a cycle with region {id}.", "ValidationError") { Attribute = "parent_region_id" };
            }
        }
        return parentRegionId;
    }

    // ---- Services ----

    public Task<List<Service>> ListServicesAsync(string? type = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.Services.Where(s => type == null || s.Type == type).OrderBy(s => s.Type).ThenBy(s => s.Name).ToListAsync(ct), ct);

    public Task<Service> GetServiceAsync(string id, CancellationToken ct = default) => transactions.ReadAsync(db => ServiceAsync(db, id, ct), ct);

    public Task<Service> CreateServiceAsync(string type, string name = "", string description = "", bool enabled = true, CancellationToken ct = default) =>
        transactions.WriteAsync(db =>
        {
            var service = new Service { Type = CheckType(type), Name = Names.Check(name, "name"), Description = Names.Check(description, "description"), Enabled = enabled };
            db.Services.Add(service);
            return Task.FromResult(service);
        }, ct);

    public Task<Service> UpdateServiceAsync(string id, string? type = null, string? name = null, string? description = null, bool? enabled = null, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var service = await ServiceAsync(db, id, ct);
            service.Type = type is null ? service.Type : CheckType(type);
            service.Name = name is null ? service.Name : Names.Check(name, "name");
            service.Description = description is null ? service.Description : Names.Check(description, "description");
            service.Enabled = enabled ?? service.Enabled;
            return service;
        }, ct);

    /// <summary>Deletes a service with its endpoints, as Keystone does.</summary>
    public Task DeleteServiceAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db => db.Services.Remove(await ServiceAsync(db, id, ct)), ct);

    private static async Task<Service> ServiceAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.Services.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("ServiceNotFound", $"Could not find service: {id}.");

    private static string CheckType(string type) =>
        string.IsNullOrWhiteSpace(type)
            ? throw new InvalidInputException("'type' is a required property of a service.", "ValidationError") { Attribute = "type" }
            : Names.Check(type, "type");

    // ---- Endpoints ----

    public Task<List<ServiceEndpoint>> ListEndpointsAsync(string? serviceId = null, string? @interface = null, string? regionId = null, CancellationToken ct = default) =>
        transactions.ReadAsync(db => db.ServiceEndpoints
            .Where(e => (serviceId == null || e.ServiceId == serviceId) && (@interface == null || e.Interface == @interface) && (regionId == null || e.RegionId == regionId))
            .OrderBy(e => e.ServiceId).ThenBy(e => e.Interface).ToListAsync(ct), ct);

    public Task<ServiceEndpoint> GetEndpointAsync(string id, CancellationToken ct = default) => transactions.ReadAsync(db => EndpointAsync(db, id, ct), ct);

    /// <summary>
    /// Creates an endpoint of a service. A region that does not exist yet is created with it (Keystone keeps this for
    /// clients that name regions freely); an unknown service or interface is 400.
    /// </summary>
    public Task<ServiceEndpoint> CreateEndpointAsync(string serviceId, string @interface, string url, string? regionId = null, bool enabled = true, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var endpoint = new ServiceEndpoint { ServiceId = serviceId, Interface = CheckInterface(@interface), Url = CheckUrl(url), Enabled = enabled };
            await CheckServiceAsync(db, serviceId, ct);
            endpoint.RegionId = await RegionOrNewAsync(db, regionId, ct);
            db.ServiceEndpoints.Add(endpoint);
            return endpoint;
        }, ct);

    public Task<ServiceEndpoint> UpdateEndpointAsync(string id, string? serviceId = null, string? @interface = null, string? url = null, string? regionId = null, bool? enabled = null,
        CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            var endpoint = await EndpointAsync(db, id, ct);
            if (serviceId is not null)
            {
                await CheckServiceAsync(db, serviceId, ct);
                endpoint.ServiceId = serviceId;
            }
            endpoint.Interface = @interface is null ? endpoint.Interface : CheckInterface(@interface);
            endpoint.Url = url is null ? endpoint.Url : CheckUrl(url);
            endpoint.RegionId = regionId is null ? endpoint.RegionId : await RegionOrNewAsync(db, regionId, ct);
            endpoint.Enabled = enabled ?? endpoint.Enabled;
            return endpoint;
        }, ct);

    public Task DeleteEndpointAsync(string id, CancellationToken ct = default) =>
        transactions.WriteAsync(async db => db.ServiceEndpoints.Remove(await EndpointAsync(db, id, ct)), ct);

    /// <summary>What a token's catalog holds: the enabled services, each with its enabled endpoints.</summary>
    public Task<List<(Service Service, List<ServiceEndpoint> Endpoints)>> EnabledAsync(CancellationToken ct = default) =>
        transactions.ReadAsync(async db =>
        {
            var services = await db.Services.Where(s => s.Enabled).OrderBy(s => s.Type).ToListAsync(ct);
            var endpoints = await db.ServiceEndpoints.Where(e => e.Enabled).ToListAsync(ct);
            return services.Select(s => (s, endpoints.Where(e => e.ServiceId == s.Id).OrderBy(e => e.Interface).ThenBy(e => e.Id).ToList())).ToList();
        }, ct);

    /// <summary>
    /// keystone-manage bootstrap's catalog, on a database that has none: the region, and the identity and network
    /// services with a public, internal and admin endpoint each at the address requests reach the product at.
    /// </summary>
    public Task BootstrapAsync(string region, CancellationToken ct = default) =>
        transactions.WriteAsync(async db =>
        {
            if (await db.Services.AnyAsync(ct))
            {
                return;
            }
            if (!await db.Regions.AnyAsync(r => r.Id == region, ct))
            {
                db.Regions.Add(new Region { Id = region });
            }
            foreach (var (type, name, path) in new[] { ("identity", "keystone", "/identity"), ("network", "neutron", "/networking/") })
            {
                var service = new Service { Type = type, Name = name };
                db.Services.Add(service);
                db.ServiceEndpoints.AddRange(ServiceEndpoint.Interfaces.Select(i => new ServiceEndpoint { ServiceId = service.Id, Interface = i, RegionId = region, Url = BaseUrl + path }));
            }
        }, ct);

    private static async Task<ServiceEndpoint> EndpointAsync(NetworkDbContext db, string id, CancellationToken ct) =>
        await db.ServiceEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("EndpointNotFound", $"Could not find endpoint: {id}.");

    private static async Task CheckServiceAsync(NetworkDbContext db, string serviceId, CancellationToken ct)
    {
        if (!await db.Services.AnyAsync(s => s.Id == serviceId, ct))
        {
            throw new InvalidInputException($"Could not find service: {serviceId}.", "ValidationError") { Attribute = "service_id" };
        }
    }

    private static async Task<string?> RegionOrNewAsync(NetworkDbContext db, string? regionId, CancellationToken ct)
    {
        if (regionId is not null && !await db.Regions.AnyAsync(r => r.Id == regionId, ct) && db.Regions.Local.All(r => r.Id != regionId))
        {
            db.Regions.Add(new Region { Id = Names.Check(regionId, "region_id") });
        }
        return regionId;
    }

    private static string CheckInterface(string value) =>
        ServiceEndpoint.Interfaces.Contains(value)
            ? value
            : throw new InvalidInputException($"Invalid interface '{value}': one of public, internal, admin.", "ValidationError") { Attribute = "interface" };

    private static string CheckUrl(string value) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidInputException("'url' is a required property of an endpoint.", "ValidationError") { Attribute = "url" }
            : Names.Check(value, "url", 2048);
}
