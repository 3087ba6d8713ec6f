using Tollgate.Domain;
using Tollgate.Models.Promotion;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// A model name the ledger never heard of (a typo) is said to be one, in the line every model command gives, not
/// answered as if the model existed: rollback once said "nosuch has no version in production: nothing to roll back".
/// </summary>
public sealed class UnregisteredModelTests
{
    private const string NotRegistered = "model nosuch is not registered in the ledger (tollgate model register nosuch --version V …)";

    [Fact]
    public async Task Rollback_UnknownModel_SaysItIsNotRegisteredRecordsNothing()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new ModelRollback(m.Registry).RunAsync("nosuch", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldBe(NotRegistered);
        (await m.Ledger.RecentAsync(ModelRollback.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Drill_UnknownModel_SaysItIsNotRegistered()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new ModelDrill(m.Registry).RunAsync("nosuch", "true", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldBe(NotRegistered);
    }

    [Fact]
    public async Task Rollback_RegisteredModelNeverInProduction_StillSaysSo()
    {
        await using var m = await ModelLedger.WithFraudVersionsAsync();

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new ModelRollback(m.Registry).RunAsync("fraud", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldBe("fraud has no version in production: nothing to roll back");
    }
}
