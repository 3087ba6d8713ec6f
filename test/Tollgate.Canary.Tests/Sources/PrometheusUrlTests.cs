using System.Net;
using System.Net.Sockets;
using CsCheck;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A Prometheus password never shows: not in the URL every message and report names, whatever characters it holds,
/// escaped or not, nor in a URL too broken to parse; query values (<c>?api_key=…</c>) are hidden too.
/// </summary>
public sealed class PrometheusUrlTests
{
    [Theory]
    [InlineData("pass word")]
    [InlineData("p{a}s|s^w\"o<r>d")]
    [InlineData("pass`word")]
    [InlineData("passéword")]
    [InlineData("p@ss/w?o#rd%")]
    public void Redact_PasswordNeedingEscapes_ShownAsStars(string password)
    {
        var escaped = new Uri($"http://alice:{Uri.EscapeDataString(password)}@prom.example:9090/x/");
        var raw = $"http://alice:{password}@prom.example:9090/x/";

        PrometheusUrl.Redact(escaped).ShouldBe("http://***@prom.example:9090/x/");
        new PrometheusUrl(escaped).Redacted.ShouldBe("http://***@prom.example:9090/x/");
        PrometheusUrl.RedactText(raw).ShouldBe("http://***@prom.example:9090/x/");
        if (Uri.TryCreate(raw, UriKind.Absolute, out var parsed))
        {
            // The Uri escapes what it must in its user information, and its ToString() shows it unescaped.
            new PrometheusUrl(parsed).Redacted.ShouldBe("http://***@prom.example:9090/x/");
        }
    }

    [Theory]
    [InlineData("http://alice:Pr0m/Secret@127.0.0.1:1/", "http://***@127.0.0.1:1/")]
    [InlineData("http://alice:123/Secret@127.0.0.1:1/", "http://***@127.0.0.1:1/")]
    [InlineData("http://alice:Pr0m?Secret@prom:9090/", "http://***@prom:9090/")]
    [InlineData("alice:Secret@prom:9090", "***@prom:9090")]
    [InlineData("http://prom:9090/?api_key=Secret&tenant=Secret2&Secret3", "http://prom:9090/?api_key=***&tenant=***&***")]
    [InlineData("http://alice:Secret@prom:9090/prometheus?api_key=Secret", "http://***@prom:9090/prometheus?api_key=***")]
    [InlineData("http://prom:9090/prometheus", "http://prom:9090/prometheus")]
    public void RedactText_CredentialsAnywhere_ShownAsStars(string text, string shown)
    {
        PrometheusUrl.RedactText(text).ShouldBe(shown);
        if (Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            PrometheusUrl.Redact(url).ShouldNotContain("Secret");
        }
    }

    [Fact]
    public void Redact_QueryHoldingAKey_KeepsTheKeyForRequests_ShowsItNowhere()
    {
        var url = new PrometheusUrl(new Uri("https://prom.example/api/prom?api_key=k3y-Secret"));

        url.Redacted.ShouldBe("https://prom.example/api/prom?api_key=***");
        url.Address.Query.ShouldBe("?api_key=k3y-Secret");
    }

    [Fact]
    public void Of_FlagWithAnUnescapedSlashInThePassword_ExitThreeWithoutIt()
    {
        var spec = SpecLoader.Load(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));

        var error = Should.Throw<InvalidInputException>(() => PrometheusTarget.Of(spec, "http://alice:Pr0m/Secret@127.0.0.1:1/"));

        error.Message.ShouldBe("--prometheus http://***@127.0.0.1:1/ is not an http(s) URL");
    }

    [Fact]
    public async Task InstantAsync_PrometheusDown_ReasonHoldsNoPasswordNorKey()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connection refused
        var url = new Uri($"http://alice:{Uri.EscapeDataString("pa ss`wörd")}@127.0.0.1:{port}/?api_key=Secret");
        var source = new PrometheusSource(new HttpClient(), url, new PrometheusOptions(TimeSpan.FromSeconds(5), 1, TimeSpan.FromMilliseconds(10)), TimeProvider.System);

        var response = await source.InstantAsync("up", DateTimeOffset.FromUnixTimeSeconds(1767225600), CancellationToken.None);

        response.Unavailable.ShouldBe($"cannot reach Prometheus at http://***@127.0.0.1:{port}/?api_key=***: connection refused (after 1 attempt)");
    }

    /// <summary>User and password from every printable ASCII character and non-ASCII ones, at least 8 characters each.</summary>
    private static readonly Gen<string> Secret =
        Gen.OneOf(Gen.Char['!', '~'], Gen.Char['\u00a1', '\u00ff'], Gen.Char['\u0400', '\u04ff'], Gen.Const(' '), Gen.Const('€'))
            .Array[8, 24].Select(c => new string(c));

    [Fact]
    public void Redact_AnyUserAndPassword_NeverShown_RawOrEscaped()
    {
        Gen.Select(Secret, Secret).Sample((user, password) =>
        {
            var escaped = $"http://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@prom.example:9090/api/?api_key=k";
            var raw = $"http://{user}:{password}@prom.example:9090/api/";
            var shown = new List<string> { PrometheusUrl.Redact(new Uri(escaped)), PrometheusUrl.RedactText(escaped), PrometheusUrl.RedactText(raw) };
            if (Uri.TryCreate(raw, UriKind.Absolute, out var parsed))
            {
                shown.Add(PrometheusUrl.Redact(parsed));
                shown.Add(new PrometheusUrl(parsed).Redacted);
            }

            shown[0].ShouldBe("http://***@prom.example:9090/api/?api_key=***");
            foreach (var text in shown)
            {
                foreach (var form in new[] { password, Uri.EscapeDataString(password), WebUtility.UrlEncode(password), new Uri(escaped).UserInfo })
                {
                    text.ShouldNotContain(form, Case.Sensitive, $"{user}:{password} shown as {text}");
                }
            }
        }, iter: 2000);
    }
}
