using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

public sealed class DvcPinsTests
{
    [Theory]
    [InlineData("etag", "5d41402abc4b2a76b9719d911017c592", "s3://lake/raw.csv", "etag:5d41402abc4b2a76b9719d911017c592@s3://lake/raw.csv")]
    [InlineData("version", "3", "ds://clicks@v3", "version:3@ds://clicks@v3")]
    [InlineData("checksum", "a@b%c", "https://x.example/my file.csv", "checksum:a%40b%25c@https://x.example/my%20file.csv")]
    [InlineData("rev_lock", "3f786850e387550fdab836ed7e6dc881de23001b", "git@github.com:org/repo.git#data", "rev_lock:3f786850e387550fdab836ed7e6dc881de23001b@git@github.com:org/repo.git#data")]
    public void Located_ValueAndLocation_OneWordTheFirstAtEndsTheValue(string key, string value, string location, string digest)
    {
        DvcPins.Located(key, value, location).ShouldBe(digest);
        DatasetDigest.IsRecordable(digest).ShouldBeTrue();
    }

    [Theory]
    [InlineData("etag:abc")]
    [InlineData("etag:@s3://x")]
    [InlineData("etag:abc@")]
    [InlineData("etag:abc@s3://x y")]
    [InlineData("sha1:abc@s3://x")]
    [InlineData("md5:abc")]
    [InlineData("version_id abc@s3://x")]
    public void IsRecordable_MalformedPin_False(string digest) => DatasetDigest.IsRecordable(digest).ShouldBeFalse();

    [Fact]
    public void NotRecordable_NamesEveryForm() =>
        DatasetDigest.NotRecordable("etag:abc").ShouldBe(
            "--digest etag:abc is not a dataset digest (sha256: and 64 hex digits; md5: and 32, or version_id:, etag:, checksum:, rev_lock: or version: VALUE@LOCATION, from dvc.lock; mlflow:… from an import)");
}
