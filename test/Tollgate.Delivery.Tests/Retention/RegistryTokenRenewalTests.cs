using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Retention;
using Tollgate.Domain;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Retention;

/// <summary>
/// A Bearer token is renewed before it expires, at 80% of the token service's <c>expires_in</c> on the injected clock
/// (60 s without one), against a real registry with token auth and the in-test token service issuing short-lived
/// tokens. Before, a token was kept until the registry refused it: every long run met a 401 per expiry, and a
/// registry that answers an expired token otherwise than with a 401 challenge failed the run.
/// </summary>
public sealed class RegistryTokenRenewalTests : IClassFixture<RegistryTokenRenewalTests.TokenRegistry>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly Answers _answers = new(new HttpClientHandler());
    private readonly HttpClient _http;
    private readonly RegistryTokenService _tokens;
    private readonly RegistryServer _registry;

    public RegistryTokenRenewalTests(TokenRegistry shared)
    {
        _tokens = shared.Tokens;
        _registry = shared.Registry;
        _http = new HttpClient(_answers) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task<string> RepositoryAsync()
    {
        var repository = "shop/r" + Guid.NewGuid().ToString("N")[..10];
        await _registry.PushAsync(repository, "v1", "build 1", T0.AddDays(1));
        await _registry.PushAsync(repository, "v2", "build 2", T0.AddDays(2));
        return repository;
    }

    private OciRegistry Registry(bool delete = false) =>
        new(_http, _registry.Url, new RegistryLogin(_http, RegistryCredential.Password(RegistryTokenService.User, RegistryTokenService.Password, "--username"), _ => null, delete, _clock));

    private int TokenRequests(string repository)
    {
        lock (_tokens.Requests)
        {
            // skopeo's pushes ask for push; retention never does.
            return _tokens.Requests.Count(r => r.Scopes.Any(s => s.Contains(repository, StringComparison.Ordinal)) && !r.Scopes.Any(s => s.Contains("push", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData(10.0, 8.0)] // short-lived: renewed after 8 s
    [InlineData(60.0, 48.0)]
    [InlineData(null, 48.0)] // no expires_in: the specification's 60 s
    [InlineData(0.0, 48.0)] // a lifetime of none is the default, never a token that lives forever
    public async Task Artifacts_TokenPastEightyPercentOfItsLifetime_RenewedBeforeTheRequestWithoutA401(double? expiresIn, double renewAfter)
    {
        var repository = await RepositoryAsync();
        _tokens.ExpiresIn = expiresIn;
        var oci = Registry();

        await oci.ArtifactsAsync(repository, CancellationToken.None);
        var first = TokenRequests(repository);
        _clock.Advance(TimeSpan.FromSeconds(renewAfter - 0.5));
        _answers.Clear();
        await oci.ArtifactsAsync(repository, CancellationToken.None);
        var before = TokenRequests(repository);
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        var listed = await oci.ArtifactsAsync(repository, CancellationToken.None);

        first.ShouldBe(1);
        before.ShouldBe(1, "not renewed before 80% of its lifetime");
        TokenRequests(repository).ShouldBe(2, "renewed once at 80%");
        listed.Select(a => a.Tag).Order().ShouldBe(["v1", "v2"]);
        _answers.Statuses.ShouldNotContain(HttpStatusCode.Unauthorized, "the registry never saw an expired token");
    }

    [Fact]
    public async Task Delete_RunLongerThanATokenLives_EachRequestCarriesALiveTokenAndTheScopeStays()
    {
        var repository = await RepositoryAsync();
        _tokens.ExpiresIn = 5;
        var oci = Registry(delete: true);
        var listed = await oci.ArtifactsAsync(repository, CancellationToken.None);
        _answers.Clear();

        foreach (var artifact in listed)
        {
            _clock.Advance(TimeSpan.FromSeconds(4.5)); // each delete comes after the token's renewal point
            await oci.DeleteAsync(repository, artifact.Digest, CancellationToken.None);
        }

        TokenRequests(repository).ShouldBe(3);
        _answers.Statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Accepted], "a token, a delete, a token, a delete: no 401");
        lock (_tokens.Requests)
        {
            _tokens.Requests.Last().Scopes.ShouldBe([$"repository:{repository}:pull,delete"]);
        }
    }

    [Fact]
    public async Task Artifacts_RenewalRefusedWhileTheTokenLives_KeepsItAndAsksAgain()
    {
        var repository = await RepositoryAsync();
        _tokens.ExpiresIn = 60;
        var login = new RegistryLogin(_http, RegistryCredential.Password(RegistryTokenService.User, RegistryTokenService.Password, "--username"), _ => null, delete: false, _clock);
        var oci = new OciRegistry(_http, _registry.Url, login);
        await oci.ArtifactsAsync(repository, CancellationToken.None);
        _tokens.Unavailable = true; // the token service goes away

        _clock.Advance(TimeSpan.FromSeconds(50));
        var stillListed = await oci.ArtifactsAsync(repository, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var error = await Should.ThrowAsync<InvalidInputException>(() => oci.ArtifactsAsync(repository, CancellationToken.None));

        stillListed.Count.ShouldBe(2, "the token had 10 s left");
        error.Message.ShouldStartWith($"{_registry.Url}: the token service {_tokens.Realm} answered 503 ");
        error.Message.ShouldNotContain("\n");
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokens.ExpiresIn = null;
        _tokens.Unavailable = false;
    }

    /// <summary>One registry with token auth and its token service for the class (the tests run one at a time).</summary>
    public sealed class TokenRegistry : IAsyncLifetime
    {
        public RegistryTokenService Tokens { get; private set; } = null!;

        public RegistryServer Registry { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Tokens = await RegistryTokenService.StartAsync();
            Registry = RegistryServer.WithTokenService(Tokens);
        }

        public async Task DisposeAsync() => await Tokens.DisposeAsync();
    }

    /// <summary>Passes every request to the network and keeps the status of each answer, in order.</summary>
    private sealed class Answers(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly List<HttpStatusCode> _statuses = [];

        public IReadOnlyList<HttpStatusCode> Statuses
        {
            get
            {
                lock (_statuses)
                {
                    return [.. _statuses];
                }
            }
        }

        public void Clear()
        {
            lock (_statuses)
            {
                _statuses.Clear();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (_statuses)
            {
                _statuses.Add(response.StatusCode);
            }

            return response;
        }
    }
}
