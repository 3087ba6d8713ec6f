using System.Text.Json;

namespace Tollgate.Server.Apis;

/// <summary>
/// A plan sent in a request, as a file the plan reader streams: in a private temporary directory (mode 0700), named
/// <see cref="FileName"/> so reports name it the same way whoever sent it, deleted with the directory afterwards.
/// </summary>
internal sealed class PlanUpload : IDisposable
{
    public const string FileName = "plan.json";

    private PlanUpload(string directory) => Directory = directory;

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, FileName);

    public static PlanUpload Create() => new(System.IO.Directory.CreateTempSubdirectory("tollgate-plan-").FullName);

    public Task WriteAsync(JsonElement plan, CancellationToken cancellationToken) => WriteAsync(FileName, plan, cancellationToken);

    /// <summary>Writes <paramref name="json"/> beside the plan as <paramref name="name"/> (a scan result sent with an approval).</summary>
    public async Task WriteAsync(string name, JsonElement json, CancellationToken cancellationToken)
    {
        await using var file = File.Create(System.IO.Path.Combine(Directory, name));
        await using var w = new Utf8JsonWriter(file);
        json.WriteTo(w);
        await w.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        await using var file = File.Create(Path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new Hosting.BodyTooLargeException(limit);
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
