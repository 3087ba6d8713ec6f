using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Server.Auth;

/// <summary>
/// The bearer tokens of a token file (one <c>NAME TOKEN</c> per line, <c>#</c> comments), kept only as SHA-256 hashes:
/// the approvers' of <c>--token-file</c> (the token's name is who approves) and the event senders' of
/// <c>--events-token-file</c>. A presented token is hashed and compared with every stored hash in constant time, so
/// neither the match nor its position leaks through timing.
/// </summary>
public sealed class BearerTokens
{
    /// <summary>Shorter tokens are refused at start: a guessable token is a configuration error.</summary>
    public const int MinLength = 16;

    private readonly (string Name, byte[] Hash)[] _tokens;

    private BearerTokens((string Name, byte[] Hash)[] tokens) => _tokens = tokens;

    /// <summary>No token file: nothing authenticates (approvals over HTTP are refused; events need no token).</summary>
    public static BearerTokens None { get; } = new([]);

    public bool Enabled => _tokens.Length > 0;

    /// <summary>The tokens of <paramref name="path"/>, given as <paramref name="option"/> (named in each error).</summary>
    public static BearerTokens Load(string path, string option = "--token-file")
    {
        var text = InputFile.ReadText(path, $"{option} {path}", 1 << 20);
        var tokens = new List<(string, byte[])>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new InvalidInputException($"{option} {path}:{number}: expected NAME TOKEN (two fields), found {fields.Length}");
            }

            if (fields[1].Length < MinLength)
            {
                throw new InvalidInputException($"{option} {path}:{number}: the token of {fields[0]} is shorter than {MinLength} characters");
            }

            var hash = Hash(fields[1]);
            if (!names.Add(fields[0]) || !hashes.Add(Convert.ToHexString(hash)))
            {
                throw new InvalidInputException($"{option} {path}:{number}: {fields[0]} or its token appears twice");
            }

            tokens.Add((fields[0], hash));
        }

        return tokens.Count > 0 ? new BearerTokens([.. tokens]) : throw new InvalidInputException($"{option} {path}: no NAME TOKEN line");
    }

    /// <summary>The name whose token this <c>Authorization</c> header carries, or null.</summary>
    public string? Authenticate(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = Hash(authorization[scheme.Length..].Trim());
        string? match = null;
        foreach (var (name, hash) in _tokens)
        {
            // Every entry is compared, match or not.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match = name;
            }
        }

        return match;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
