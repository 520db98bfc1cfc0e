using System.Text.Json.Nodes;

namespace Dashboard.Core.Extensions;

/// <summary>Short-hands for the attribute shapes Neutron's maps repeat.</summary>
public static class Attributes
{
    public static AttributeSpec Id(string name = "id") => new(name) { Validate = new UuidValidator() };

    public static AttributeSpec Name() => new AttributeSpec("name") { AllowPost = true, AllowPut = true, Validate = new StringValidator(Common.Names.MaxLength) }.WithDefault("");

    public static AttributeSpec Description(bool allowPut = true) =>
        new AttributeSpec("description") { AllowPost = true, AllowPut = allowPut, Validate = new StringValidator(Common.Names.MaxLength) }.WithDefault("");

    /// <summary><c>tenant_id</c> and <c>project_id</c>: given by admins, otherwise the caller's project.</summary>
    public static IEnumerable<AttributeSpec> Project() =>
    [
        new("tenant_id") { AllowPost = true, Validate = new StringValidator(255), RequiredByPolicy = true, HasDefault = true },
        new("project_id") { AllowPost = true, Validate = new StringValidator(255), RequiredByPolicy = true, HasDefault = true },
    ];

    public static AttributeSpec AdminStateUp() =>
        new AttributeSpec("admin_state_up") { AllowPost = true, AllowPut = true, Validate = new BooleanValidator(), ConvertTo = Converter.ToBoolean }.WithDefault(true);

    public static AttributeSpec Status() => new("status");

    public static AttributeSpec ReadOnly(string name) => new(name);

    public static AttributeSpec Bool(string name, bool @default, bool allowPut = true) =>
        new AttributeSpec(name) { AllowPost = true, AllowPut = allowPut, Validate = new BooleanValidator(), ConvertTo = Converter.ToBoolean }
            .WithDefault(@default);

    public static AttributeSpec String(string name, bool allowPut = true, int max = 255, string? @default = "") =>
        new AttributeSpec(name) { AllowPost = true, AllowPut = allowPut, Validate = new StringValidator(max) }.WithDefault(@default is null ? null : JsonValue.Create(@default));

    public static AttributeSpec Uuid(string name, bool allowPut = false) => new(name) { AllowPost = true, AllowPut = allowPut, Validate = new UuidValidator() };

    /// <summary>The standard attributes' visible parts: tags, timestamps, revision.</summary>
    public static IEnumerable<AttributeSpec> Standard() =>
        [ReadOnly("tags"), ReadOnly("created_at"), ReadOnly("updated_at"), ReadOnly("revision_number")];
}
