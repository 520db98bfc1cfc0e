using Dashboard.Core.Errors;
using Dashboard.Core.SecurityGroups;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Project.SecurityGroups;

public partial class SecurityGroupDialog
{
    private string _name = "";
    private string _description = "";
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required string ProjectId { get; set; }

    [Parameter] public SecurityGroup? Existing { get; set; }

    protected override void OnInitialized() => (_name, _description) = Existing is null ? ("", "") : (Existing.Name, Existing.Description);

    private async Task SaveAsync()
    {
        if (string.IsNullOrWhiteSpace(_name))
        {
            _error = "Name is required.";
            return;
        }
        _busy = true;
        try
        {
            var caller = await CurrentUser.CallerAsync();
            var body = new System.Text.Json.Nodes.JsonObject { ["name"] = _name.Trim(), ["description"] = _description.Trim() };
            if (Existing is null)
            {
                body["project_id"] = ProjectId;
            }
            var view = Existing is null
                ? await Operations.CreateAsync(caller, "security-groups", body, default)
                : await Operations.UpdateAsync(caller, "security-groups", Existing.Id, body, null, default);
            MudDialog.Close(DialogResult.Ok(await Groups.GetAsync(view["id"]!.GetValue<string>())));
        }
        catch (NeutronException e)
        {
            _error = ErrorText.Of(e);
        }
        finally
        {
            _busy = false;
        }
    }
}
