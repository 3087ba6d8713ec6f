using System.Net.Http.Headers;
using System.Text;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// What <see cref="MlflowHttpSource"/> sends to authenticate, as MLflow's own clients do: Basic (a user and a password,
/// UTF-8) or Bearer (a token), and where it came from, in words for a refusal (<see cref="Sent"/>: "Basic credentials
/// from MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"). The secret goes into the <c>Authorization</c> header
/// and nowhere else: <see cref="ToString"/> is the words, and <see cref="Hide"/> takes it out of a server's text.
/// </summary>
public sealed class MlflowCredential
{
    /// <summary>MLflow's variable for the Basic user (its clients send Basic when this and the password are both set).</summary>
    public const string UsernameVariable = "MLFLOW_TRACKING_USERNAME";

    /// <summary>MLflow's variable for the Basic password.</summary>
    public const string PasswordVariable = "MLFLOW_TRACKING_PASSWORD";

    /// <summary>MLflow's variable for a Bearer token (Databricks, a managed MLflow, an OAuth proxy): sent when no user and password are.</summary>
    public const string TokenVariable = "MLFLOW_TRACKING_TOKEN";

    private readonly string[] _secrets;

    private MlflowCredential(AuthenticationHeaderValue? header, string sent, params string[] secrets)
    {
        Header = header;
        Sent = sent;
        _secrets = [.. secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length)];
    }

    /// <summary>Nothing: an MLflow without authentication.</summary>
    public static MlflowCredential None { get; } = new(null,
        $"no credentials: put user:password@ in the URL, or set {TokenVariable}, or {UsernameVariable} and {PasswordVariable}");

    /// <summary>
    /// Basic authentication as <paramref name="user"/> (without a <c>:</c>, which would end it early) with
    /// <paramref name="password"/>; <paramref name="origin"/> says where they came from, <paramref name="aside"/>
    /// anything a refusal should add about it.
    /// </summary>
    public static MlflowCredential Basic(string user, string password, string origin, string? aside = null)
    {
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("a Basic user name cannot hold a ':'", nameof(user));
        }

        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        return new(new AuthenticationHeaderValue("Basic", encoded), $"Basic credentials from {origin}{aside}", password, encoded);
    }

    /// <summary>A Bearer token (without white space or control characters, which a header cannot carry) from <paramref name="origin"/>.</summary>
    public static MlflowCredential Bearer(string token, string origin)
    {
        if (!IsToken(token))
        {
            throw new ArgumentException("a Bearer token is one word: not empty, without white space or control characters", nameof(token));
        }

        return new(new AuthenticationHeaderValue("Bearer", token), $"a Bearer token from {origin}", token);
    }

    /// <summary>True when <paramref name="token"/> can go into a header as it is: not empty, without white space or control characters.</summary>
    public static bool IsToken(string token) => token.Length > 0 && !token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>
    /// The Basic credentials <paramref name="url"/> carries (<c>user:password@</c>), split at the first <c>:</c> of the
    /// escaped text and then each part percent-decoded, as MLflow's client (requests) reads them: <c>p%40ss</c> is the
    /// password <c>p@ss</c>, <c>p%3Ass</c> is <c>p:ss</c>. A user holding <c>%3A</c> is an input error: decoded before
    /// the split, <c>a%3Ab:pass</c> would be sent as the user <c>a</c> with the password <c>b:pass</c>, and the password
    /// a server echoes would not be hidden whole. Null without a password (<c>user@</c>): the caller says so.
    /// </summary>
    internal static MlflowCredential? FromUrl(Uri url, string shown)
    {
        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var user = Uri.UnescapeDataString(url.UserInfo[..colon]);
        var password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        return user.Contains(':', StringComparison.Ordinal)
            ? throw new Domain.InvalidInputException($"MLflow at {shown}: the URL's user holds a ':' (%3A), which Basic authentication cannot carry in a user name")
            : Basic(user, password, "the URL");
    }

    /// <summary>The <c>Authorization</c> header every request carries, or null.</summary>
    internal AuthenticationHeaderValue? Header { get; }

    /// <summary>What was sent, for people: the kind and where it came from, never the secret.</summary>
    public string Sent { get; }

    /// <summary><paramref name="text"/> (a server's error, which may echo what it was sent) with the secret as <c>***</c>.</summary>
    internal string Hide(string text) => _secrets.Aggregate(text, (shown, secret) => shown.Replace(secret, "***", StringComparison.Ordinal));

    public override string ToString() => Sent;
}
