using Dashboard.Core.Identity;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A list page's toolbar and table, the same on every list (Horizon's tables): filter by what <see cref="FilterOn"/>
/// says of a row, the page's buttons, checkbox selection of the rows <see cref="Selectable"/> allows (the policy's
/// say) with one bulk action over them, and paging with the user's items per page.
/// </summary>
public partial class ResourceList<T>
{
    private string _filter = "";
    private HashSet<T> _selected = [];
    private bool _busy;

    /// <summary>The rows; null while they are read.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<T>? Items { get; set; }

    /// <summary>The text of a row the filter looks in (its name, addresses...), case-insensitively.</summary>
    [Parameter, EditorRequired] public Func<T, string> FilterOn { get; set; } = default!;

    /// <summary>A row's identity (its ID): the choice survives a live re-read, which brings new row objects.</summary>
    [Parameter, EditorRequired] public Func<T, string> KeyOf { get; set; } = default!;

    [Parameter, EditorRequired] public RenderFragment Header { get; set; } = default!;

    [Parameter, EditorRequired] public RenderFragment<T> Row { get; set; } = default!;

    /// <summary>Optional rows under a row (an agent's routers or networks), spanning the table.</summary>
    [Parameter] public RenderFragment<T>? ChildRow { get; set; }

    /// <summary>The page's own buttons (Create ...), right of the filter.</summary>
    [Parameter] public RenderFragment? Actions { get; set; }

    /// <summary>What to do with the chosen rows (confirm, then act); without it the rows have no checkboxes.</summary>
    [Parameter] public Func<IReadOnlyList<T>, Task>? BulkAction { get; set; }

    [Parameter] public string BulkLabel { get; set; } = "Delete";

    [Parameter] public string BulkIcon { get; set; } = MudBlazor.Icons.Material.Filled.Delete;

    /// <summary>Which chosen rows the bulk action takes (e.g. what the policy lets the user delete); the others are left.</summary>
    [Parameter] public Func<T, bool> Selectable { get; set; } = _ => true;

    [Parameter] public string FilterPlaceholder { get; set; } = "Filter";

    [Parameter] public string Empty { get; set; } = "Nothing here yet.";

    [Parameter] public string TestId { get; set; } = "resource-list";

    /// <summary>The user's settings, cascaded by the layout: the page size.</summary>
    [CascadingParameter] private UserSettings? Settings { get; set; }

    private IEnumerable<T> Filtered => string.IsNullOrWhiteSpace(_filter)
        ? Items ?? []
        : (Items ?? []).Where(item => FilterOn(item).Contains(_filter.Trim(), StringComparison.OrdinalIgnoreCase));

    // The chosen rows still listed (a row deleted or filtered away is no longer chosen) that the action may take.
    private List<T> Chosen => Filtered.Where(item => _selected.Contains(item) && Selectable(item)).ToList();

    protected override void OnParametersSet()
    {
        if (Items is not null)
        {
            var chosen = _selected.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
            _selected = Items.Where(item => chosen.Contains(KeyOf(item))).ToHashSet();
        }
    }

    private void FilterChanged(string? filter) => _filter = filter ?? "";

    private async Task RunBulkAsync()
    {
        _busy = true;
        try
        {
            await BulkAction!(Chosen);
            _selected.Clear();
        }
        finally
        {
            _busy = false;
        }
    }
}
