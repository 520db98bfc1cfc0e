using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Dashboard.Web.Account;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class GroupDialog
{
    private string _name = "";
    private string _description = "";
    private string _domainId = Domains.DefaultId;
    private string? _error;
    private string? _nameError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter] public Group? Existing { get; set; }

    protected override void OnInitialized()
    {
        if (Existing is not null)
        {
            (_name, _description, _domainId) = (Existing.Name, Existing.Description, Existing.DomainId);
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await CurrentUser.EnforceAsync(Existing is null ? "identity:create_group" : "identity:update_group");
            var group = Existing is null
                ? await Identity.CreateGroupAsync(_name.Trim(), _description.Trim(), _domainId)
                : await Identity.UpdateGroupAsync(Existing.Id, _name.Trim(), _description.Trim());
            MudDialog.Close(DialogResult.Ok(group));
        }
        catch (NeutronException e)
        {
            (_nameError, _error) = ErrorText.ByName(e);
        }
    }
}
