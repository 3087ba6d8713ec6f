using System.CommandLine;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Cli.Hosting;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// Every option of the whole command tree that takes a value refuses "" and blanks (an unset variable in a script) at
/// parse time, naming itself and what to give, unless its command refuses it in more specific words; the options
/// found are counted so that a tree walked wrongly cannot pass by checking nothing.
/// </summary>
public sealed class EmptyOptionTests
{
    private static RootCommand Tree() =>
        TollgateCli.Build(new CliHost(TextWriter.Null, TextWriter.Null, new FakeTimeProvider(), Path.GetTempPath()));

    private static IEnumerable<(string[] Path, Option Option)> ValueOptions(Command command, string[] path)
    {
        foreach (var option in command.Options.Where(o => o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool)))
        {
            yield return (path, option);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var found in ValueOptions(sub, [.. path, sub.Name]))
            {
                yield return found;
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void EveryValueOption_Empty_RefusedAtParseNamingIt(string value)
    {
        var root = Tree();
        var options = ValueOptions(root, []).Where(o => o.Path.Length > 0).ToList();
        var checkedHere = options.Where(o => !EmptyOption.IsLeftToItsCommand(o.Option)).ToList();

        foreach (var (path, option) in checkedHere)
        {
            var errors = root.Parse([.. path, option.Name, value]).Errors.Select(e => ParseProblem.Describe(e)).ToList();
            errors.ShouldContain(EmptyOption.Refusal(option), $"tollgate {string.Join(' ', path)} {option.Name} '{value}': {string.Join(" | ", errors)}");
        }

        checkedHere.Count.ShouldBeGreaterThan(150);
        // --ledger on every recording command, the canary's, the server's and the model commands' own refusals.
        (options.Count - checkedHere.Count).ShouldBeInRange(30, checkedHere.Count);
    }

    [Fact]
    public void EveryOptionAndArgument_Empty_SaysWhatToGive()
    {
        // "give a value" says nothing a user can act on: each string option and argument names what it takes.
        var root = Tree();
        var vague = ValueOptions(root, []).Where(o => !EmptyOption.IsLeftToItsCommand(o.Option))
            .Select(o => (Where: $"{string.Join(' ', o.Path)} {o.Option.Name}", Refusal: EmptyOption.Refusal(o.Option)))
            .Concat(Arguments(root, []).Select(a => (Where: $"{string.Join(' ', a.Path)} {a.Argument.Name}", Refusal: EmptyOption.Refusal(a.Argument))))
            .Where(r => r.Refusal.Contains("give a value", StringComparison.Ordinal) || r.Refusal.Contains("a valid value", StringComparison.Ordinal))
            .Select(r => $"{r.Where}: {r.Refusal}")
            .ToList();

        vague.ShouldBeEmpty();
        Arguments(root, []).Count().ShouldBeGreaterThan(20);
    }

    private static IEnumerable<(string[] Path, Argument Argument)> Arguments(Command command, string[] path) =>
        command.Arguments.Select(a => (path, a)).Concat(command.Subcommands.SelectMany(sub => Arguments(sub, [.. path, sub.Name])));

    [Theory]
    [InlineData("deploy", "start", "web", "--version", "v6", "--env", "production", "--changes")] // git log of an empty range: a redeploy
    [InlineData("deploy", "run", "web", "--version", "v6", "--env", "production", "--spec", "slo.yaml", "--deploy-cmd", "true", "--rollback-cmd", "true", "--changes")]
    [InlineData("model", "drift", "--reference", "r.csv", "--current", "c.csv", "--slice-by")]
    [InlineData("model", "drift", "--reference", "r.csv", "--current", "c.csv", "--exclude")]
    [InlineData("model", "profile", "t.csv", "-o", "p.json", "--exclude")]
    [InlineData("model", "profile", "t.csv", "-o", "p.json", "--slice-by")]
    [InlineData("model", "shadow", "fraud@2", "--live", "fraud@1", "--predictions", "log.csv", "--slice-by")]
    public void ListOption_Empty_IsTheEmptyList(params string[] args)
    {
        Tree().Parse([.. args, ""]).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new[] { "plan", "plan.json", "--output" }, "--output is empty (an unset variable?): give a path, or leave --output out")]
    [InlineData(new[] { "graph", ".", "--terraform-timeout" }, "--terraform-timeout is empty (an unset variable?): give a duration like 90s, 10m or 1h, or leave --terraform-timeout out")]
    [InlineData(new[] { "deploy", "watch", "web", "--env", "prod", "--spec", "slo.yaml", "--error-limit" }, "--error-limit is empty (an unset variable?): give a whole number, or leave --error-limit out")]
    [InlineData(new[] { "dora", "--service" }, "--service is empty (an unset variable?): name the service, or leave --service out for every one")]
    [InlineData(new[] { "model", "trend", "--series", "s.csv", "--name" }, "--name is empty (an unset variable?): give what the series is, e.g. conversion, or leave --name out")]
    [InlineData(new[] { "model", "promote", "m@1", "--to" }, "--to is empty (an unset variable?): give canary or production, or leave --to out for production")]
    [InlineData(new[] { "dora", "--to" }, "--to is empty (an unset variable?): give a time (RFC 3339 or Unix seconds), or leave --to out")]
    [InlineData(new[] { "model", "drift", "--current", "c.csv", "--reference" }, "--reference is empty (an unset variable?): give a table (CSV or Parquet) or profiles P1,P2")]
    public void Option_Empty_WordedByWhatItTakes(string[] args, string refusal)
    {
        var root = Tree();

        var withEmpty = root.Parse([.. args, ""]);
        var withValue = root.Parse([.. args, "5"]);

        withEmpty.Errors.Select(e => ParseProblem.Describe(e)).ShouldContain(refusal);
        withValue.Errors.Select(e => ParseProblem.Describe(e)).ShouldNotContain(e => e.Contains("is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FILE is empty (an unset variable?): give the events file", "events", "ingest", "")]
    [InlineData("NAME is empty (an unset variable?): give the model's name", "model", "live", " ")]
    [InlineData("NAME is empty (an unset variable?): give the model's name", "model", "rollback", "")]
    [InlineData("NAME is empty (an unset variable?): give the model's name", "model", "drill", "", "--exec", "true")]
    [InlineData("MODEL is empty (an unset variable?): give the candidate as NAME@VERSION", "model", "promote", "", "--initial")]
    [InlineData("CANDIDATE is empty (an unset variable?): give the candidate as NAME@VERSION", "model", "shadow", "", "--live", "m@1", "--predictions", "p.csv")]
    [InlineData("SERVICE is empty (an unset variable?): give the service's name", "deploy", "finish", " ", "--env", "production", "--result", "success")]
    [InlineData("FILE is empty (an unset variable?): give a table (CSV or Parquet)", "model", "profile", "", "-o", "profile.json")]
    [InlineData("PLAN is empty (an unset variable?): give a plan file or a Terraform directory", "plan", "")]
    [InlineData("MANIFESTS is empty (an unset variable?): give manifest files or directories, or - for standard input", "k8s", "lint", "a.yaml", "")]
    public async Task Argument_Empty_NamesItAndWhatToGive(string refusal, params string[] args)
    {
        // Were "<FILE> : expected a path", "NAME '': expected NAME@VERSION", "SERVICE must not be empty" and "an empty
        // path names no file"; rollback, promote and drill asked for a ledger before they read the name.
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-empty-argument-").FullName;

        var run = await CliRun.RunAsync(directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {refusal} (see tollgate --help)\n");
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
        File.Exists(Path.Combine(directory, "profile.json")).ShouldBeFalse();
    }
}
