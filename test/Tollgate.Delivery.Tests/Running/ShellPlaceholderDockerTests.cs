using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tollgate.Delivery.Running;
using Tollgate.Processes;

namespace Tollgate.Delivery.Tests.Running;

/// <summary>
/// What the docker CLI makes of a hook's <c>docker run</c>, seen in the container it asks the daemon to create: a
/// stand-in daemon answers the CLI's ping, keeps the create request and refuses it, so nothing runs. An argument after
/// the image reaches the container's command as one word, as it is; where the reading refuses the placeholder, the
/// request shows what the container would run: a shell's command string, a health check's shell command, a
/// <c>BASH_ENV</c> whose <c>$(…)</c> bash runs as it starts.
/// </summary>
public sealed class ShellPlaceholderDockerTests
{
    private const string Variable = ShellPlaceholderTests.Variable;

    [Theory]
    [InlineData("docker run --rm img ./serve.sh {v}")]
    [InlineData("docker run -d --rm -e MODEL=fraud -v /srv:/srv --name fraud -w /srv img ./serve.sh {v}")]
    [InlineData("docker run --rm img ./serve.sh \"{v}\"")]
    public async Task Substitute_ArgumentAfterTheImage_IsOneWordOfTheContainersCommand(string template)
    {
        var script = ShellPlaceholder.Substitute(template, "{v}", Variable);
        script.ShouldNotContain("{v}", Case.Sensitive, template);

        foreach (var value in ShellPlaceholderTests.Hostile.Append("--health-cmd=id>PWNED").Append("-eBASH_ENV=$(id>PWNED)"))
        {
            var container = await CreatedAsync(script, value);

            Words(container, "Cmd").ShouldBe(["./serve.sh", value], $"{template} with {value}");
            container.GetProperty("Entrypoint").ValueKind.ShouldBe(JsonValueKind.Null);
            container.TryGetProperty("Healthcheck", out var check).ShouldBeFalse(check.ToString());
            Words(container, "Env").ShouldNotContain(e => e.StartsWith("BASH_ENV", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("docker run --rm img sh -c {v}", "id>PWNED", "Cmd", "id>PWNED", PlaceholderSite.Code)]
    [InlineData("docker run --rm --entrypoint sh img -c {v}", "id>PWNED", "Cmd", "id>PWNED", PlaceholderSite.Code)]
    [InlineData("docker run --rm -e {v} img ./serve.sh", "BASH_ENV=$(id>PWNED)", "Env", "BASH_ENV=$(id>PWNED)", PlaceholderSite.Code)]
    [InlineData("docker run --rm {v} img ./serve.sh", "-eBASH_ENV=$(id>PWNED)", "Env", "BASH_ENV=$(id>PWNED)", PlaceholderSite.Option)]
    [InlineData("docker run --rm {v} img ./serve.sh", "--health-cmd=id>PWNED", "Healthcheck", "id>PWNED", PlaceholderSite.Option)]
    public async Task Read_PlaceholderDockerHandsTheContainerAsCode_LeftAsWrittenForTheCallerToRefuse(string template, string hostile, string field, string code, PlaceholderSite site)
    {
        // The proof: the quoted reference the reading used to write there gives the container the value as shell code
        // (a shell's command string, a health check docker runs with /bin/sh -c, a BASH_ENV bash expands as it starts).
        var container = await CreatedAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), hostile);
        var words = field == "Healthcheck" ? Words(container.GetProperty(field), "Test") : Words(container, field);
        words.ShouldContain(code, template);

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([site], template);
        read.Script.ShouldBe(template);
    }

    /// <summary>The strings of an array property; none where it is null.</summary>
    private static string[] Words(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(e => e.GetString() ?? "").ToArray() : [];

    /// <summary>The container <paramref name="script"/>'s <c>docker run</c> asks the stand-in daemon to create, with the value in the variable.</summary>
    private static async Task<JsonElement> CreatedAsync(string script, string value)
    {
        // A Unix socket of its own, which no other test's listener can take.
        var directory = Directory.CreateTempSubdirectory("tollgate-docker-").FullName;
        var path = Path.Combine(directory, "docker.sock");
        using var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        daemon.Bind(new UnixDomainSocketEndPoint(path));
        daemon.Listen();
        var created = AnswerAsync(daemon);
        var run = await ChildProcess.RunAsync(new ChildCommand("bash", ["-c", script])
        {
            Environment = new Dictionary<string, string?> { [Variable] = value, ["DOCKER_HOST"] = "unix://" + path, ["DOCKER_CONFIG"] = directory },
            Timeout = TimeSpan.FromSeconds(30),
        });
        daemon.Close();
        var body = await created;
        Directory.Delete(directory, recursive: true);

        body.ShouldNotBeNull($"{script}: docker asked no container to be created: {run.Errors}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Answers the CLI's HTTP requests (its ping, on each connection it opens) until it asks for a container, which it
    /// refuses: that request's body, or null when the socket closes first.
    /// </summary>
    private static async Task<string?> AnswerAsync(Socket daemon)
    {
        try
        {
            while (true)
            {
                using var connection = await daemon.AcceptAsync();
                await using var stream = new NetworkStream(connection, ownsSocket: false);
                while (await RequestAsync(stream) is var (line, body))
                {
                    var create = line.StartsWith("POST ", StringComparison.Ordinal) && line.Contains("/containers/create", StringComparison.Ordinal);
                    var answer = create ? "{\"message\":\"stand-in daemon creates nothing\"}" : "OK";
                    var response = $"HTTP/1.1 {(create ? "500 Internal Server Error" : "200 OK")}\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(answer)}\r\n\r\n{answer}";
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(response));
                    if (create)
                    {
                        return body;
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            return null;
        }
    }

    /// <summary>One request: its first line and body (by its Content-Length); null at the end of the connection.</summary>
    private static async Task<(string Line, string Body)?> RequestAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return (lines[0], Encoding.UTF8.GetString(body));
    }
}
