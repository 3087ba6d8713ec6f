using System.Net;
using System.Text;
using Tollgate.Domain;
using Tollgate.Models.Mlflow;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// A server or proxy that echoes what it was sent in an error answer other than 401 or 403 (a 500 with the request's
/// <c>Authorization</c> in its message): the error shows MLflow's words with the secret as <c>***</c>, as a 401's does.
/// Before, only 401 and 403 went through <see cref="MlflowCredential"/>'s hiding and a 500 printed the token. And the
/// URL's <c>user:password</c> is split before it is percent-decoded, as MLflow's client reads it.
/// </summary>
public sealed class MlflowSecretEchoTests
{
    /// <summary>A 500 in MLflow's error shape whose message holds the request's Authorization header, and the password decoded.</summary>
    private static Func<HttpListenerRequest, (HttpStatusCode, string)> Echoing(string password) => request =>
        (HttpStatusCode.InternalServerError, $$"""{"error_code":"INTERNAL_ERROR","message":"upstream failed for Authorization: {{request.Headers["Authorization"]}} (password {{password}})"}""");

    [Theory]
    [InlineData("url", "p@ss-w0rd")]
    [InlineData("basic", "p@ss-w0rd")]
    [InlineData("bearer", "dapi-t0ken")]
    public async Task GetAsync_ServerErrorEchoingTheCredential_ShowsItsWordsWithTheSecretHidden(string way, string secret)
    {
        await using var server = await ScriptedServer.StartAsync(Echoing(secret));
        using var http = new HttpClient();
        var source = way switch
        {
            "url" => new MlflowHttpSource(http, new Uri($"http://ci:p%40ss-w0rd@127.0.0.1:{server.Url.Port}/"), TimeSpan.FromSeconds(10)),
            "basic" => new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), MlflowCredential.Basic("ci", secret, "the test")),
            _ => new MlflowHttpSource(http, server.Url, TimeSpan.FromSeconds(10), MlflowCredential.Bearer(secret, "the test")),
        };

        var error = await Should.ThrowAsync<InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        server.LastAuthorization.ShouldNotBeNull();
        var sent = server.LastAuthorization!.Split(' ')[1];
        error.Message.ShouldContain($"INTERNAL_ERROR: upstream failed for Authorization: {server.LastAuthorization.Split(' ')[0]} *** (password ***)");
        error.Message.ShouldNotContain(secret);
        error.Message.ShouldNotContain(sent);
    }

    [Theory]
    [InlineData("ci:p%40ss", "ci", "p@ss")]
    [InlineData("ci:p%3Ass%25", "ci", "p:ss%")]
    [InlineData("ci%40corp:a%2Fb%3Fc%23d", "ci@corp", "a/b?c#d")]
    [InlineData("ci:w%C3%B6rd%20x", "ci", "wörd x")]
    public async Task GetAsync_PercentEscapedUrlCredentials_SentDecodedAndHiddenWhenEchoed(string userInfo, string user, string password)
    {
        await using var server = await ScriptedServer.StartAsync(Echoing(password));
        using var http = new HttpClient();
        var source = new MlflowHttpSource(http, new Uri($"http://{userInfo}@127.0.0.1:{server.Url.Port}/"), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<InvalidInputException>(() => source.GetAsync("registered-models/search", [], CancellationToken.None));

        server.LastAuthorization.ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        error.Message.ShouldContain("(password ***)");
        error.Message.ShouldNotContain(password);
    }

    [Fact]
    public void Constructor_UserWithAnEscapedColon_InputErrorRatherThanAShiftedPassword()
    {
        // Before: the whole user:password was decoded first, so a%3Ab:pass was sent as user a, password b:pass, and the
        // password a server echoed (pass) was not hidden, as the secret was taken to be b:pass.
        using var http = new HttpClient();

        var error = Should.Throw<InvalidInputException>(() => new MlflowHttpSource(http, new Uri("http://a%3Ab:pass@127.0.0.1:9/"), TimeSpan.FromSeconds(10)));

        error.Message.ShouldBe("MLflow at http://***@127.0.0.1:9: the URL's user holds a ':' (%3A), which Basic authentication cannot carry in a user name");
    }
}
