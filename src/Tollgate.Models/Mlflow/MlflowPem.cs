using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// The PEM files MLflow's TLS variables name, read as its client (requests, OpenSSL) reads them: a CA bundle of one or
/// more certificates (or a directory of them), and a client certificate with its unencrypted private key in the same file. A file that is missing,
/// unreadable or holds no such PEM is an input error naming the variable and the path, before any request.
/// </summary>
internal static class MlflowPem
{
    private const long MaxBytes = 4L << 20;

    /// <summary>
    /// The certificates of the bundle at <paramref name="path"/> (<paramref name="shown"/>: the variable and the path as
    /// given), or of every file directly in it when it is a directory, as requests' <c>verify</c> takes OpenSSL's CA
    /// directory (<c>/etc/ssl/certs</c>; its files need not be named by hash here). Files in it that hold no PEM
    /// certificate (a README, a key) are passed over; one whose certificate cannot be read is an error naming it.
    /// </summary>
    public static X509Certificate2Collection Bundle(string path, string shown)
    {
        var bundle = new X509Certificate2Collection();
        if (!Directory.Exists(path))
        {
            Import(bundle, InputFile.ReadText(path, shown, MaxBytes), shown);
            return bundle.Count > 0
                ? bundle
                : throw new InvalidInputException($"{shown}: no PEM certificate in it (-----BEGIN CERTIFICATE-----); give a CA bundle in PEM");
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
            {
                // Bytes first: a DER certificate or a Java keystore beside the PEM files is passed over, not a decoding error.
                if (new FileInfo(file) is { LinkTarget: not null } link && link.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
                {
                    continue; // a link whose target is gone, as OpenSSL passes over it
                }

                var named = $"{shown}: {Path.GetFileName(file)}";
                var bytes = InputFile.ReadBytes(file, named, MaxBytes);
                if (bytes.AsSpan().IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
                {
                    Import(bundle, System.Text.Encoding.UTF8.GetString(bytes), named);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{shown}: the CA directory cannot be read: {e.Message}", e);
        }

        return bundle.Count > 0
            ? bundle
            : throw new InvalidInputException($"{shown}: no file in this directory holds a PEM certificate (-----BEGIN CERTIFICATE-----); give a CA bundle in PEM or a directory of them");
    }

    private static void Import(X509Certificate2Collection bundle, string text, string shown)
    {
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new InvalidInputException($"{shown}: a PEM block in it is not a certificate that can be read", e);
        }
    }

    /// <summary>The certificate and private key in the one file at <paramref name="path"/>, as requests' <c>cert</c> takes a single path.</summary>
    public static X509Certificate2 WithKey(string path, string shown)
    {
        var text = InputFile.ReadText(path, shown, MaxBytes);
        try
        {
            return X509Certificate2.CreateFromPem(text, text);
        }
        catch (CryptographicException e)
        {
            var why = !text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? "no PEM certificate in it"
                : text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal) || text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) ? "its private key is encrypted, which cannot be read without a passphrase"
                : !text.Contains("PRIVATE KEY-----", StringComparison.Ordinal) ? "no private key in it"
                : "its certificate and private key cannot be read, or do not belong together";
            throw new InvalidInputException($"{shown}: {why}; give one PEM file holding the client certificate and its unencrypted private key", e);
        }
    }
}
