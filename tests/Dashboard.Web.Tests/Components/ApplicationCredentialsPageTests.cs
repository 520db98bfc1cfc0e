using Bunit;
using Dashboard.Core.Identity;
using Dashboard.Web.Components.Pages.Identity;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>Identity > Application Credentials: a user makes one for the project signed in to, sees its secret once, deletes it.</summary>
public class ApplicationCredentialsPageTests : ComponentTest
{
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string label) =>
        dialogs.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == label).QuerySelector("input, textarea")!;

    [Fact]
    public async Task A_credential_is_created_with_its_secret_shown_once_signs_in_and_is_deleted()
    {
        await SignInAsync("demo", "demo");
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var page = Render<Dashboard.Web.Components.Pages.Identity.ApplicationCredentials>();
        page.WaitForAssertion(() => Assert.Contains("No application credentials yet.", page.Markup));

        page.ClickOn(p => p.FindAll("button").Single(b => b.TextContent.Trim() == "Create Application Credential"));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-input-control")));
        dialogs.ChangeOn(d => Field(d, "Expiration (UTC)"), "yesterday-ish");
        dialogs.ChangeOn(d => Field(d, "Name"), "ci");
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Create Application Credential"));
        dialogs.WaitForAssertion(() => Assert.Contains("A date and time", dialogs.Markup));
        dialogs.ChangeOn(d => Field(d, "Expiration (UTC)"), "");
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Create Application Credential"));

        dialogs.WaitForAssertion(() => Assert.Contains("the only time the secret is shown", dialogs.Markup));
        var id = Field(dialogs, "ID").GetAttribute("value")!;
        var secret = Field(dialogs, "Secret").GetAttribute("value")!;
        Assert.Contains($"application_credential_secret: \"{secret}\"", dialogs.Find("textarea").TextContent + dialogs.Find("textarea").GetAttribute("value"));
        var (credential, user) = await Get<Dashboard.Core.Identity.ApplicationCredentials>().AuthenticateAsync(id, null, null, secret);
        Assert.Equal("demo", user.Name);
        Assert.Equal(["member", "reader"], credential.RoleIds.Select(r => Get<IdentityService>().ListRolesAsync().Result.Single(x => x.Id == r).Name));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Close"));

        page.WaitForAssertion(() => Assert.Contains("ci", page.Find("[data-testid=application-credentials] tbody").TextContent));
        page.ClickOn(p => p.Find("[aria-label='Delete ci']"));
        dialogs.ClickOn(d => d.FindAll("button").Single(b => b.TextContent.Trim() == "Delete"));
        page.WaitForAssertion(() => Assert.Contains("No application credentials yet.", page.Markup));
        await Assert.ThrowsAsync<Dashboard.Core.Errors.AuthenticationException>(() => Get<Dashboard.Core.Identity.ApplicationCredentials>().AuthenticateAsync(id, null, null, secret));
    }
}
