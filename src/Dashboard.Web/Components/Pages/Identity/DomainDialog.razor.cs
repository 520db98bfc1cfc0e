using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Dashboard.Web.Account;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class DomainDialog
{
    private string _name = "";
    private string _description = "";
    private bool _enabled = true;
    private string? _error;
    private string? _nameError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter] public Domain? Existing { get; set; }

    protected override void OnInitialized()
    {
        if (Existing is not null)
        {
            (_name, _description, _enabled) = (Existing.Name, Existing.Description, Existing.Enabled);
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await CurrentUser.EnforceAsync(Existing is null ? "identity:create_domain" : "identity:update_domain");
            var domain = Existing is null
                ? await Identity.CreateDomainAsync(_name.Trim(), _description.Trim(), _enabled)
                : await Identity.UpdateDomainAsync(Existing.Id, _name.Trim(), _description.Trim(), _enabled);
            MudDialog.Close(DialogResult.Ok(domain));
        }
        catch (NeutronException e)
        {
            (_nameError, _error) = ErrorText.ByName(e);
        }
    }
}
