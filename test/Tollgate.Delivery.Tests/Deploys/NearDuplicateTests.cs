using Tollgate.Delivery.Deploys;

namespace Tollgate.Delivery.Tests.Deploys;

public sealed class NearDuplicateTests
{
    private static readonly string[] Services = ["checkout", "payments", "api", "eu-west-1", "search-indexer"];

    private static readonly string[] Environments = ["production", "staging", "development"];

    [Theory]
    [InlineData("chekout", "checkout")] // one letter dropped
    [InlineData("chekcout", "checkout")] // neighbours swapped
    [InlineData("Checkout", "checkout")] // case
    [InlineData("search_indexer", "search-indexer")] // separator
    [InlineData("search.indexr", "search-indexer")] // separator and a typo
    [InlineData("paymnets", "payments")]
    [InlineData("API", "api")]
    public void Of_ServiceATypoAway_NamesTheKnownOne(string name, string known) =>
        NearDuplicate.Of(name, Services).ShouldBe(known);

    [Theory]
    [InlineData("prod", "production")]
    [InlineData("prd", "production")]
    [InlineData("stg", "staging")]
    [InlineData("stage", "staging")]
    [InlineData("dev", "development")]
    [InlineData("Production", "production")]
    [InlineData("prodution", "production")]
    [InlineData("stagign", "staging")]
    public void Of_EnvironmentAbbreviatedOrMistyped_NamesTheKnownOne(string name, string known) =>
        NearDuplicate.Of(name, Environments).ShouldBe(known);

    [Theory]
    [InlineData("checkout")] // known itself
    [InlineData("inventory")] // nothing close
    [InlineData("app")] // three letters: one edit from api, but another service
    [InlineData("eu-west-2")] // a numbered sibling
    [InlineData("checkout2")]
    [InlineData("pay")] // a prefix is not an abbreviation the field uses
    [InlineData("checkout-worker")]
    public void Of_KnownOrGenuinelyNew_IsNull(string name) =>
        NearDuplicate.Of(name, Services).ShouldBeNull();

    [Fact]
    public void Of_EmptyLedger_IsNull() =>
        NearDuplicate.Of("chekout", []).ShouldBeNull();

    [Fact]
    public void Of_TwoKnownNamesClose_NamesTheClosest() =>
        NearDuplicate.Of("payment", ["payments", "paymint"]).ShouldBe("payments"); // both one edit: the first by ordinal order
}
