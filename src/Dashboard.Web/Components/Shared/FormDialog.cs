using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A dialog whose form first reads what it offers and shows (pools, subnets, a user's or a port's current values).
/// Its submit button is disabled (<see cref="Busy"/>) until that is read, and while a submit runs: a quick click on a
/// form still half read would submit what is not there yet (no pool chosen, a port's groups cleared).
/// </summary>
public abstract class FormDialog : ComponentBase
{
    /// <summary>Whether the form may not be submitted now: it is still being read, or a submit is under way.</summary>
    protected bool Busy { get; set; } = true;

    protected sealed override async Task OnInitializedAsync()
    {
        await ReadAsync();
        Busy = false;
    }

    /// <summary>Reads what the form offers and its first values.</summary>
    protected abstract Task ReadAsync();
}
