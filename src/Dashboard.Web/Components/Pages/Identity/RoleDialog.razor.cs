using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Dashboard.Web.Account;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

public partial class RoleDialog
{
    /// <summary>The Domain select's value for a global role (a select item cannot carry null).</summary>
    private const string Global = "";

    private string _name = "";
    private string _domainId = Global;
    private IReadOnlyCollection<string> _implies = [];
    private List<Role> _roles = [];
    private List<Domain> _domains = [];
    private string? _error;
    private string? _nameError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter] public Role? Existing { get; set; }

    /// <summary>
    /// The roles this one may imply, as Keystone allows: not itself, never admin, and for a global role only global roles
    /// (a domain's role may imply its domain's roles and global ones).
    /// </summary>
    private IEnumerable<Role> Impliable => _roles.Where(r => r.Id != Existing?.Id && !(r.DomainId is null && r.Name == Role.Admin)
        && (r.DomainId is null || (_domainId != Global && r.DomainId == _domainId)));

    protected override async Task ReadAsync()
    {
        _domains = await Identity.ListDomainsAsync();
        _roles = (await Identity.ListRolesAsync()).OrderBy(r => r.DomainId is null ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (Existing is not null)
        {
            (_name, _domainId) = (Existing.Name, Existing.DomainId ?? Global);
            _implies = (await Identity.ImpliedByAsync(Existing.Id)).Select(r => r.Id).ToList();
        }
    }

    private void DomainChanged(string domainId)
    {
        _domainId = domainId;
        _implies = _implies.Where(id => Impliable.Any(r => r.Id == id)).ToList(); // a global role cannot keep a domain's role
    }

    private async Task SaveAsync()
    {
        (_error, _nameError) = (null, null);
        Busy = true;
        try
        {
            var implies = _implies.ToList();
            Role role;
            if (Existing is null)
            {
                await CurrentUser.EnforceAsync("identity:create_role");
                await CurrentUser.EnforceAsync("identity:create_implied_role");
                role = await Identity.CreateRoleAsync(_name.Trim(), _domainId == Global ? null : _domainId, implies: implies);
            }
            else if (Existing.IsImmutable)
            {
                // Its name stays; the rules it starts may change (an admin may stop member implying reader).
                await CurrentUser.EnforceAsync("identity:create_implied_role");
                await CurrentUser.EnforceAsync("identity:delete_implied_role");
                await Identity.SetImpliedRolesAsync(Existing.Id, implies);
                role = Existing;
            }
            else
            {
                await CurrentUser.EnforceAsync("identity:update_role");
                await CurrentUser.EnforceAsync("identity:create_implied_role");
                await CurrentUser.EnforceAsync("identity:delete_implied_role");
                role = await Identity.UpdateRoleAsync(Existing.Id, _name.Trim(), implies: implies);
            }
            MudDialog.Close(DialogResult.Ok(role));
        }
        catch (NeutronException e)
        {
            (_nameError, _error) = ErrorText.ByName(e);
        }
        finally
        {
            Busy = false;
        }
    }
}
