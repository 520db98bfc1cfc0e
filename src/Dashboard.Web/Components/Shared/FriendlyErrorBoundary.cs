using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// Catches what a page throws and shows a friendly message with a request ID to quote; the details
/// go to the log under the same ID, never to the screen. Navigating elsewhere recovers.
/// </summary>
public sealed class FriendlyErrorBoundary : ErrorBoundary
{
    private string _requestId = "";

    [Inject] private ILogger<FriendlyErrorBoundary> Logger { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized() => Navigation.LocationChanged += (_, _) => Recover();

    protected override Task OnErrorAsync(Exception exception)
    {
        _requestId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        Logger.LogError(exception, "Unhandled error in a page, request {RequestId}", _requestId);
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }
        builder.OpenComponent<MudAlert>(1);
        builder.AddAttribute(2, nameof(MudAlert.Severity), Severity.Error);
        builder.AddAttribute(3, nameof(MudAlert.Class), "ma-4");
        builder.AddAttribute(4, nameof(MudAlert.ChildContent), (RenderFragment)(b =>
            b.AddContent(0, $"Something went wrong on this page. Please try again; if it persists, quote request ID {_requestId} to your administrator.")));
        builder.AddAttribute(5, "data-testid", "friendly-error");
        builder.CloseComponent();
    }
}
