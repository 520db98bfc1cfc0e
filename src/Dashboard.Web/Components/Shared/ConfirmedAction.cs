using Dashboard.Core.Errors;
using MudBlazor;

namespace Dashboard.Web.Components.Shared;

/// <summary>The pages' one way to do something destructive: ask, run, and report success or the domain's reason plainly.</summary>
public static class ConfirmedAction
{
    /// <summary>True when the action ran and succeeded; false when cancelled or refused (the reason is shown).</summary>
    public static async Task<bool> RunAsync(this IDialogService dialogs, ISnackbar snackbar, string title, string question, string yes, Func<Task> action, string done)
    {
        if (await dialogs.ShowMessageBoxAsync(title, question, yesText: yes, cancelText: "Cancel") != true)
        {
            return false;
        }
        try
        {
            await action();
            snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (NeutronException e)
        {
            snackbar.Add($"{title} failed: {e.Message}", Severity.Error);
            return false;
        }
    }
}
