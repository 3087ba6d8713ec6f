using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Apis;

/// <summary>
/// A plan sent in a request, as a file the plan reader streams: in a private temporary directory (mode 0700), named
/// <see cref="FileName"/> (or the name the client gave its part) so reports name it the same way whoever sent it,
/// deleted with the directory afterwards. The directory is the server's business: <see cref="Hide"/> takes it out of
/// any message, and the request's error boundary applies it to every problem the request answers (<see cref="Hosting.PrivatePaths"/>).
/// </summary>
internal sealed class PlanUpload : IDisposable
{
    public const string FileName = "plan.json";

    private readonly List<(string Relative, string Shown)> _names = [];

    private PlanUpload(string directory) => Directory = directory;

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, FileName);

    /// <summary>A new upload directory; with <paramref name="http"/>, one the request's problems never name.</summary>
    public static PlanUpload Create(HttpContext? http = null)
    {
        var upload = new PlanUpload(System.IO.Directory.CreateTempSubdirectory("tollgate-plan-").FullName);
        if (http is not null)
        {
            Hosting.PrivatePaths.Register(http, upload.Hide);
        }

        return upload;
    }

    /// <summary>
    /// <paramref name="message"/> without this upload's directory: each file named as the client knows it
    /// (<see cref="Name"/>), anything else in it by its path inside it, the directory itself as "the upload".
    /// </summary>
    public string Hide(string message)
    {
        foreach (var (relative, shown) in _names.OrderByDescending(n => n.Relative.Length))
        {
            message = message.Replace(System.IO.Path.Combine(Directory, relative), shown, StringComparison.Ordinal);
        }

        return message.Replace(Directory + "/", "", StringComparison.Ordinal).Replace(Directory, "the upload", StringComparison.Ordinal);
    }

    /// <summary>Says how the file at <paramref name="relative"/> (inside the upload) is named in messages.</summary>
    public void Name(string relative, string shown) => _names.Add((relative, shown));

    /// <summary>Writes <paramref name="plan"/> (the plan JSON of an approval's body) as <see cref="FileName"/>.</summary>
    public async Task WriteAsync(JsonElement plan, CancellationToken cancellationToken)
    {
        await using var file = File.Create(Path);
        await using var w = new Utf8JsonWriter(file);
        plan.WriteTo(w);
        await w.FlushAsync(cancellationToken);
    }

    public Task WriteAsync(Stream body, long limit, CancellationToken cancellationToken) => WriteAsync(FileName, body, limit, cancellationToken);

    /// <summary>
    /// Streams <paramref name="body"/> into <paramref name="relative"/> (its directory made), refusing it once it passes
    /// <paramref name="limit"/>; the bytes written.
    /// </summary>
    public async Task<long> WriteAsync(string relative, Stream body, long limit, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
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

        return total;
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
