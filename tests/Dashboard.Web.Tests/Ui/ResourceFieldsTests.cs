using Dashboard.Core.Extensions;
using Dashboard.Core.Extensions.Credentials;
using Dashboard.Web.Components.Pages.Admin.Extensions;

namespace Dashboard.Web.Tests.Ui;

public class ResourceFieldsTests
{
    private static readonly ResourceSpec Credentials = CredentialExtension.Descriptor.Resources.Single();
    private static readonly ResourceSpec Rules = NeutronResources.Extensions.Single(e => e.Alias == "security-group").Resources.Single(r => r.Collection == "security-group-rules");

    [Fact]
    public void Credential_page_shows_no_password_column_and_asks_for_it_as_a_secret()
    {
        Assert.Equal(["credential_id", "credential_name", "type", "user_name"], ResourceFields.Columns(Credentials).Select(a => a.Name));
        Assert.Equal(["credential_name", "type", "user_name", "password"], ResourceFields.FormAttributes(Credentials, create: true).Select(a => a.Name));
        Assert.Equal(FieldKind.Secret, ResourceFields.KindOf(Credentials.Attributes.Single(a => a.Name == "password")));
    }

    [Fact]
    public void Field_kinds_follow_the_validators()
    {
        var kinds = Rules.Attributes.ToDictionary(a => a.Name, ResourceFields.KindOf);

        Assert.Equal(FieldKind.Choice, kinds["direction"]);
        Assert.Equal(FieldKind.Number, kinds["port_range_min"]);
        Assert.Equal(FieldKind.Text, kinds["remote_ip_prefix"]);
        Assert.Empty(ResourceFields.FormAttributes(Rules, create: false));
    }

    [Fact]
    public void Validators_check_fields_and_the_body_leaves_empty_optional_inputs_out()
    {
        var min = Rules.Attributes.Single(a => a.Name == "port_range_min");
        var prefix = Rules.Attributes.Single(a => a.Name == "remote_ip_prefix");
        var direction = Rules.Attributes.Single(a => a.Name == "direction");

        Assert.Equal("Invalid value for port 70000", ResourceFields.Check(min, "70000")); // the converter's own refusal, as the API gives it
        Assert.NotNull(ResourceFields.Check(min, "many"));
        Assert.Null(ResourceFields.Check(min, "22"));
        Assert.NotNull(ResourceFields.Check(prefix, "10.0.0.0/33"));
        Assert.NotNull(ResourceFields.Check(direction, ""));
        var body = ResourceFields.Body(Rules.Attributes, new Dictionary<string, string?> { ["direction"] = "ingress", ["port_range_min"] = "22", ["remote_ip_prefix"] = "" });
        Assert.Equal("{\"direction\":\"ingress\",\"port_range_min\":22}", body.ToJsonString());
    }
}
