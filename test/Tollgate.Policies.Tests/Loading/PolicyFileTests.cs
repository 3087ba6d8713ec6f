using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Loading;

namespace Tollgate.Policies.Tests.Loading;

/// <summary>
/// The policy file is read as every input file is: a directory, a missing file or directory, an unreadable file are
/// one line each; a default <c>tollgate.yaml</c> that is there but cannot be read is an error, never the defaults.
/// </summary>
public sealed class PolicyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-policy-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_ExplicitDirectory_IsNotARegularFile()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "policies"));

        ErrorOf("policies").ShouldBe("policies is a directory, not a regular file");
    }

    [Fact]
    public void Load_ExplicitMissing_SaysItDoesNotExist()
    {
        ErrorOf("strict.yaml").ShouldBe("strict.yaml does not exist");
        ErrorOf("conf/strict.yaml").ShouldBe($"conf/strict.yaml does not exist: there is no directory {Path.Combine(_directory, "conf")}");
    }

    [Fact]
    public void Load_DefaultIsADirectory_IsAnErrorNotTheDefaults()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "tollgate.yaml"));

        ErrorOf(null).ShouldBe("tollgate.yaml is a directory, not a regular file");
    }

    [Fact]
    public void Load_DefaultIsADanglingLink_IsAnErrorNotTheDefaults()
    {
        File.CreateSymbolicLink(Path.Combine(_directory, "tollgate.yaml"), Path.Combine(_directory, "shared", "policy.yaml"));

        ErrorOf(null).ShouldBe($"tollgate.yaml is a link to {Path.Combine(_directory, "shared", "policy.yaml")}, which does not exist");
    }

    [Fact]
    public void Load_NoDefault_IsTheDefaults()
    {
        PolicyFile.Load(null, _directory, Pillars.Vocabulary).ShouldBeSameAs(Policy.Default);
    }

    [Fact]
    public void Open_EmptyFile_IsTheDefaultsAndSaysSo()
    {
        File.WriteAllText(Path.Combine(_directory, "tollgate.yml"), "");
        File.WriteAllText(Path.Combine(_directory, "set.yaml"), "failOn: high\n");

        var empty = PolicyFile.Open(null, _directory, Pillars.Vocabulary);
        var set = PolicyFile.Open("set.yaml", _directory, Pillars.Vocabulary);

        empty.Empty.ShouldBeTrue();
        empty.Policy.FailOn.ShouldBe(Policy.Default.FailOn);
        empty.Policy.Source.ShouldBe("tollgate.yml");
        set.Empty.ShouldBeFalse();
    }

    [Fact]
    public void Load_YamlAndYmlBoth_RefusedNamingBoth()
    {
        File.WriteAllText(Path.Combine(_directory, "tollgate.yaml"), "failOn: high\n");
        File.WriteAllText(Path.Combine(_directory, "tollgate.yml"), "failOn: low\n");

        ErrorOf(null).ShouldBe($"both tollgate.yaml and tollgate.yml are in {_directory}: keep one, or name it with --policy");
        PolicyFile.Load("tollgate.yml", _directory, Pillars.Vocabulary).FailOn.ShouldBe(Domain.Findings.Severity.Low);
    }

    private string ErrorOf(string? path) =>
        Should.Throw<InvalidInputException>(() => PolicyFile.Load(path, _directory, Pillars.Vocabulary)).Message;
}
