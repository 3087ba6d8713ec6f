using System.Net.Http.Headers;
using System.Text;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// A registry login: a user and password (sent as Basic to the registry or to its token service), or the identity token
/// <c>docker login</c> stores for an OAuth2 token service, and <see cref="Source"/>, where it was found, which every message
/// names. The password and the token appear in no message and no <see cref="ToString"/>.
/// </summary>
public sealed class RegistryCredential
{
    private readonly string? _password;

    private RegistryCredential(string? username, string? password, string? identityToken, string source)
    {
        Username = username;
        _password = password;
        IdentityToken = identityToken;
        Source = source;
    }

    public string? Username { get; }

    /// <summary>An OAuth2 refresh token (<c>identitytoken</c> in a Docker config), exchanged at the token service.</summary>
    internal string? IdentityToken { get; }

    /// <summary>Where the credential came from: <c>--username with --password-stdin</c>, <c>auths.HOST in FILE</c>.</summary>
    public string Source { get; }

    /// <summary>Who logs in, for messages: <c>user ci from auths.ghcr.io in /home/ci/.docker/config.json</c>.</summary>
    public string Who => Username is null ? $"the identity token from {Source}" : $"user {Username} from {Source}";

    /// <summary>Sent as Basic: a user with a password (an identity token alone cannot be).</summary>
    internal AuthenticationHeaderValue? Basic =>
        Username is not null && _password is not null
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{_password}")))
            : null;

    public static RegistryCredential Password(string username, string password, string source) => new(username, password, null, source);

    public static RegistryCredential Token(string? username, string identityToken, string source) => new(username, null, identityToken, source);

    /// <summary><paramref name="text"/> with the password and the identity token masked, for text a server sent back.</summary>
    internal string Masked(string text)
    {
        foreach (var secret in new[] { _password, IdentityToken })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    public override string ToString() => Who;
}
