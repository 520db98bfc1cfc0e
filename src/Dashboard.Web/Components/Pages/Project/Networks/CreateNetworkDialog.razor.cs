using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

/// <summary>Horizon's Create Network workflow: Network, Subnet, Subnet Details; network and subnet are created together or not at all.</summary>
public partial class CreateNetworkDialog
{
    private static readonly Dictionary<string, int> StepOfAttribute = new()
    {
        ["name"] = 0,
        ["cidr"] = 1,
        ["ip_version"] = 1,
        ["subnetpool_id"] = 1,
        ["prefixlen"] = 1,
        ["gateway_ip"] = 1,
        ["allocation_pools"] = 2,
        ["dns_nameservers"] = 2,
        ["host_routes"] = 2,
    };

    private int _step;
    private List<Dashboard.Core.Ipam.SubnetPool> _pools = [];
    private string? _error;
    private Dictionary<string, string> _fieldErrors = [];

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Inject] private NetworkService NetworkService { get; set; } = default!;
    [Inject] private Dashboard.Core.Ipam.SubnetPoolService SubnetPools { get; set; } = default!;
    [Inject] private ResourceOperations Operations { get; set; } = default!;
    [Inject] private Dashboard.Web.Account.CurrentUser CurrentUser { get; set; } = default!;

    public SubnetForm Form { get; } = new();

    [Inject] private Dashboard.Core.Agents.AvailabilityZones AvailabilityZones { get; set; } = default!;

    private List<string> _zones = [];

    protected override async Task ReadAsync()
    {
        _pools = await SubnetPools.ListAsync(Caller.ProjectId);
        _zones = await AvailabilityZoneHints.OfAsync(AvailabilityZones, Dashboard.Core.Agents.AvailabilityZone.Network);
    }

    private int LastStep => Form.CreateSubnet ? 2 : 0;

    private IEnumerable<string> StepTitles => Form.CreateSubnet ? ["Network", "Subnet", "Subnet Details"] : ["Network"];

    private string? FieldError(string attribute) => _fieldErrors.GetValueOrDefault(attribute);

    private void Next()
    {
        var problem = Form.ProblemsOfStep(_step).FirstOrDefault();
        if (problem.Attribute is not null)
        {
            _fieldErrors = new() { [problem.Attribute] = problem.Message };
            return;
        }
        _fieldErrors.Clear();
        _step++;
    }

    private async Task CreateAsync()
    {
        var problem = Enumerable.Range(0, LastStep + 1).SelectMany(Form.ProblemsOfStep).FirstOrDefault();
        if (problem.Attribute is not null)
        {
            Show(problem.Attribute, problem.Message);
            return;
        }
        Busy = true;
        _error = null;
        _fieldErrors.Clear();
        try
        {
            // The API's path for both (attribute maps, policy), in one transaction: both or neither.
            var networkId = await Operations.AtomicallyAsync(async () =>
            {
                var created = (await Operations.CreateAsync(Caller, "networks", Form.ToNetworkBody(), default))["id"]!.GetValue<string>();
                if (Form.CreateSubnet)
                {
                    await Operations.CreateAsync(Caller, "subnets", Form.ToSubnetBody(created), default);
                }
                return created;
            }, default);
            MudDialog.Close(DialogResult.Ok(await NetworkService.GetAsync(networkId)));
        }
        catch (InvalidInputException e) when (e.Attribute is not null && StepOfAttribute.ContainsKey(e.Attribute))
        {
            Show(e.Attribute, ErrorText.Of(e));
        }
        catch (NeutronException e)
        {
            _error = e.Message;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Shows a message beside its field, on the step that holds the field.</summary>
    private void Show(string attribute, string message)
    {
        _fieldErrors = new() { [attribute] = message };
        _step = StepOfAttribute.GetValueOrDefault(attribute);
    }
}
