using System.Text.Json.Nodes;
using Dashboard.Core.Errors;
using Dashboard.Core.Extensions;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Admin.Extensions;

public partial class ResourceFormDialog
{
    private List<AttributeSpec> _attributes = [];
    private Dictionary<string, string?> _inputs = [];
    private Dictionary<string, string> _errors = [];
    private string? _error;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired] public required ResourceSpec Spec { get; set; }

    [Parameter, EditorRequired] public required string Collection { get; set; }

    [Parameter, EditorRequired] public required Caller Caller { get; set; }

    [Parameter] public JsonObject? Existing { get; set; }

    protected override void OnInitialized()
    {
        _attributes = ResourceFields.FormAttributes(Spec, create: Existing is null).ToList();
        foreach (var attribute in _attributes)
        {
            _inputs[attribute.Name] = Existing is not null ? (Existing.TryGetPropertyValue(attribute.Name, out var v) ? ResourceFields.Display(v) : "")
                : attribute.HasDefault && !attribute.DefaultIsUnspecified && attribute.Default is not null ? ResourceFields.Display(attribute.Default) : "";
        }
    }

    private async Task SaveAsync()
    {
        _errors = _attributes.Select(a => (a.Name, Problem: ResourceFields.Check(a, Existing is not null && !a.IsRequired ? _inputs[a.Name] : _inputs[a.Name])))
            .Where(p => p.Problem is not null).ToDictionary(p => p.Name, p => p.Problem!);
        if (Existing is not null)
        {
            _errors = _errors.Where(e => !string.IsNullOrEmpty(_inputs[e.Key])).ToDictionary();
        }
        if (_errors.Count > 0)
        {
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            var body = ResourceFields.Body(_attributes, _inputs);
            if (Existing is null)
            {
                await Operations.CreateAsync(Caller, Collection, body, default);
            }
            else
            {
                await Operations.UpdateAsync(Caller, Collection, Existing[Spec.IdAttribute]!.GetValue<string>(), body, null, default);
            }
            MudDialog.Close(DialogResult.Ok(true));
        }
        catch (InvalidInputException e) when (e.Attribute is not null && _inputs.ContainsKey(e.Attribute))
        {
            _errors = new() { [e.Attribute] = ErrorText.Of(e) };
        }
        catch (NeutronException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
