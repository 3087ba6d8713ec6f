using Tollgate.Domain;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// Owners files are read strictly: what does not say "this module belongs to that team" is an input error naming the
/// file, line and column (as a policy error does), never an owner named <c>[</c> or a file that silently says nothing.
/// </summary>
public sealed class OwnersFileTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("owners-file");

    public void Dispose() => _ws.Dispose();

    public static TheoryData<string, string, string> Refused => new()
    {
        { "own.yaml", "owners:\n  module.network: [\n", "own.yaml:3:1: not valid YAML: While parsing a node, did not find expected node content" },
        { "own.yaml", "owners: 5\n", "own.yaml:1:9: owners must be a mapping (key: value lines)" },
        { "own.yaml", "", "own.yaml:1:1: the owners file names no owners: expected 'module.path: team' entries, at the top or under 'owners:'" },
        { "own.yaml", "# who owns what\n", "own.yaml:1:1: the owners file names no owners: expected 'module.path: team' entries, at the top or under 'owners:'" },
        { "own.yaml", "owners:\n", "own.yaml:1:8: owners lists no modules: expected 'module.path: team' entries, at the top or under 'owners:'" },
        { "own.yaml", "owners: {}\n", "own.yaml:1:9: owners lists no modules: expected 'module.path: team' entries, at the top or under 'owners:'" },
        { "own.yml", "- module.network\n", "own.yml:1:1: the owners file must be a mapping (key: value lines)" },
        { "own.yaml", "owners:\n  network: networking\n", "own.yaml:2:3: 'network' is not a module path: keys are module.name, module.name.module.child or \"*\"" },
        { "own.yaml", "owners:\n  module.network: [a, b]\n", "own.yaml:2:19: the owner of module.network must be a single value, not a list or mapping" },
        { "own.yaml", "owners:\n  module.network: \"\"\n", "own.yaml:2:19: the owner of module.network must not be empty" },
        { "own.yaml", "owners:\n  module.network: networking\nmodule.app: app\n", "own.yaml:3:1: unknown key 'module.app' in the owners file (expected one of: owners)" },
        { "CODEOWNERS", "", "CODEOWNERS:1:1: the CODEOWNERS file names no owners: expected lines like '/modules/network/ @org/team'" },
        { "CODEOWNERS", "# nobody yet\n/modules/\n", "CODEOWNERS:1:1: the CODEOWNERS file names no owners: expected lines like '/modules/network/ @org/team'" },
        { "CODEOWNERS", "/modules/network/ @acme/net\n/modules/app/  app-team\n", "CODEOWNERS:2:16: 'app-team' is not an owner: a CODEOWNERS owner is @user, @org/team or an email address" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Load_MalformedFile_IsAnInputErrorWithFileAndLine(string name, string text, string message)
    {
        _ws.Write(name, text);

        var error = Should.Throw<InvalidInputException>(() => OwnerMap.Load(_ws.PathOf(name), name));

        error.Message.ShouldBe(message);
    }

    [Fact]
    public void Load_MissingFile_SaysItDoesNotExistAsForAnyInput()
    {
        var error = Should.Throw<InvalidInputException>(() => OwnerMap.Load(_ws.PathOf("none.yaml"), "none.yaml"));

        error.Message.ShouldBe("none.yaml does not exist");
    }

    [Fact]
    public void Load_Directory_SaysItIsADirectory()
    {
        Directory.CreateDirectory(_ws.PathOf("owners"));

        var error = Should.Throw<InvalidInputException>(() => OwnerMap.Load(_ws.PathOf("owners"), "owners"));

        error.Message.ShouldBe("owners is a directory, not a regular file");
    }

    [Theory]
    [InlineData("owners:\n  module.network: networking  # the VPC\n  \"*\": app-team\n")]
    [InlineData("module.network: networking\n'*': app-team\n")]
    public void Load_OwnersMap_UnderOwnersOrAtTheTop_ReadsEachEntry(string text)
    {
        _ws.Write("owners.yaml", text);

        var map = OwnerMap.Load(_ws.PathOf("owners.yaml"));

        map.Modules.ShouldBe([("module.network", "networking"), ("*", "app-team")]);
        map.OwnerOf("module.network.module.subnets", null).ShouldBe("networking");
        map.OwnerOf("module.app", null).ShouldBe("app-team");
    }

    [Fact]
    public void Load_CodeOwners_KeepsLinesInOrderWithEveryOwner()
    {
        _ws.Write("CODEOWNERS", "# paths\n*  @acme/platform\n/modules/network/ @acme/networking  ops@acme.example\n/modules/legacy/\n");

        var map = OwnerMap.Load(_ws.PathOf("CODEOWNERS"));

        map.CodeOwners.ShouldBe([("*", "@acme/platform"), ("/modules/network/", "@acme/networking ops@acme.example")]);
        map.OwnerOf("module.network", "modules/network/main.tf").ShouldBe("@acme/networking ops@acme.example");
    }

    [Theory]
    [InlineData(".github/CODEOWNERS")]
    [InlineData("docs/CODEOWNERS")]
    [InlineData("CODEOWNERS")]
    public void For_RepositoryCodeOwners_MatchesPathsFromTheRepositoryRoot(string at)
    {
        System.IO.Directory.CreateDirectory(_ws.PathOf(".git"));
        System.IO.Directory.CreateDirectory(_ws.PathOf("infra/m3"));
        _ws.Write(at, "* @org/platform\n/infra/m3/ @org/leaf\n/modules/shared/ @org/shared\n");

        var map = OwnerMap.Load(_ws.PathOf(at)).For(_ws.PathOf("infra"));

        map.OwnerOf("module.l3", "m3/main.tf").ShouldBe("@org/leaf");
        map.OwnerOf("", "main.tf").ShouldBe("@org/platform");
        map.OwnerOf("module.shared", "../modules/shared/main.tf").ShouldBe("@org/shared");
        OwnerMap.Load(_ws.PathOf(at)).OwnerOf("module.l3", "m3/main.tf").ShouldBe("@org/platform", "matched from the configuration, /infra/m3/ names nothing");
    }

    [Fact]
    public void For_CodeOwnersAboveTheConfigurationOutsideARepository_MatchesPathsFromItsOwnDirectory()
    {
        System.IO.Directory.CreateDirectory(_ws.PathOf("infra/m3"));
        _ws.Write("CODEOWNERS", "* @org/platform\n/infra/m3/ @org/leaf\n/m3/ @org/wrong\n");
        _ws.Write("infra/CODEOWNERS", "* @org/platform\n/m3/ @org/leaf\n");

        OwnerMap.Load(_ws.PathOf("CODEOWNERS")).For(_ws.PathOf("infra")).OwnerOf("module.l3", "m3/main.tf").ShouldBe("@org/leaf");
        OwnerMap.Load(_ws.PathOf("infra/CODEOWNERS")).For(_ws.PathOf("infra")).OwnerOf("module.l3", "m3/main.tf").ShouldBe("@org/leaf", "a file in the configuration matches from it");
    }
}
