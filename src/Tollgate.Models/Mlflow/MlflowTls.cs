using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Tollgate.Domain;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// How <see cref="MlflowHttpSource"/> speaks TLS, from MLflow's own variables as its Python client reads them
/// (<c>mlflow/environment_variables.py</c>, <c>MlflowHostCreds</c>): <c>MLFLOW_TRACKING_INSECURE_TLS</c> (true, false,
/// 1 or 0, any case) skips verifying the server's certificate; <c>MLFLOW_TRACKING_SERVER_CERT_PATH</c> is a CA bundle
/// (PEM) trusted for the server instead of the machine's; <c>MLFLOW_TRACKING_CLIENT_CERT_PATH</c> is a client
/// certificate with its key in the same PEM file, for a server that asks for one (mutual TLS). Insecure with a bundle is
/// refused, as MLflow refuses it. A certificate that fails at connect time is explained (<see cref="Explain"/>) from
/// what the handshake saw, never the runtime's text, with the variable that fixes it.
/// </summary>
public sealed class MlflowTls : IDisposable
{
    public const string InsecureVariable = "MLFLOW_TRACKING_INSECURE_TLS";
    public const string ServerCertVariable = "MLFLOW_TRACKING_SERVER_CERT_PATH";
    public const string ClientCertVariable = "MLFLOW_TRACKING_CLIENT_CERT_PATH";

    private readonly X509Certificate2Collection? _trusted;
    private readonly string? _trustedShown;
    private readonly X509Certificate2? _client;
    private readonly string? _clientShown;
    private volatile string? _rejected;
    private volatile bool _clientAsked;

    private MlflowTls(bool insecure, X509Certificate2Collection? trusted, string? trustedShown, X509Certificate2? client, string? clientShown) =>
        (Insecure, _trusted, _trustedShown, _client, _clientShown) = (insecure, trusted, trustedShown, client, clientShown);

    /// <summary>The machine's trust, no client certificate: what no variable set means.</summary>
    public static MlflowTls Default => new(false, null, null, null, null);

    /// <summary>True when the server's certificate is not verified (<c>MLFLOW_TRACKING_INSECURE_TLS</c>): the caller warns.</summary>
    public bool Insecure { get; }

    /// <summary>
    /// From MLflow's variables (<paramref name="variable"/>; an empty one is unset), relative paths against
    /// <paramref name="workingDirectory"/>. Every problem (a value that is no boolean, the refused pair, a PEM file missing,
    /// unreadable or not PEM) is an input error before the first request.
    /// </summary>
    public static MlflowTls Of(Func<string, string?> variable, string workingDirectory)
    {
        var insecure = variable(InsecureVariable) switch
        {
            null or "" => false,
            var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" => true,
            var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) || v == "0" => false,
            var v => throw new InvalidInputException($"{InsecureVariable} is '{TextSafe.Line(v)}': give true or false (or 1 or 0), as MLflow reads it"),
        };
        var (server, client) = (Set(variable, ServerCertVariable), Set(variable, ClientCertVariable));
        if (insecure && server is not null)
        {
            throw new InvalidInputException($"{InsecureVariable} is true and {ServerCertVariable} is set: one skips verifying the server's certificate, the other verifies it against a CA bundle; unset one (MLflow's client refuses the pair too)");
        }

        var trustedShown = server is null ? null : $"{ServerCertVariable} {TextSafe.Line(server)}";
        var clientShown = client is null ? null : $"{ClientCertVariable} {TextSafe.Line(client)}";
        var trusted = server is null ? null : MlflowPem.Bundle(Path.GetFullPath(server, workingDirectory), trustedShown!);
        var certificate = client is null ? null : MlflowPem.WithKey(Path.GetFullPath(client, workingDirectory), clientShown!);
        return new(insecure, trusted, trustedShown, certificate, clientShown);
    }

    /// <summary>A handler that connects as these settings say; the caller's <see cref="HttpClient"/> owns it.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = Verify,
            // A callback rather than ClientCertificates, so that a refusal can say the server asked and none was given:
            // it also runs before the handshake (no server certificate yet), and again when the server asks, after its
            // certificate has come (measured on Linux: without the check, a server that never asked was taken to).
            LocalCertificateSelectionCallback = (_, _, _, remote, _) =>
            {
                _clientAsked |= remote is not null;
                return _client!;
            },
        },
    };

    /// <summary>
    /// Why <paramref name="failure"/> happened when TLS is the cause, in words, with the variable that fixes it: the
    /// server's certificate did not verify, or the server asked for a client certificate that was not given or not
    /// accepted; null for any other failure.
    /// </summary>
    internal string? Explain(HttpRequestException failure)
    {
        if (_rejected is { } why)
        {
            var fix = _trusted is null
                ? $"set {ServerCertVariable} to a PEM bundle of the CA that issued it, or {InsecureVariable}=true to skip verification (never in production)"
                : $"put the CA that issued it in {_trustedShown}, or set {ServerCertVariable} to the bundle that holds it";
            return $"verifying the server's certificate failed: {why}; {fix}";
        }

        if (failure.HttpRequestError is not (HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.Unknown))
        {
            return null;
        }

        // With a certificate to give, .NET chooses it before the handshake and does not ask again: whether the server
        // asked cannot be seen, so a connection it ends is said to be possibly about the certificate.
        return _client is not null
            ? $"the connection ended before an answer, with the client certificate from {_clientShown} offered: the server may not accept that certificate"
            : _clientAsked
                ? $"the server asks for a client certificate (mutual TLS) and none was given; set {ClientCertVariable} to a PEM file holding the certificate and its private key"
                : null;
    }

    private bool Verify(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _rejected = Insecure ? null : _trusted is null ? Problem(errors, chain) : AgainstBundle(certificate, chain, errors);
        return _rejected is null;
    }

    /// <summary>What is wrong with the certificate as the machine's trust saw it, or null.</summary>
    private string? Problem(SslPolicyErrors errors, X509Chain? chain) =>
        errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? "the server sent no certificate"
        : errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? "it is not issued for this host name"
        : errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? Chain(chain?.ChainStatus ?? [])
        : null;

    /// <summary>What is wrong with the certificate as <c>MLFLOW_TRACKING_SERVER_CERT_PATH</c>'s bundle alone sees it (as requests' <c>verify=path</c>), or null.</summary>
    private string? AgainstBundle(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Problem(errors & ~SslPolicyErrors.RemoteCertificateChainErrors, null) is { } problem)
        {
            return problem;
        }

        if (certificate is not X509Certificate2 leaf)
        {
            return "the server sent no certificate";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted!);
        custom.ChainPolicy.ExtraStore.AddRange(_trusted!);
        if (chain is not null)
        {
            // The intermediates the server sent, as OpenSSL uses them: only the anchors come from the bundle.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf) ? null : Chain(custom.ChainStatus);
    }

    /// <summary>A chain's failure in words, the first that applies.</summary>
    private string Chain(X509ChainStatus[] status)
    {
        var flags = status.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        return flags switch
        {
            _ when flags.HasFlag(X509ChainStatusFlags.NotTimeValid) => "it has expired or is not valid yet",
            _ when flags.HasFlag(X509ChainStatusFlags.Revoked) => "it is revoked",
            _ when flags.HasFlag(X509ChainStatusFlags.NotSignatureValid) => "its signature does not verify",
            _ when (flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 => _trusted is null
                ? "it is not issued by a certificate authority this machine trusts"
                : $"it is not issued by a certificate authority in {_trustedShown}",
            _ => $"its chain does not verify ({flags})",
        };
    }

    private static string? Set(Func<string, string?> variable, string name) => variable(name) is { Length: > 0 } value ? value : null;

    public void Dispose()
    {
        _client?.Dispose();
        foreach (var certificate in _trusted ?? [])
        {
            certificate.Dispose();
        }
    }
}
