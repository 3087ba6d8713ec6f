namespace Tollgate.Server.Hosting;

/// <summary>A request body over the server's limit: 413, refused before it is read whole.</summary>
public sealed class BodyTooLargeException(long limit) : Exception($"the request body is larger than {Domain.ByteSize.Format(limit)} (the server's --max-body-size)")
{
    public long Limit { get; } = limit;
}
