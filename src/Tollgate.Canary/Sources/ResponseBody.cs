namespace Tollgate.Canary.Sources;

/// <summary>
/// Reads an HTTP body up to a cap, so an endless answer cannot grow memory without bound; as bytes, so bytes that are not
/// UTF-8 are told by the reader (<see cref="PrometheusResponse.Parse(System.Net.HttpStatusCode, byte[], string)"/>), not
/// turned into U+FFFD on the way.
/// </summary>
internal static class ResponseBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (reading stops there).</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
