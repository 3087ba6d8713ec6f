namespace Tollgate.Ledger.Delivery;

/// <summary>
/// One string per distinct short UTF-8 value read from the ledger (service, environment, intent, result, source): a
/// read of 140,000 sparse deploys and 100,000 incidents names a few hundred services, so making a new string for each
/// row is most of what it allocates. Values longer than <see cref="MaxBytes"/>, or past <see cref="MaxNames"/>
/// distinct ones, are decoded as they come.
/// </summary>
internal sealed class Utf8Names
{
    private const int MaxBytes = 64;
    private const int MaxNames = 4096;

    private readonly Dictionary<int, List<(byte[] Utf8, string Text)>> _byHash = [];
    private int _count;

    public string Of(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        var key = hash.ToHashCode();
        if (_byHash.TryGetValue(key, out var known))
        {
            foreach (var (bytes, text) in known)
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return text;
                }
            }
        }

        var decoded = System.Text.Encoding.UTF8.GetString(utf8);
        if (_count < MaxNames)
        {
            if (known is null)
            {
                _byHash[key] = known = [];
            }

            known.Add((utf8.ToArray(), decoded));
            _count++;
        }

        return decoded;
    }
}
