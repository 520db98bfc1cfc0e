using Bunit;
using Dashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Dashboard.Web.Tests.Components;

/// <summary>A form dialog may not be submitted before it has read what it offers (CI's browser journey clicked "Allocate IP" before the pools were read: nothing was allocated).</summary>
public class FormDialogTests : BunitContext
{
    /// <summary>A form whose read ends when the test says so, with its submit button bound to <see cref="FormDialog.Busy"/> as the product's dialogs bind theirs.</summary>
    private sealed class SlowForm : FormDialog
    {
        [Parameter] public Task Read { get; set; } = Task.CompletedTask;

        public int Submitted { get; private set; }

        protected override Task ReadAsync() => Read;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "disabled", Busy);
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => Submitted++));
            builder.AddContent(3, "Submit");
            builder.CloseElement();
        }
    }

    [Fact]
    public async Task The_submit_button_is_disabled_until_the_form_is_read_then_enabled()
    {
        var read = new TaskCompletionSource();
        var form = Render<SlowForm>(p => p.Add(f => f.Read, read.Task));

        Assert.True(form.Find("button").HasAttribute("disabled"));

        await form.InvokeAsync(read.SetResult);
        form.WaitForAssertion(() => Assert.False(form.Find("button").HasAttribute("disabled")), TimeSpan.FromSeconds(30));
        form.Find("button").Click();
        Assert.Equal(1, form.Instance.Submitted);
    }
}
