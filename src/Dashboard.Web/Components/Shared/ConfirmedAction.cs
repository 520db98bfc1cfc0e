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

    /// <summary>
    /// A bulk action over chosen rows: asks once, naming them, then acts on each; each success and each refusal (with
    /// the domain's reason) is said by name. Returns how many succeeded (0 when cancelled).
    /// </summary>
    public static async Task<int> RunEachAsync<T>(this IDialogService dialogs, ISnackbar snackbar, (string Verb, string Past) words, string kind, IReadOnlyList<T> items, Func<T, string> nameOf, Func<T, Task> action)
    {
        var (verb, past) = words;
        if (items.Count == 0)
        {
            return 0;
        }
        var title = $"{verb} {(items.Count == 1 ? kind : kind + "s")}";
        var question = $"You have selected: {string.Join(", ", items.Select(nameOf))}. Please confirm your selection. This action cannot be undone.";
        if (await dialogs.ShowMessageBoxAsync(title, question, yesText: verb, cancelText: "Cancel") != true)
        {
            return 0;
        }
        var done = 0;
        foreach (var item in items)
        {
            try
            {
                await action(item);
                snackbar.Add($"{past} {kind} \"{nameOf(item)}\".", Severity.Success);
                done++;
            }
            catch (NeutronException e)
            {
                snackbar.Add($"Unable to {verb.ToLowerInvariant()} {kind} \"{nameOf(item)}\": {e.Message}", Severity.Error);
            }
        }
        return done;
    }
}
