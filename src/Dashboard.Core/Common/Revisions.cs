using Dashboard.Core.Errors;

namespace Dashboard.Core.Common;

public static class Revisions
{
    /// <summary>Neutron's <c>If-Match: revision_number=N</c>: a stale revision is a failed precondition.</summary>
    public static void Check(StandardResource resource, long? expected)
    {
        if (expected is not null && expected != resource.RevisionNumber)
        {
            throw new RevisionMismatchException(resource.RevisionNumber, expected.Value);
        }
    }
}
