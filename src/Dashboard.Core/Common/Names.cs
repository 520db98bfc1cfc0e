using Dashboard.Core.Errors;

namespace Dashboard.Core.Common;

public static class Names
{
    public const int MaxLength = 255;

    public static string Check(string? value, string attribute, int maxLength = MaxLength)
    {
        value ??= "";
        if (value.Length > maxLength)
        {
            throw new InvalidInputException($"'{value[..Math.Min(20, value.Length)]}...' exceeds maximum length of {maxLength} for {attribute}.")
            { Attribute = attribute };
        }
        return value;
    }
}
