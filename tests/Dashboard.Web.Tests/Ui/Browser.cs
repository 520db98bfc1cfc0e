using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Web.Tests.Ui;

/// <summary>An HTTP client that keeps cookies and does not follow redirects, signing in through the login form as a browser does.</summary>
public static partial class Browser
{
    public static HttpClient Open(DashboardFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the login form; without <paramref name="domain"/> the form's Domain field is not posted (the Default domain).</summary>
    public static async Task<HttpResponseMessage> LogInAsync(HttpClient browser, string user, string password, string returnUrl = "", string? domain = null)
    {
        var form = await browser.GetStringAsync("/login");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(form),
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        };
        if (domain is not null)
        {
            fields["Input.Domain"] = domain;
        }
        return await browser.PostAsync($"/login{returnUrl}", new FormUrlEncodedContent(fields));
    }

    public static string Antiforgery(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
