using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

using Project = Dashboard.Core.Identity.Project;

public partial class ProjectDialog
{
    private string _name = "";
    private string _description = "";
    private bool _enabled = true;
    private string _domainId = Domains.DefaultId;
    private string? _error;
    private string? _nameError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter] public Project? Existing { get; set; }

    protected override void OnInitialized()
    {
        if (Existing is not null)
        {
            (_name, _description, _enabled, _domainId) = (Existing.Name, Existing.Description, Existing.Enabled, Existing.DomainId);
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await CurrentUser.EnforceAsync(Existing is null ? "identity:create_project" : "identity:update_project");
            var project = Existing is null
                ? await Identity.CreateProjectAsync(_name.Trim(), _description.Trim(), _enabled, domainId: _domainId)
                : await Identity.UpdateProjectAsync(Existing.Id, _name.Trim(), _description.Trim(), _enabled);
            MudDialog.Close(DialogResult.Ok(project));
        }
        catch (NeutronException e)
        {
            (_nameError, _error) = ErrorText.ByName(e);
        }
    }
}
