namespace Dashboard.Core.Extensions.Neutron;

/// <summary>Neutron's <c>project-id</c> extension: project_id field enabled.</summary>
public static class ProjectIdExtension
{
    public static ExtensionDescriptor Descriptor { get; } = new("project_id field enabled", "project-id", "Extension that indicates that project_id field is enabled.", "2016-09-09T09:09:09-09:09");
}
