using Tollgate.Delivery.Running;

namespace Tollgate.Delivery.Tests.Running;

/// <summary>
/// Programs that run a command the user names, beyond the shell's own wrappers: <c>runuser</c> (as su, or after
/// <c>-u USER</c> the command), <c>systemd-run</c>, <c>docker</c>/<c>podman run</c>, <c>gcloud compute ssh</c>,
/// <c>parallel</c>, and kubectl's flags. Where the value would run as code or begin a word the program reads as an
/// option that runs one, the placeholder is left for the caller to refuse; where it is an argument of the command they
/// run, it is data. runuser, kubectl and GNU parallel are run here for real; the others' grammars are read from their
/// documentation (docker run's against the docker CLI, <see cref="ShellPlaceholderDockerTests"/>).
/// </summary>
public sealed class ShellPlaceholderProgramTests
{
    private const string Variable = ShellPlaceholderTests.Variable;

    /// <summary>A kubeconfig whose exec credential plugin runs <c>id&gt;PWNED</c>, as kubectl runs one before it connects.</summary>
    private const string Kubeconfig = "{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"clusters\":[{\"name\":\"c\",\"cluster\":{\"server\":\"https://127.0.0.1:9\"}}],"
        + "\"users\":[{\"name\":\"u\",\"user\":{\"exec\":{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"command\":\"sh\",\"args\":[\"-c\",\"id>PWNED\"],\"interactiveMode\":\"Never\"}}}],"
        + "\"contexts\":[{\"name\":\"x\",\"context\":{\"cluster\":\"c\",\"user\":\"u\"}}],\"current-context\":\"x\"}";

    [Theory]
    [InlineData("runuser root -c {v}")]
    [InlineData("runuser --command={v} root")]
    [InlineData("runuser -u root -- sh -c {v}")]
    [InlineData("runuser root -- -c {v}")]
    [InlineData("timeout 10 runuser -u root -- env bash -c {v}")]
    [InlineData("printf x | xargs -0 sh -c {v}")]
    [InlineData("echo x | xargs --null -r bash -c {v}")]
    public async Task Read_PlaceholderAProgramRunsAsShellCode_LeftAsWrittenForTheCallerToRefuse(string template)
    {
        // The proof (runuser as root here): the quoted reference the reading used to write there runs the value's $(…).
        const string Hostile = "a[$(id>PWNED)]";
        (await ShellPlaceholderTests.RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), Hostile, "bash")).ShouldBeTrue("the program runs the value there");

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([PlaceholderSite.Code], template);
        read.Script.ShouldBe(template);
        (await ShellPlaceholderTests.RanAsync(read.Script, Hostile, "bash")).ShouldBeFalse(template);
    }

    [Theory]
    [InlineData("runuser root ./serve.sh {v}", "-cid>PWNED", PlaceholderSite.Code)]
    [InlineData("runuser root -- ./serve.sh x; runuser -g root root {v}", "--command=id>PWNED", PlaceholderSite.Code)]
    [InlineData("printf '%s' '" + Kubeconfig + "' >k; timeout 20 kubectl get pods {v} 2>/dev/null", "--kubeconfig=k", PlaceholderSite.Option)]
    [InlineData("printf '%s' '" + Kubeconfig + "' >k; timeout 20 kubectl get pods -o name --frobnicate {v} 2>/dev/null", "--kubeconfig=k", PlaceholderSite.Option)]
    public async Task Read_PlaceholderAProgramReadsAsAnOptionThatRunsCode_LeftAsWrittenForTheCallerToRefuse(string template, string hostile, PlaceholderSite site)
    {
        // The proof: runuser reads options anywhere before --, a value -c… is its -c; kubectl reads a flag anywhere
        // before --, and a kubeconfig's exec credential plugin (one the hook or anyone wrote) runs when it connects.
        (await ShellPlaceholderTests.RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), hostile, "bash")).ShouldBeTrue("the program runs the value there");

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([site], template);
        read.Script.ShouldBe(template);
    }

    [Theory]
    [InlineData("parallel echo {v} ::: a", true)]
    [InlineData("timeout 20 parallel -j 1 ./serve.sh {v} ::: a b", true)]
    [InlineData("env parallel --halt now,fail=1 echo ::: a {v}", false)]
    [InlineData("sem --will-cite --fg echo {v}", true)]
    [InlineData("nice sem --will-cite --fg -j 1 ./serve.sh {v}", true)]
    public async Task Read_PlaceholderInAParallelCommand_LeftAsWrittenForTheCallerToRefuse(string template, bool runs)
    {
        // GNU parallel (as installed for the tests) joins the command's words into a line for a shell: the value there
        // runs. It quotes an argument after ::: for the shell it picks, so there the value stays data; but moreutils'
        // parallel, which Debian also ships as /usr/bin/parallel, runs each word after a leading -- as a shell command,
        // and the text does not show which parallel it is: every word is refused.
        const string Hostile = "a[$(id>PWNED)]";
        (await ShellPlaceholderTests.RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), Hostile, "bash")).ShouldBe(runs, template);

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([PlaceholderSite.Parallel], template);
        read.Script.ShouldBe(template);
    }

    [Theory]
    [InlineData("runuser -u root -- printf '%s\\n' {v}")]
    [InlineData("runuser -u root printf '%s\\n' {v}")]
    [InlineData("runuser root -- -c 'printf \"%s\\n\" \"$0\"' {v}")]
    [InlineData("printf '%s\\0' {v} | xargs -0 printf '%s\\n'")]
    public async Task Substitute_ValueAsAnArgumentOfTheCommandAProgramRuns_ReachesItAsItIs_NothingRuns(string template)
    {
        // runuser -u execs the command with its words as argv (without --, a word beginning with - would be runuser's,
        // whose -c and -s it refuses after -u); xargs -0 passes each input item as one word: the form a parallel hook takes instead.
        foreach (var value in ShellPlaceholderTests.Hostile)
        {
            var (output, ran) = await ShellPlaceholderTests.RunAsync(template, value, "bash");

            ran.ShouldBeFalse($"{template} with {value} ran the value");
            output.ShouldBe(value, $"{template} with {value}");
        }
    }

    [Theory]
    [InlineData("runuser -u svc -- ./serve.sh {v}; runuser -u svc ./serve.sh {v}; runuser -u svc -- sh -c {v}; runuser svc -c {v}; runuser -l svc --command={v}", "Word Word Code Code Code")]
    [InlineData("runuser svc ./serve.sh {v}; runuser svc -- ./serve.sh {v}; runuser -g {v} -u svc -- ./serve.sh; runuser {v} -u svc -- ./serve.sh; runuser -w PATH --user=svc -- bash -ec {v}", "Code Word Word Code Code")]
    [InlineData("systemd-run --wait -p Description=x -E VERSION={v} ./serve.sh {v}; systemd-run -u fraud --uid=svc sh -c {v}; systemd-run --scope -q -- bash -c {v}", "Word Word Code Code")]
    [InlineData("systemd-run -p \"ExecStartPre=/bin/echo {v}\" ./x; systemd-run -p Environment=V={v} ./x; systemd-run --property=Description={v} ./x; systemd-run -E {v} ./x; systemd-run --setenv=V={v} ./x", "Code Code Word Code Word")]
    [InlineData("systemd-run {v}; systemd-run --on-active=30 --timer-property=AccuracySec=1s ./serve.sh {v}; systemd-run --bogus x ./serve.sh {v}; systemd-run --bogus=x ./serve.sh {v}; systemd-run -tZ ./serve.sh {v}", "Option Word UnknownOption Word UnknownOption")]
    [InlineData("docker run --rm img ./serve.sh {v}; docker run -it --rm -e A=1 -v /d:/d --name web -w /srv -u 1000 --network host -p 80:80 --mount type=bind,src=/a,dst=/b --env-file f -l k=v reg/fraud:{v} ./serve.sh {v}", "Word Word Word")]
    [InlineData("podman run --rm img sh -c {v}; docker run --entrypoint sh img -c {v}; docker run --entrypoint=/bin/bash img -ec {v}; docker run --entrypoint ./serve.sh img {v}; docker container run --rm img bash -c {v}", "Code Code Code Word Code")]
    [InlineData("docker run -e {v} img; docker run --env=VERSION={v} img; docker run -eVERSION={v} img; docker run --health-cmd {v} img; docker run --rm {v} img; docker run --rm img {v}", "Code Word Word Code Option Word")]
    [InlineData("docker run --frobnicate x img ./serve.sh {v}; docker run -rm img ./serve.sh {v}; docker run --frobnicate=x img ./serve.sh {v}; podman run --pod p --sig-proxy=false img ./serve.sh {v}", "UnknownOption UnknownOption Word Word")]
    [InlineData("docker compose exec -T fraud ./serve.sh {v}; docker compose run --rm -T --no-deps fraud sh -c {v}; docker compose exec --index 2 -T fraud bash -c {v}", "Word Code Code")]
    [InlineData("docker exec {v} ./serve.sh; docker exec -e {v} web x; docker -H ssh://h exec -i web ./serve.sh {v}; docker exec --frobnicate web ./serve.sh {v}; docker tag img reg/fraud:{v}", "Option Code Word UnknownOption Word")]
    [InlineData("gcloud compute ssh inst --zone z --command {v}; gcloud compute ssh inst --command=\"./serve.sh {v}\"; gcloud compute ssh inst --zone=z -- ./serve.sh {v}; gcloud compute ssh inst -- -L 80:h:80 {v}", "RemoteCommand RemoteCommand RemoteCommand Code")]
    [InlineData("gcloud compute ssh {v}; gcloud compute ssh inst-{v} --zone {v}; gcloud compute ssh inst --ssh-flag={v}; gcloud compute scp a-{v} inst:b; gcloud beta compute ssh --container {v} inst", "Option Word Word Code Word RemoteCommand")]
    [InlineData("kubectl rollout undo deployment/fraud --to-revision {v}; kubectl set image deployment/fraud app=reg/fraud:{v}; kubectl label deploy fraud version={v} --overwrite; kubectl annotate deploy fraud {v}", "Word Word Word Option")]
    [InlineData("kubectl --frobnicate {v} get pods; kubectl run x --image=reg/fraud:{v} --command -- sh -c {v}; kubectl exec -it pod -c app -- ./serve.sh {v}; kubectl get pods -l version={v} -o name; kubectl -n prod get pod {v}", "Option Word Code Word Word Option")]
    [InlineData("kubectl run x --image=i --env VERSION={v} -- ./serve.sh {v}; kubectl run x --image=i --env {v}; kubectl run x --image=i --env={v}", "Word Word Code Code")]
    [InlineData("parallel ./serve.sh ::: {v}; parallel -j2 ./serve.sh {v} ::: a; env parallel echo {}; printf '%s\\0' {v} | xargs -0 ./serve.sh; timeout 60 parallel --halt now,fail=1 ./serve.sh ::: a {v}", "Parallel Parallel Word Parallel")]
    [InlineData("xargs -0 sh -c {v}; xargs --null -r bash -c {v}; xargs -I{} sh -c 'echo {}' {v}; xargs -0 ./serve.sh {v}; xargs -P 4 -n 1 -- sh -c {v}", "Code Code Word Word Code")]
    public void Read_ProgramsThatRunACommand_KnownAsTheyReadTheirWords(string template, string sites)
    {
        string.Join(' ', ShellPlaceholder.Read(template, "{v}", "V").Sites).ShouldBe(sites, template);
    }
}
