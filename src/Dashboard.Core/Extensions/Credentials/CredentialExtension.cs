using static Dashboard.Core.Extensions.Attributes;

namespace Dashboard.Core.Extensions.Credentials;

/// <summary>
/// The credential extension of Neutron's extension guide: <c>/v2.0/credentials</c>, admin only.
/// Unlike the guide's example, <c>password</c> is write-only (is_visible false) and encrypted at rest.
/// </summary>
public static class CredentialExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("Credential", "credential", "Credential include username and password", "2011-07-25T13:25:27-06:00")
    {
        Policies = Policies.PolicyRule.Crud("credential", "rule:admin_only", "rule:admin_only", "credential").ToList(),
        Resources =
        [
            new("credentials", "credential",
            [
                Id("credential_id"),
                String("credential_name"),
                new("tenant_id") { AllowPost = true, Validate = new StringValidator(255), RequiredByPolicy = true, HasDefault = true, IsVisible = false },
                String("type"),
                String("user_name"),
                String("password") with { IsVisible = false },
            ])
            { IdAttribute = "credential_id" },
        ],
    };
}
