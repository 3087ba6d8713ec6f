using System.Runtime.CompilerServices;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// The services and environments of the deploys an ingest records, gathered as its batches pass (two set additions
/// per deploy event), and the one warning line <c>events ingest</c> prints after: the names new to the ledger that
/// nearly duplicate another (<see cref="NearDuplicate"/>), known before or new in the same file. An ingest is never
/// refused for them: its events come from a CD system that names things the same way every time, and thousands of
/// good events are not held back for one odd name; the line tells where to look.
/// </summary>
public sealed class IngestedNames
{
    /// <summary>Past this many comparisons of new with other names the check is skipped (a bulk load of thousands of new names).</summary>
    public const long MaxComparisons = 1_000_000;

    private const int Shown = 5;

    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly HashSet<string> _environments = new(StringComparer.Ordinal);

    /// <summary>Passes <paramref name="batches"/> on unchanged, noting the names of their deploys.</summary>
    public async IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> Noting(
        IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            foreach (var delivery in batch)
            {
                if (delivery is DeployEvent { Deploy: var deploy })
                {
                    _services.Add(deploy.Service);
                    _environments.Add(deploy.Environment);
                }
            }

            yield return batch;
        }
    }

    /// <summary>
    /// "services and environments new to the ledger nearly duplicate others: service chekout (checkout), environment
    /// prod (production); …", or null. <paramref name="before"/>: what the ledger held before the ingest.
    /// </summary>
    public string? Warning(IReadOnlyList<DeployTarget> before)
    {
        var near = Near("service", _services, before.Select(t => t.Service)).Concat(Near("environment", _environments, before.Select(t => t.Environment))).ToList();
        return near.Count == 0 ? null
            : "services and environments new to the ledger nearly duplicate others: " + string.Join(", ", near.Take(Shown))
                + (near.Count > Shown ? $" and {near.Count - Shown} more" : "")
                + "; their deploys are recorded as named (tollgate deploy start refuses such a name)";
    }

    private static IEnumerable<string> Near(string what, HashSet<string> ingested, IEnumerable<string> before)
    {
        var known = before.ToHashSet(StringComparer.Ordinal);
        var fresh = ingested.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
        var all = known.Union(ingested, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0 || (long)fresh.Count * all.Count > MaxComparisons)
        {
            yield break;
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in fresh)
        {
            // A pair of new names close to each other is named once.
            if (!named.Contains(name) && NearDuplicate.Of(name, [.. all.Where(n => n != name)]) is { } other)
            {
                named.Add(other);
                yield return $"{what} {name} ({other})";
            }
        }
    }
}
