using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Admin.Extensions;

public partial class ExtensionResource
{
    private ResourceSpec? _spec;
    private IResourceHandler? _handler;
    private List<AttributeSpec> _columns = [];
    private List<JsonObject>? _rows;
    private Caller _caller = default!;

    [Parameter] public string Alias { get; set; } = "";

    [Parameter] public string Collection { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        _caller = await CurrentUser.CallerAsync();
        _spec = Registry.Find(Alias)?.Resources.Any(r => r.Collection == Collection) == true ? Registry.Resource(Collection) : null;
        _handler = Handlers.FirstOrDefault(h => h.Collection == Collection);
        if (_spec is not null && _handler is not null)
        {
            _columns = ResourceFields.Columns(_spec).ToList();
            await LoadAsync();
        }
    }

    private async Task LoadAsync() =>
        _rows = await Operations.ListAsync(_caller, Collection, default);

    private async Task EditAsync(JsonObject? row)
    {
        var dialog = await Dialogs.ShowAsync<ResourceFormDialog>(row is null ? $"Create {_spec!.Member}" : $"Edit {_spec!.Member}",
            new DialogParameters<ResourceFormDialog> { { d => d.Spec, _spec }, { d => d.Collection, Collection }, { d => d.Caller, _caller }, { d => d.Existing, row } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(row is null ? "Created." : "Updated.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(JsonObject row)
    {
        var id = row[_spec!.IdAttribute]!.GetValue<string>();
        if (await Dialogs.ShowMessageBoxAsync("Delete", $"Delete {_spec.Member} {id}? This action cannot be undone.", yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }
        try
        {
            await Operations.DeleteAsync(_caller, Collection, id, expectedRevision: null, default);
            Snackbar.Add("Deleted.", Severity.Success);
        }
        catch (NeutronException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await LoadAsync();
    }

    private string IdOf(JsonObject row) => row[_spec!.IdAttribute]?.GetValue<string>() ?? "";

    // What the filter looks in: the values of the columns shown (never a secret, which is not shown).
    private string FilterText(JsonObject row) => string.Join(' ', _columns.Select(c => ResourceFields.Display(row[c.Name])));

    private async Task DeleteChosenAsync(IReadOnlyList<JsonObject> rows)
    {
        await Dialogs.RunEachAsync(Snackbar, ("Delete", "Deleted"), _spec!.Member.Replace('_', ' '), rows, IdOf,
            row => Operations.DeleteAsync(_caller, Collection, IdOf(row), expectedRevision: null, default));
        await LoadAsync();
    }

    /// <summary>Whether the extension's rule (<c>create_credential</c>, <c>delete_trace</c>...) lets the caller act on the row (or create one for their project).</summary>
    private bool May(string action, JsonObject? row) => Operations.Policy.Allows(_caller, $"{action}_{_spec!.Member}",
        row is null ? Dashboard.Core.Policies.PolicyTarget.OfProject(_caller.ProjectId) : Dashboard.Core.Policies.PolicyTarget.Of(row));
}
