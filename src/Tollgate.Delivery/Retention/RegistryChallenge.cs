using System.Text;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// What a registry's 401 asks for (RFC 7235 <c>WWW-Authenticate</c>): <c>Basic realm="…"</c>, or
/// <c>Bearer realm="https://auth…/token",service="…",scope="repository:NAME:pull"</c> as Docker's token authentication
/// (https://distribution.github.io/distribution/spec/auth/token/) has it. Bearer is preferred when both are offered.
/// </summary>
public sealed record RegistryChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>The challenge of a 401 answer; null when it has none.</summary>
    public static RegistryChallenge? Of(HttpResponseMessage response)
    {
        var challenges = response.Headers.WwwAuthenticate.Select(h => new RegistryChallenge(h.Scheme, Parse(h.Parameter ?? ""))).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic) ?? challenges.FirstOrDefault();
    }

    /// <summary><c>name=value</c> and <c>name="quoted, value"</c> pairs separated by commas (a quoted scope holds commas).</summary>
    public static IReadOnlyDictionary<string, string> Parse(string parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < parameters.Length)
        {
            while (i < parameters.Length && (parameters[i] == ',' || char.IsWhiteSpace(parameters[i])))
            {
                i++;
            }

            var equals = parameters.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var name = parameters[i..equals].Trim();
            var value = new StringBuilder();
            i = equals + 1;
            if (i < parameters.Length && parameters[i] == '"')
            {
                for (i++; i < parameters.Length && parameters[i] != '"'; i++)
                {
                    value.Append(parameters[i] == '\\' && i + 1 < parameters.Length ? parameters[++i] : parameters[i]);
                }

                i++;
            }
            else
            {
                for (; i < parameters.Length && parameters[i] != ','; i++)
                {
                    value.Append(parameters[i]);
                }
            }

            result[name] = value.ToString().Trim();
        }

        return result;
    }
}
