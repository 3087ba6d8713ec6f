using Microsoft.AspNetCore.Http;
using Tollgate.Yaml;

namespace Tollgate.Server.Hosting;

/// <summary>
/// A route's query checked against the parameters it reads: a misspelt one (<c>?verdcit=fail</c>,
/// <c>?fromat=markdown</c>) is a 400 naming it with "did you mean", never ignored (the list came back unfiltered, the
/// plan's report as JSON); one given empty (<c>?subject=$SUBJECT</c>, unset) or twice is a 400 too.
/// </summary>
public static class QueryParameters
{
    public static void Check(IQueryCollection query, IReadOnlyCollection<string> known)
    {
        foreach (var (name, value) in query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new BadFieldException(name, $"unknown parameter{KeySuggestion.Hint(name, known)}; the parameters are {string.Join(", ", known)}");
            }

            if (value.Any(v => string.IsNullOrWhiteSpace(v)))
            {
                throw new BadFieldException(name, "is empty: give a value, or leave the parameter out");
            }

            if (value.Count > 1)
            {
                throw new BadFieldException(name, "given more than once: give it once");
            }
        }
    }
}
