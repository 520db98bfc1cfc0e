using Dashboard.Core.Errors;
using Dashboard.Core.Identity;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Identity;

using Project = Dashboard.Core.Identity.Project;

public partial class UserDialog
{
    private string _name = "";
    private string _email = "";
    private string _password = "";
    private string _confirm = "";
    private string? _projectId;
    private string _domainId = Domains.DefaultId;
    private string _role = Role.Member;
    private List<Project> _projects = [];
    private List<Role> _roles = [];
    private string? _error;
    private string? _nameError;
    private string? _passwordError;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter] public User? Existing { get; set; }

    protected override async Task ReadAsync()
    {
        _projects = await Identity.ListProjectsAsync();
        _roles = await Identity.ListRolesAsync();
        if (Existing is not null)
        {
            (_name, _email, _projectId, _domainId) = (Existing.Name, Existing.Email, Existing.DefaultProjectId, Existing.DomainId);
        }
    }

    private async Task SaveAsync()
    {
        (_error, _nameError, _passwordError) = (null, null, null);
        if (_password != _confirm)
        {
            return; // said beside Confirm Password
        }
        try
        {
            await CurrentUser.EnforceAsync(Existing is null ? "identity:create_user" : "identity:update_user");
            var user = Existing is null
                ? await Identity.CreateUserAsync(_name.Trim(), _password, _projectId, _email.Trim(), domainId: _domainId)
                : await Identity.UpdateUserAsync(Existing.Id, _password == "" ? null : _password, email: _email.Trim(), defaultProjectId: _projectId);
            if (_projectId is not null)
            {
                await Identity.AssignRoleAsync(_projectId, user.Id, _role);
            }
            MudDialog.Close(DialogResult.Ok(user));
        }
        catch (ConflictException) when (Existing is null)
        {
            // Creating, the one conflict is the name: said by name, beside it (Keystone's message is the API's).
            _nameError = $"A user named {_name.Trim()} already exists.";
        }
        catch (InvalidInputException e) when (e.Attribute is "name" or "password")
        {
            if (e.Attribute == "name")
            {
                _nameError = ErrorText.Of(e);
            }
            else
            {
                _passwordError = ErrorText.Of(e);
            }
        }
        catch (NeutronException e)
        {
            _error = ErrorText.Of(e);
        }
    }
}
