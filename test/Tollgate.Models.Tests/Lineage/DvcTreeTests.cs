using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// A directory's address from a dvc.lock's files list, against dvc-data's own computation: the vectors of
/// dvc_tree_vectors.py (Python's json.dumps, as dvc-data writes a tree) and the answer DVC's own test expects.
/// </summary>
public sealed class DvcTreeTests
{
    [Fact]
    public void Digest_TwoFilesByMd5_IsTheMd5DvcWritesForTheDirectory() =>
        DvcTree.Digest([("train.csv", "3863d0e317dee0a55c4e59d2ec0eef33"), ("labels/part-0.csv", "a304afb96060aad90176268345e10355")], "md5")
            .ShouldBe("ae14af9cb9dbdaf2ac5a9878c5b55ec7.dir");

    [Fact]
    public void Digest_NonAsciiQuotesTabsAndAstralNames_EscapedAndOrderedAsPythonDoes()
    {
        // U+1F600 sorts after U+FB01 by code point, before it by UTF-16 unit: Python's order is the code point's.
        (string, string)[] files =
        [
            ("données/été.csv", "22a1a2931c8370d3aeedd7183606fd7f"),
            ("quote\"d\\name.csv", "153aad06d376b6595932470e459ef42a"),
            ("tab\tx.csv", "f35d4cc2c552ac959ae602162b8543f3"),
            ("\U0001F600.csv", "a304afb96060aad90176268345e10355"),
            ("\uFB01le.csv", "3863d0e317dee0a55c4e59d2ec0eef33"),
        ];

        DvcTree.Digest(files, "md5").ShouldBe("be51e90b431e852f5f482b9c790c90f0.dir");
        DvcTree.Digest(files.Reverse(), "md5").ShouldBe("be51e90b431e852f5f482b9c790c90f0.dir");
    }

    [Fact]
    public void Digest_KeyAfterRelpath_WrittenAfterIt() =>
        DvcTree.Digest([("part-0.parquet", "Xo5V2cTXh4y.3mdWpLnR0ZsQe8k1JbAq"), ("part-1.parquet", "p9Gm1xQ7rL0sT.4uVwYz2aBcDeFgHiJk")], "version_id")
            .ShouldBe("f09ad19386a4f8192d1acb368d4c5145.dir");

    [Fact]
    public void Digest_EtagsOfDvcsOwnTest_IsTheHashDvcExpects() =>
        // https://github.com/iterative/dvc/blob/main/tests/unit/output/test_output.py, test_hash_info_cloud_versioning_dir:
        // two files of etag acbd18db4cc2f85cedef654fccc4a4d8, "bar" and "foo", give 77e8000f532886eef8ee1feba82e9bad.dir.
        DvcTree.Digest([("foo", "acbd18db4cc2f85cedef654fccc4a4d8"), ("bar", "acbd18db4cc2f85cedef654fccc4a4d8")], "etag")
            .ShouldBe("77e8000f532886eef8ee1feba82e9bad.dir");
}
