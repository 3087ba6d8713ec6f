using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// Where the paths of each stage of a <c>dvc.lock</c> point (<see cref="DvcPlace"/>). A lock records an entry's path as
/// <c>dvc.yaml</c> gives it, relative to the stage's <c>wdir</c>, and does not repeat the <c>wdir</c>
/// (<c>LOCK_FILE_STAGE_SCHEMA</c>,
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/schema.py#L40-L45), which only the
/// <c>dvc.yaml</c> beside the lock holds (DVC writes a pipeline's lock beside it, <c>dvc.lock</c> for
/// <c>dvc.yaml</c>, https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/dvcfile.py#L229-L231),
/// relative to that directory (<c>resolve_paths</c>,
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/stage/utils.py#L184-L188). A stage
/// of a <c>foreach</c> or <c>matrix</c> (<c>NAME@KEY</c> in the lock) takes the <c>wdir</c> of its definition
/// (<c>do.wdir</c> for <c>foreach</c>). With no <c>dvc.yaml</c> beside the lock (or a lock not named <c>dvc.lock</c>),
/// or a stage it does not define, paths are relative to the lock's directory, DVC's default. A <c>wdir</c> with a
/// template (<c>${…}</c>), which Tollgate does not resolve, or a <c>dvc.yaml</c> that cannot be read leaves the stage's
/// place unknown, with a note saying so.
/// </summary>
internal sealed class DvcStagePlaces
{
    private readonly string _lock;
    private readonly string _shown;
    private readonly string _pipelineShown;
    private readonly YamlMappingNode? _stages;
    private readonly string? _unreadable;

    private DvcStagePlaces(string @lock, string shown)
    {
        (_lock, _shown) = (@lock, shown);
        var directory = Path.GetDirectoryName(shown)?.Replace('\\', '/');
        _pipelineShown = string.IsNullOrEmpty(directory) ? "dvc.yaml" : $"{directory}/dvc.yaml";
        var pipeline = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(@lock))!, "dvc.yaml");
        if (Path.GetFileName(@lock) != "dvc.lock" || !File.Exists(pipeline))
        {
            return;
        }

        try
        {
            var root = new YamlErrors(_pipelineShown).Root(InputFile.ReadText(pipeline, _pipelineShown, DvcLock.MaxBytes));
            _stages = root is YamlMappingNode mapping && Child(mapping, "stages") is YamlMappingNode stages ? stages : null;
        }
        catch (InvalidInputException e)
        {
            _unreadable = $"{_pipelineShown} cannot be read ({e.Message}): the data of {shown} is looked up by what it records only";
        }
    }

    /// <summary>The places of the stages of the lock at <paramref name="lock"/> (named <paramref name="shown"/>).</summary>
    public static DvcStagePlaces Read(string @lock, string shown) => new(@lock, shown);

    /// <summary>The place of stage <paramref name="stage"/>'s paths, or null and a note saying why it is not known.</summary>
    public (DvcPlace? Place, string? Note) Of(string stage)
    {
        if (_unreadable is not null)
        {
            return (null, _unreadable);
        }

        var definition = _stages is null ? null
            : Child(_stages, stage) ?? (stage.IndexOf('@', StringComparison.Ordinal) is > 0 and var at ? Child(_stages, stage[..at]) : null);
        var wdir = definition is not YamlMappingNode mapping ? null
            : Child(mapping, "foreach") is not null ? (Child(mapping, "do") as YamlMappingNode) is { } body ? Child(body, "wdir") : null
            : Child(mapping, "wdir");
        return wdir switch
        {
            null or YamlScalarNode { Value: null or "" } => (DvcPlace.Of(_lock, _shown, null), null),
            YamlScalarNode { Value: { } path } when !path.Contains("${", StringComparison.Ordinal) => (DvcPlace.Of(_lock, _shown, path), null),
            YamlScalarNode { Value: { } path } => (null, $"stage {stage} of {_pipelineShown} has wdir {path}, a template Tollgate does not resolve (line {wdir.Start.Line}): its data is looked up by what {_shown} records only"),
            _ => (null, $"stage {stage} of {_pipelineShown} has a wdir that is not a path (line {wdir.Start.Line}): its data is looked up by what {_shown} records only"),
        };
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
