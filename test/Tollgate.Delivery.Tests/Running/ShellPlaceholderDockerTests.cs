using System.Net;
using System.Net.Sockets;
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
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var daemon = new HttpListener();
        daemon.Prefixes.Add($"http://127.0.0.1:{port}/");
        daemon.Start();
        var created = AnswerAsync(daemon);
        var run = await ChildProcess.RunAsync(new ChildCommand("bash", ["-c", script])
        {
            Environment = new Dictionary<string, string?> { [Variable] = value, ["DOCKER_HOST"] = $"tcp://127.0.0.1:{port}", ["DOCKER_CONFIG"] = Path.GetTempPath() },
            Timeout = TimeSpan.FromSeconds(30),
        });
        daemon.Stop();
        var body = await created;

        body.ShouldNotBeNull($"{script}: docker asked no container to be created: {run.Errors}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Answers the CLI's requests until it asks for a container, which it refuses; that request's body, or null when the listener stops first.</summary>
    private static async Task<string?> AnswerAsync(HttpListener daemon)
    {
        try
        {
            while (true)
            {
                var context = await daemon.GetContextAsync();
                context.Response.Headers["Api-Version"] = "1.41";
                context.Response.ContentType = "application/json";
                var create = context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath.EndsWith("/containers/create", StringComparison.Ordinal);
                string? body = null;
                if (create)
                {
                    using var reader = new StreamReader(context.Request.InputStream);
                    body = await reader.ReadToEndAsync();
                }

                context.Response.StatusCode = create ? 500 : 200;
                var answer = System.Text.Encoding.UTF8.GetBytes(create ? "{\"message\":\"stand-in daemon creates nothing\"}" : "OK");
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
                if (create)
                {
                    return body;
                }
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            return null;
        }
    }
}
