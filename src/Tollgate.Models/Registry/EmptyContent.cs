using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Registry;

/// <summary>
/// Notes on an artifact or dataset that holds nothing: a training run that wrote an empty model file, a dataset exported
/// as a 0-byte file or a directory of them. Registered as given (the content is what it is, and immutable), but said:
/// every empty file has the same digest, so the lineage names no data, and <c>which</c> finds every empty file's versions.
/// </summary>
public static class EmptyContent
{
    public static IReadOnlyList<string> Notes(DatasetInput artifact, IReadOnlyList<DatasetInput> datasets) =>
        [.. Empty(artifact, "--artifact", "the model file"), .. datasets.SelectMany(d => Empty(d, "--dataset", "the data"))];

    private static IEnumerable<string> Empty(DatasetInput input, string option, string what)
    {
        // A directory without files is refused before (it holds no data at all); one of empty files is noted here.
        if (input.Kind is "file" or "directory" && input.Bytes == 0)
        {
            var files = input.Kind == "directory" ? $", {Counted.Of(input.Files ?? 0, "file")}, all empty" : "";
            yield return $"{option} {input.Path} is empty (0 bytes{files}): registered as given, under the digest every empty file has; check that {what} was written";
        }
    }
}
