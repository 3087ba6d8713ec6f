using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Reads the JSON of <c>terraform show -json PLANFILE</c> from a stream in one pass. Each <c>resource_changes</c>
/// element is checked for the shape terraform writes and parsed on its own; <c>planned_values</c> and <c>variables</c>
/// are skipped; of prior state resources only <c>depends_on</c> and the identities of their values (ids, names, owner
/// tags) are kept, so memory follows the number of changes and resources, not the file.
/// Accepts <c>format_version</c> 0.1, 0.2 and any 1.x, and ignores members it does not know.
/// </summary>
public sealed class PlanReader
{
    /// <summary>The largest plan read: far above real plans, a bound for endless or hostile inputs.</summary>
    public const long MaxPlanBytes = 4L << 30;

    private readonly List<ResourceChange> _changes = [];
    private readonly List<OutputChange> _outputs = [];
    private readonly PriorStateReader _prior = new();

    // The resource_changes entries there are, and those of objects the prior state holds (managed, not deposed, not
    // created by this plan; an object imported is in prior_state already): what the prior state's count is compared with.
    private int _entries, _stateEntries;

    // No-ops counted by this thread without being parsed; _counter counts on the parsing thread.
    private int _plainNoOps;
    private readonly ChangeDigest _digest = new();
    private readonly ChangeProbe _probe = new();
    private readonly ChangeCounter _counter = new();
    private readonly RepeatedStrings _repeated = new();
    private readonly MemberSet _topMembers = new(TopMembers);
    private readonly PlanHeader _header;
    private readonly string _sourceName;
    private StreamingJsonWalker _walker = null!;
    private bool _sawPlanSection;

    private PlanReader(string sourceName)
    {
        _sourceName = sourceName;
        _header = new PlanHeader(sourceName);
    }

    /// <summary>
    /// The top-level members terraform writes: a repeated one is refused like a repeated member of a change, since
    /// JSON parsers disagree on which copy wins (a second <c>complete: true</c> could hide an incomplete plan, a second
    /// <c>resource_changes</c> add to or hide the first).
    /// </summary>
    private static readonly string[] TopMembers =
    [
        "format_version", "terraform_version", "variables", "planned_values", "resource_drift", "resource_changes",
        "output_changes", "prior_state", "configuration", "relevant_attributes", "checks", "condition_results",
        "errored", "applyable", "complete", "deferred_changes", "timestamp",
    ];

    public static TerraformPlan Read(Stream stream, string sourceName, CancellationToken cancellationToken = default) =>
        new PlanReader(sourceName).ReadPlan(stream, 1 << 20, cancellationToken);

    /// <summary>Reads with a given first buffer size (tests use tiny buffers to cross every boundary).</summary>
    internal static TerraformPlan Read(Stream stream, string sourceName, int bufferSize) =>
        new PlanReader(sourceName).ReadPlan(stream, bufferSize, CancellationToken.None);

    public static TerraformPlan ReadFile(string path, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path, cancellationToken);
    }

    private TerraformPlan ReadPlan(Stream stream, int bufferSize, CancellationToken cancellationToken)
    {
        // Two cores' worth: this thread tokenizes the stream and hands each captured element to a second
        // thread that classifies, parses and hashes it, in order.
        using var elements = new ElementPipeline(Process);
        _walker = new StreamingJsonWalker
        {
            Decide = Decide,
            Probe = ProbeValue,
            OnCapture = (path, json) => Capture(path, json, elements),
            InitialBufferSize = bufferSize,
            MaxBytes = MaxPlanBytes,
            Cancellation = cancellationToken,
        };
        var start = stream.CanSeek ? stream.Position : 0;
        try
        {
            elements.Run(() => _walker.Walk(stream, _sourceName));
        }
        catch (UnplacedText e)
        {
            // Found by the parsing thread while this one read on: the plan is read again up to it, a piece at a time.
            stream.Position = start;
            throw StreamingJsonWalker.IllFormed(_sourceName, e.Problem, TextLines.LineAndColumn(stream, e.Offset), e.Location, e.InnerException!);
        }

        var format = _header.FormatVersion
            ?? throw new InvalidInputException($"{_sourceName} is not a Terraform plan: it has no format_version (expected the JSON of `terraform show -json PLANFILE`)");
        PlanFormat.Check(format, _sourceName);
        if (!_sawPlanSection)
        {
            throw new InvalidInputException($"{_sourceName} is not a Terraform plan: it has no resource_changes, planned_values or configuration (a state file? run `terraform show -json PLANFILE`)");
        }

        if (_header.Errored)
        {
            throw new InvalidInputException($"{_sourceName} is the plan of a failed `terraform plan` (errored: true); fix the plan errors first");
        }

        // Terraform lists every resource in state among resource_changes, a no-op too; only a refresh-only plan lists
        // none, and it is applyable only with drift. An applyable plan without drift that lists none of the resources
        // its prior state holds was cut on the way: its destroys would look like nothing at all.
        var summary = _counter.Summary(_plainNoOps);
        if (summary.ToPairs().Sum(p => p.Value) == 0 && _prior.ManagedResources > 0 && _header.Applyable == true && !_topMembers.Has("resource_drift"))
        {
            throw Broken($"it lists no resource_changes, yet it is applyable and its prior_state holds {_prior.ManagedResources} managed resource{(_prior.ManagedResources == 1 ? "" : "s")} (terraform lists every resource in state, unchanged ones as no-op): the plan was cut; gate the output of `terraform show -json PLANFILE` itself");
        }

        // The same rule for a plan cut in part: each managed instance of the prior state (deposed objects aside) has an
        // entry, a delete if nothing else, so there are at least as many entries of such objects. Counted, not matched by
        // address, so that a plan of 95 % no-ops keeps no string of them. A -target plan (complete: false) lists only its
        // targets and is exempt.
        if (_entries > 0 && _header.Complete != false && _prior.CurrentManaged > _stateEntries)
        {
            var missing = _prior.CurrentManaged - _stateEntries;
            throw Broken($"its prior_state holds {_prior.CurrentManaged} managed resource{(_prior.CurrentManaged == 1 ? "" : "s")} and resource_changes lists {_stateEntries} of them: {missing} {(missing == 1 ? "is" : "are")} missing (terraform lists every resource in state, unchanged ones as no-op): the plan was cut; gate the output of `terraform show -json PLANFILE` itself");
        }

        var checks = _header.Checks ?? _header.ConditionResults ?? [];
        foreach (var check in checks)
        {
            _digest.AddCheck(check);
        }

        return new TerraformPlan(
            format,
            _header.TerraformVersion,
            _changes,
            _outputs,
            summary,
            _header.Configuration,
            _prior.DependsOn,
            _digest.Finish())
        {
            Identities = _prior.Identities,
            PriorObjectsUnder = _prior.ObjectsUnder,
            PriorInstances = _prior.InstancesOf,
            Errored = _header.Errored,
            Applyable = _header.Applyable,
            Complete = _header.Complete,
            DeferredChanges = _header.DeferredChanges,
            Checks = checks,
        };
    }

    private JsonStep Decide(IReadOnlyList<string> path)
    {
        var top = path[0];
        if (path.Count == 1)
        {
            _sawPlanSection |= top is "resource_changes" or "planned_values" or "configuration";
            if (top == "resource_changes" && _walker.TokenType != JsonTokenType.StartArray)
            {
                throw Broken("resource_changes is not an array");
            }

            var step = top switch
            {
                "resource_changes" or "prior_state" => JsonStep.Descend,
                "output_changes" => JsonStep.Capture,
                _ when PlanHeader.IsCaptured(top) => JsonStep.Capture,
                _ => JsonStep.Skip,
            };

            // A captured value is asked about again when it did not fit the buffer: it is noted once, when captured.
            if (step != JsonStep.Capture)
            {
                NoteTopMember(top);
            }

            return step;
        }

        if (top == "resource_changes")
        {
            return path.Count == 2 ? JsonStep.Capture : JsonStep.Skip;
        }

        // prior_state.values.root_module(.child_modules[*])*.resources[*]
        return top == "prior_state" ? _prior.Step(path) : JsonStep.Skip;
    }

    private bool ProbeValue(IReadOnlyList<string> path, ref Utf8JsonReader reader) =>
        path.Count == 2 && path[0] == "resource_changes" ? _probe.Read(ref reader)
        : path[0] == "prior_state" ? _prior.Probe(path, ref reader)
        : reader.TrySkip();

    private void Capture(IReadOnlyList<string> path, ReadOnlySpan<byte> json, ElementPipeline elements)
    {
        var top = path[0];
        if (path.Count == 2 && top == "resource_changes")
        {
            if (_walker.TokenType != JsonTokenType.StartObject)
            {
                throw Broken($"{_walker.Location} is not an object");
            }

            // The probe has read this element already: a broken one is refused, no-ops are counted and never copied.
            if (_probe.Problem is { } problem)
            {
                throw Broken($"{_walker.Location} {problem}");
            }

            var actions = new ChangeActions(_probe.Actions.ToArray());
            _entries++;
            _stateEntries += _probe.IsData || _probe.Deposed || actions.IsPureCreate ? 0 : 1;
            if (actions.IsNoOp && !_probe.HasPrevious && !_probe.Importing)
            {
                _plainNoOps++;
                return;
            }

            elements.Post(ElementKind.ResourceChange, json, new(_walker.ValueOffset, _walker.ValueIndex, _walker.ValueLines));
            return;
        }

        if (path.Count == 1)
        {
            NoteTopMember(top);
            if (top == "output_changes")
            {
                elements.Post(ElementKind.OutputChanges, json, new(_walker.ValueOffset, 0, _walker.ValueLines));
            }
            else
            {
                _header.Capture(top, json);
            }

            return;
        }

        if (top == "prior_state")
        {
            _prior.Capture(path[^1], json);
        }
    }

    private void Process(ElementKind kind, ReadOnlySpan<byte> json, ElementOrigin origin)
    {
        try
        {
            Parse(kind, json);
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            // A string of the element that is no text (the walker words those it decodes itself): positions only, as
            // the string may be a sensitive value. A plan that can be read again is read again for its line once the
            // reading thread has stopped; a pipe's lines before the element were counted on the way.
            var location = kind == ElementKind.ResourceChange ? $"resource_changes[{origin.Index}]" : "output_changes";
            if (IllFormedText.Find(json) is not { } found)
            {
                throw StreamingJsonWalker.IllFormed(_sourceName, problem, null, location, e);
            }

            var offset = origin.Offset + found.Offset;
            throw origin.Lines is { } lines
                ? StreamingJsonWalker.IllFormed(_sourceName, found.Problem, lines.LineAndColumn(offset, json), location, e)
                : new UnplacedText(found.Problem, offset, location, e);
        }
    }

    private void Parse(ElementKind kind, ReadOnlySpan<byte> json)
    {
        switch (kind)
        {
            case ElementKind.ResourceChange:
                var change = ResourceChangeParser.Parse(json, _digest, _repeated);
                _counter.Count(change.Actions);
                _counter.CountMoveAndImport(change.PreviousAddress is not null, change.Importing);
                if (!change.Actions.IsNoOp || change.PreviousAddress is not null || change.Importing)
                {
                    _changes.Add(change);
                }

                break;
            case ElementKind.OutputChanges:
                _outputs.AddRange(OutputChangesParser.Parse(json, _digest, _sourceName));
                break;
        }
    }

    private void NoteTopMember(string name)
    {
        if (_topMembers.Add(name) is { } repeated)
        {
            throw Broken($"the top level has {repeated} twice");
        }
    }

    private InvalidInputException Broken(string problem) =>
        new($"{_sourceName} is not a plan as terraform writes it: {problem}");

    /// <summary>
    /// A string of an element that is no text, found by the parsing thread at <see cref="Offset"/> while the reading
    /// thread still reads the plan: placed by line and column once both have stopped, reading the plan again.
    /// </summary>
    private sealed class UnplacedText(IllFormedText problem, long offset, string location, Exception inner)
        : Exception($"{problem.Describe(null)}, in {location}", inner)
    {
        public IllFormedText Problem { get; } = problem;

        public long Offset { get; } = offset;

        public string Location { get; } = location;
    }
}
