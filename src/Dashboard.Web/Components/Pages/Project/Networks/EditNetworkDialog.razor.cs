using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Core.Networking;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.Networks;

public partial class EditNetworkDialog
{
    private string _name = "";
    private bool _adminStateUp;
    private bool _shared;
    private bool _external;
    private string? _error;
    private List<Dashboard.Core.Identity.Project>? _projects;
    private List<RbacPolicy> _shares = [];
    private IReadOnlyCollection<string> _sharedWith = [];
    private string? _sharingError;

    [Inject] private RbacService Rbac { get; set; } = default!;
    [Inject] private Dashboard.Core.Identity.IdentityService Identity { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required Network Network { get; set; }

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    protected override async Task ReadAsync()
    {
        (_name, _adminStateUp, _shared, _external) = (Network.Name, Network.AdminStateUp, Network.Shared, Network.External);
        // Who may share with whom: the policy's create_rbac_policy on this network; choosing projects needs listing them (an admin).
        if (Policy.Allows(Caller, "create_rbac_policy", Dashboard.Core.Policies.PolicyTarget.OfProject(Network.ProjectId))
            && Policy.Allows(Caller, "identity:list_projects", Dashboard.Core.Policies.PolicyTarget.Of()))
        {
            _projects = (await Identity.ListProjectsAsync()).Where(p => p.Id != Network.ProjectId).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            _shares = (await Rbac.ListAsync()).Where(r => r.ObjectId == Network.Id && r.Action == RbacPolicy.AccessAsShared && r.TargetProject != RbacPolicy.Everyone).ToList();
            _sharedWith = _shares.Select(r => r.TargetProject).ToList();
        }
    }

    private async Task SaveAsync()
    {
        (_error, _sharingError) = (null, null);
        Busy = true;
        try
        {
            // The API's path: the attribute map checks the values, the policy who may change them (shared and external only when changed).
            var body = new System.Text.Json.Nodes.JsonObject { ["name"] = _name.Trim(), ["admin_state_up"] = _adminStateUp };
            if (_shared != Network.Shared)
            {
                body["shared"] = _shared;
            }
            if (_external != Network.External)
            {
                body["router:external"] = _external;
            }
            // The network and its shares change together or not at all.
            await Operations.AtomicallyAsync(async () =>
            {
                await Operations.UpdateAsync(Caller, "networks", Network.Id, body, Network.RevisionNumber, default);
                await ShareAsync();
                return true;
            }, default);
            MudDialog.Close(DialogResult.Ok(await NetworkService.GetAsync(Network.Id)));
        }
        catch (InUseException e) when (e.Type == "RbacPolicyInUse")
        {
            _sharingError = $"A project taken off still has ports on this network. {e.Message}";
        }
        catch (RevisionMismatchException)
        {
            _error = "Someone changed this network meanwhile. Close this dialog and open it again to see the current values.";
        }
        catch (NeutronException e)
        {
            _error = e is InvalidInputException invalid ? invalid.Reason : e.Message;
        }
        finally
        {
            Busy = false;
        }
    }

    // The projects chosen get an access_as_shared policy (owned by the network's project), those taken off lose theirs.
    private async Task ShareAsync()
    {
        if (_projects is null)
        {
            return;
        }
        var chosen = _sharedWith.ToHashSet();
        foreach (var share in _shares.Where(r => !chosen.Contains(r.TargetProject)))
        {
            await Operations.DeleteAsync(Caller, "rbac-policies", share.Id, null, default);
        }
        foreach (var project in chosen.Where(p => _shares.All(r => r.TargetProject != p)))
        {
            await Operations.CreateAsync(Caller, "rbac-policies", new System.Text.Json.Nodes.JsonObject
            {
                ["object_type"] = "network", ["object_id"] = Network.Id, ["action"] = RbacPolicy.AccessAsShared,
                ["target_tenant"] = project, ["project_id"] = Network.ProjectId,
            }, default);
        }
    }
}
