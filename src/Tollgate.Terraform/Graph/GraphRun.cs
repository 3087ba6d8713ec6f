using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Gates;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// What <c>graph</c> and <c>state-split</c> share: the graph of the subject and its analysis within the policy's
/// limits, the request's limits winning. Paths resolve against the gate's working directory.
/// </summary>
public sealed record GraphRun(GraphSubject Loaded, GraphAnalysis Analysis)
{
    /// <param name="changed">
    /// Addresses whose blast radius to report, one per line (a module for all its resources); null for the subject's
    /// own changes. A list none of whose addresses the graph holds is refused (exit 3), each named with its near miss.
    /// </param>
    /// <param name="loader">The loader with the request's terraform (its timeout, whether to run terraform graph).</param>
    public static async Task<GraphRun> LoadAsync(string subject, string? changed, GraphLimits limits, GraphLoader loader, GateContext context)
    {
        var thresholds = limits.Over(GraphThresholdsPolicy.From(context.Policy));
        // The loader's steps are quick and not reported; the context's progress carries what the gate writes.
        // "-" is standard input, never a file named "-" in the working directory.
        var loaded = await loader.LoadAsync(subject == "-" ? subject : context.Resolve(subject), null, context.Cancellation);
        var changes = changed is null ? loaded.Changes : ReadChanged(context.Resolve(changed), changed).Within(loaded.Model.Graph);
        var analysis = new GraphAnalysis(loaded.Model, changes, thresholds);
        if (changed is not null && UnheldAddresses.Of(analysis) is { All: true } unheld)
        {
            // Nothing to judge, and most likely the wrong list or the wrong graph: said at once, nothing recorded.
            throw new InvalidInputException(unheld.Refusal(changed));
        }

        return new GraphRun(loaded, analysis);
    }

    /// <summary>The largest <c>--changed</c> list read: a million addresses.</summary>
    public const long MaxChangedBytes = 64L << 20;

    /// <summary>A file or a pipe: <c>--changed &lt;(echo terraform_data.x)</c> is how a list is often given.</summary>
    private static ChangeSet ReadChanged(string path, string shownAs) =>
        ChangeSet.FromLines(InputFile.ReadText(path, shownAs, MaxChangedBytes, pipes: true).ReplaceLineEndings("\n").Split('\n'), $"--changed {shownAs}");
}
