using Dashboard.Core.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A list page's toolbar and table, the same on every list (Horizon's tables): filter by what <see cref="FilterOn"/>
/// says of a row, the page's buttons, checkbox selection of the rows <see cref="Selectable"/> allows (the policy's
/// say) with one bulk action over them, and paging with the user's items per page. The rows are either all given
/// (<see cref="Items"/>, filtered and paged here) or read a page at a time (<see cref="ServerData"/>, for lists too
/// large to hold: filtered, sorted and paged in the database).
/// </summary>
public partial class ResourceList<T>
{
    private string _filter = "";
    private HashSet<T> _selected = [];
    private IReadOnlyList<T> _page = [];
    private bool _busy;
    private MudTable<T>? _table;
    private KeyComparer _byKey = default!;

    /// <summary>The rows; null while they are read. Not used with <see cref="ServerData"/>.</summary>
    [Parameter] public IReadOnlyList<T>? Items { get; set; }

    /// <summary>
    /// Reads one page: the table's page, page size and sort, and the filter's text. A chosen row stays chosen across
    /// re-reads while it is on the page shown; the bulk action takes only those.
    /// </summary>
    [Parameter] public Func<TableState, string, CancellationToken, Task<TableData<T>>>? ServerData { get; set; }

    /// <summary>The text of a row the filter looks in (its name, addresses...), case-insensitively; with <see cref="ServerData"/> the reader filters.</summary>
    [Parameter] public Func<T, string> FilterOn { get; set; } = _ => "";

    /// <summary>A row's identity (its ID): the choice survives a live re-read, which brings new row objects.</summary>
    [Parameter, EditorRequired] public Func<T, string> KeyOf { get; set; } = default!;

    [Parameter, EditorRequired] public RenderFragment Header { get; set; } = default!;

    [Parameter, EditorRequired] public RenderFragment<T> Row { get; set; } = default!;

    /// <summary>Optional rows under a row (an agent's routers or networks), spanning the table.</summary>
    [Parameter] public RenderFragment<T>? ChildRow { get; set; }

    /// <summary>More filters beside the text filter (project, status...); the page re-reads when they change (<see cref="ReloadAsync"/>).</summary>
    [Parameter] public RenderFragment? Filters { get; set; }

    /// <summary>Lets a wide table scroll sideways instead of squeezing its columns.</summary>
    [Parameter] public bool HorizontalScrollbar { get; set; }

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

    // The chosen rows still listed (a row deleted, filtered away or on another page is no longer chosen) that the action may take.
    private List<T> Chosen
    {
        get
        {
            var chosen = _selected.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
            return (ServerData is null ? Filtered : _page).Where(item => chosen.Contains(KeyOf(item)) && Selectable(item)).ToList();
        }
    }

    /// <summary>Reads the rows again (a live change, another filter): the page shown, or all of them when <see cref="Items"/> are given by the page.</summary>
    public Task ReloadAsync() => ServerData is not null && _table is not null ? _table.ReloadServerData() : Task.CompletedTask;

    protected override void OnParametersSet()
    {
        if (_byKey is null || !ReferenceEquals(_byKey.KeyOf, KeyOf))
        {
            // Rows are matched by ID, so the choice survives a live re-read, which brings new row objects.
            _byKey = new KeyComparer(KeyOf);
            _selected = new HashSet<T>(_selected, _byKey);
        }
    }

    private async Task<TableData<T>> LoadPageAsync(TableState state, CancellationToken ct)
    {
        var data = await ServerData!(state, _filter.Trim(), ct);
        if (!ct.IsCancellationRequested)
        {
            // A read overtaken by a newer one (the filter changed while it ran) is not shown by MudTable, so its rows
            // are not the page the bulk action takes either.
            _page = data.Items?.ToList() ?? [];
            StateHasChanged();
        }
        return data;
    }

    private async Task FilterChanged(string? filter)
    {
        _filter = filter ?? "";
        await ReloadAsync();
    }

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

    private sealed class KeyComparer(Func<T, string> keyOf) : IEqualityComparer<T>
    {
        public Func<T, string> KeyOf { get; } = keyOf;

        public bool Equals(T? x, T? y) => x is null || y is null ? x is null && y is null : string.Equals(KeyOf(x), KeyOf(y), StringComparison.Ordinal);

        public int GetHashCode(T obj) => StringComparer.Ordinal.GetHashCode(KeyOf(obj));
    }
}
