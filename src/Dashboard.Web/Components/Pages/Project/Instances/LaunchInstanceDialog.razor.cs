using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Policies;
using Dashboard.Core.SecurityGroups;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Instances;

public partial class LaunchInstanceDialog
{
    private bool _mayChooseHost;
    private string _name = "";
    private IReadOnlyCollection<string> _networks = [];
    private IReadOnlyCollection<string> _groups = [];
    private string? _host;
    private List<Network> _allNetworks = [];
    private List<SecurityGroup> _allGroups = [];
    private List<ComputeNode> _nodes = [];
    private string? _error;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    protected override async Task ReadAsync()
    {
        _allNetworks = (await NetworkService.ListAsync(Caller.ProjectId)).Where(n => !n.External && n.Subnets.Count > 0).ToList();
        await SecurityGroups.EnsureDefaultAsync(Caller.ProjectId);
        _allGroups = await SecurityGroups.ListAsync(Caller.ProjectId);
        _groups = _allGroups.Where(g => g.IsDefault).Select(g => g.Id).ToList();
        // Choosing the host is binding a port to it: Neutron's create_port:binding:host_id (admin only by default).
        _mayChooseHost = Policy.Allows(Caller, "create_port:binding:host_id", PolicyTarget.OfProject(Caller.ProjectId));
        if (_mayChooseHost)
        {
            _nodes = (await Nodes.ListAsync()).Where(n => n.Enabled).ToList();
        }
    }

    private async Task LaunchAsync()
    {
        if (string.IsNullOrWhiteSpace(_name) || _networks.Count == 0)
        {
            _error = string.IsNullOrWhiteSpace(_name) ? "Instance Name is required." : "Choose at least one network.";
            return;
        }
        Busy = true;
        _error = null;
        try
        {
            Policy.Enforce(Caller, "create_port", PolicyTarget.OfProject(Caller.ProjectId));
            var instance = await Instances.LaunchAsync(new InstanceSpec(Caller.ProjectId, _name.Trim(), _networks.ToList())
            {
                SecurityGroups = _groups.ToList(),
                HostName = _mayChooseHost ? _host : null,
            });
            MudDialog.Close(DialogResult.Ok(instance));
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
}
