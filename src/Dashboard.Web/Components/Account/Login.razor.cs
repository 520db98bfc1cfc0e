using System.ComponentModel.DataAnnotations;
using Dashboard.Core.Errors;
using Dashboard.Web.Account;
using Dashboard.Web.Components.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Account;

public partial class Login
{
    private string? _error;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    /// <summary>Why the user is here again: <c>password-changed</c> after changing their password (Horizon's message).</summary>
    [SupplyParameterFromQuery]
    private string? Reason { get; set; }

    private string? Notice => Reason == "password-changed" ? "Password changed. Please log in again to continue." : null;

    protected override void OnInitialized() => Input ??= new();

    private async Task LogInAsync()
    {
        try
        {
            var principal = await SignIn.AuthenticateAsync(Input.UserName, Input.Password, HttpContext.RequestAborted, string.IsNullOrWhiteSpace(Input.Domain) ? Dashboard.Core.Identity.Domains.DefaultName : Input.Domain.Trim());
            await HttpContext.SignInAsync(principal);
            Navigation.NavigateTo(AccountEndpoints.SafeReturnUrl(ReturnUrl), forceLoad: true);
        }
        catch (AuthenticationException e)
        {
            _error = e.Message;
        }
    }

    private sealed class LoginInput
    {
        /// <summary>The user's domain, by name or ID (Horizon's multi-domain login); left empty (or not posted), the Default domain.</summary>
        public string? Domain { get; set; } = Dashboard.Core.Identity.Domains.DefaultName;

        [Required(ErrorMessage = "User Name is required.")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Password is required.")]
        public string Password { get; set; } = "";
    }
}
