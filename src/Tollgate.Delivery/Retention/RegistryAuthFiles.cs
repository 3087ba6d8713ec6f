using System.Text;
using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// A registry's login where container tools keep it (containers-auth.json(5), docker's config.json): in order,
/// <c>$REGISTRY_AUTH_FILE</c>, <c>$DOCKER_CONFIG/config.json</c>, <c>${XDG_RUNTIME_DIR}/containers/auth.json</c>,
/// <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c> and <c>~/.docker/config.json</c> (not read when
/// <c>DOCKER_CONFIG</c> is set, as docker does). The first file with an inline login for the registry wins: the
/// <c>auths</c> entry whose key is the registry's host or, longest first, a namespace of the repository
/// (<c>quay.io/team</c>), holding <c>identitytoken</c>, <c>auth</c> (base64 <c>user:password</c>) or
/// <c>username</c>/<c>password</c>. Credential helpers are not run: a helper named for the host (<c>credHelpers</c>,
/// <c>credsStore</c>) with no inline login anywhere is an input error naming it.
/// </summary>
public static class RegistryAuthFiles
{
    private static readonly string[] DockerHubHosts = ["index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary>The files searched, in order, for messages (whether they exist or not).</summary>
    public static IReadOnlyList<string> Searched(Func<string, string?> variable)
    {
        var files = new List<string>();
        if (variable("REGISTRY_AUTH_FILE") is { Length: > 0 } authFile)
        {
            files.Add(authFile);
        }

        var dockerConfig = variable("DOCKER_CONFIG");
        if (dockerConfig is { Length: > 0 })
        {
            files.Add(Path.Combine(dockerConfig, "config.json"));
        }

        if (variable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            files.Add(Path.Combine(runtime, "containers", "auth.json"));
        }

        var home = variable("HOME");
        if ((variable("XDG_CONFIG_HOME") is { Length: > 0 } config ? config : home is { Length: > 0 } ? Path.Combine(home, ".config") : null) is { } configHome)
        {
            files.Add(Path.Combine(configHome, "containers", "auth.json"));
        }

        if (dockerConfig is not { Length: > 0 } && home is { Length: > 0 })
        {
            files.Add(Path.Combine(home, ".docker", "config.json"));
        }

        return files;
    }

    /// <summary>The login for <paramref name="repository"/> at <paramref name="registry"/>, or null when no file has one.</summary>
    public static RegistryCredential? Find(Uri registry, string repository, Func<string, string?> variable)
    {
        var target = Key($"{registry.Authority}{registry.AbsolutePath.TrimEnd('/')}/{repository}");
        string? helper = null;
        foreach (var file in Searched(variable).Where(File.Exists))
        {
            using var document = Read(file);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException($"{file}: not a registry auth file (a JSON object with \"auths\")");
            }

            if (Entry(root, "auths", target) is { } entry && Login(entry.Value, $"auths.{entry.Key} in {file}") is { } credential)
            {
                return credential;
            }

            helper ??= Entry(root, "credHelpers", target) is { Value.ValueKind: JsonValueKind.String } named ? $"docker-credential-{named.Value.GetString()} (credHelpers.{named.Key} in {file})"
                : root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName ? $"docker-credential-{storeName} (credsStore in {file})"
                : null;
        }

        return helper is null ? null : throw new InvalidInputException(
            $"the login for {registry.Authority} is kept by the credential helper {helper}, which tollgate does not run: pass --username with --password-stdin (or TOLLGATE_REGISTRY_PASSWORD), or a file with the login inline in $REGISTRY_AUTH_FILE");
    }

    private static JsonDocument Read(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{file}: not JSON (line {e.LineNumber + 1}): a registry auth file is a JSON object with \"auths\"", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{file}: cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The entry of <paramref name="section"/> whose key is the target's host or the longest namespace of it.</summary>
    private static KeyValuePair<string, JsonElement>? Entry(JsonElement root, string section, string target) =>
        root.TryGetProperty(section, out var entries) && entries.ValueKind == JsonValueKind.Object
            ? entries.EnumerateObject()
                .Where(e => Key(e.Name) is var key && key.Length > 0 && (target == key || target.StartsWith(key + "/", StringComparison.Ordinal)))
                .OrderByDescending(e => Key(e.Name).Length)
                .Select(e => (KeyValuePair<string, JsonElement>?)new(e.Name, e.Value))
                .FirstOrDefault()
            : null;

    private static RegistryCredential? Login(JsonElement entry, string source)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var (user, password) = String(entry, "auth") is { } auth ? Decoded(auth, source) : (String(entry, "username"), String(entry, "password"));
        return String(entry, "identitytoken") is { } token ? RegistryCredential.Token(user, token, source)
            : user is not null && password is not null ? RegistryCredential.Password(user, password, source)
            : null;
    }

    private static (string? User, string? Password) Decoded(string auth, string source)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (text[..colon], text[(colon + 1)..]) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidInputException($"{source}: \"auth\" is not base64 of user:password");
        }
    }

    private static string? String(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>
    /// A key as hosts and namespaces compare: no scheme, no trailing <c>/v1/</c> (docker's Docker Hub key
    /// <c>https://index.docker.io/v1/</c>), lower case, Docker Hub's hosts as <c>docker.io</c>.
    /// </summary>
    private static string Key(string key)
    {
        var k = key.Trim().ToLowerInvariant();
        k = k.StartsWith("https://", StringComparison.Ordinal) ? k[8..] : k.StartsWith("http://", StringComparison.Ordinal) ? k[7..] : k;
        k = k.TrimEnd('/');
        k = k.EndsWith("/v1", StringComparison.Ordinal) || k.EndsWith("/v2", StringComparison.Ordinal) ? k[..^3] : k;
        var slash = k.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? k : k[..slash];
        return DockerHubHosts.Contains(host) ? "docker.io" + k[host.Length..] : k;
    }
}
