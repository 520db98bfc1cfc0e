namespace Dashboard.Core.Policies;

/// <summary>A check string that is not oslo.policy syntax; <see cref="Exception.Message"/> says why.</summary>
public sealed class PolicySyntaxException(string message) : Exception(message);

/// <summary>
/// Parses oslo.policy's check language: checks (<c>rule:</c>, <c>role:</c>, <c>field:</c>, generic
/// <c>kind:match</c>, <c>@</c>, <c>!</c>) joined by <c>and</c>, <c>or</c>, <c>not</c> and parentheses;
/// <c>not</c> binds tightest, then <c>and</c>, then <c>or</c>, as in oslo.policy.
/// </summary>
public static class PolicyParser
{
    public static PolicyCheck Parse(string text)
    {
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            return new TrueCheck();
        }
        var position = 0;
        var check = ParseOr(tokens, ref position);
        if (position != tokens.Count)
        {
            throw new PolicySyntaxException($"unexpected '{tokens[position]}' at token {position + 1}");
        }
        return check;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            var end = word.Length;
            while (start < end && word[start] == '(')
            {
                tokens.Add("(");
                start++;
            }
            var closing = 0;
            // A trailing ')' closes a group (a %(name)s substitution ends with 's').
            while (end > start && word[end - 1] == ')')
            {
                closing++;
                end--;
            }
            if (end > start)
            {
                tokens.Add(word[start..end]);
            }
            tokens.AddRange(Enumerable.Repeat(")", closing));
        }
        return tokens;
    }

    private static PolicyCheck ParseOr(List<string> tokens, ref int position)
    {
        var checks = new List<PolicyCheck> { ParseAnd(tokens, ref position) };
        while (position < tokens.Count && Is(tokens[position], "or"))
        {
            position++;
            checks.Add(ParseAnd(tokens, ref position));
        }
        return checks.Count == 1 ? checks[0] : new OrCheck(checks);
    }

    private static PolicyCheck ParseAnd(List<string> tokens, ref int position)
    {
        var checks = new List<PolicyCheck> { ParseNot(tokens, ref position) };
        while (position < tokens.Count && Is(tokens[position], "and"))
        {
            position++;
            checks.Add(ParseNot(tokens, ref position));
        }
        return checks.Count == 1 ? checks[0] : new AndCheck(checks);
    }

    private static PolicyCheck ParseNot(List<string> tokens, ref int position)
    {
        if (position < tokens.Count && Is(tokens[position], "not"))
        {
            position++;
            return new NotCheck(ParseNot(tokens, ref position));
        }
        return ParseAtom(tokens, ref position);
    }

    private static PolicyCheck ParseAtom(List<string> tokens, ref int position)
    {
        if (position >= tokens.Count)
        {
            throw new PolicySyntaxException("the check string ends where a check was expected");
        }
        var token = tokens[position++];
        if (token == "(")
        {
            var inner = ParseOr(tokens, ref position);
            if (position >= tokens.Count || tokens[position] != ")")
            {
                throw new PolicySyntaxException("a '(' is not closed");
            }
            position++;
            return inner;
        }
        if (token == ")" || Is(token, "and") || Is(token, "or"))
        {
            throw new PolicySyntaxException($"unexpected '{token}' where a check was expected");
        }
        return Check(token);
    }

    private static PolicyCheck Check(string token)
    {
        if (token == "@")
        {
            return new TrueCheck();
        }
        if (token == "!")
        {
            return new FalseCheck();
        }
        var colon = token.IndexOf(':');
        if (colon <= 0 || colon == token.Length - 1)
        {
            throw new PolicySyntaxException($"'{token}' is not a check (kind:match, @ or !)");
        }
        var (kind, match) = (token[..colon], token[(colon + 1)..]);
        switch (kind)
        {
            case "rule":
                return new RuleCheck(match);
            case "role":
                return new RoleCheck(match);
            case "field":
                var parts = match.Split(':', 2);
                var equals = parts.Length == 2 ? parts[1].LastIndexOf('=') : -1;
                if (equals <= 0)
                {
                    throw new PolicySyntaxException($"'{token}' is not a field check (field:resource:attribute=value)");
                }
                return new FieldCheck(parts[0], parts[1][..equals], parts[1][(equals + 1)..]);
            default:
                return new GenericCheck(kind, match);
        }
    }

    private static bool Is(string token, string word) => string.Equals(token, word, StringComparison.OrdinalIgnoreCase);
}
