using Tollgate.Delivery.Running;

namespace Tollgate.Delivery.Tests.Running;

/// <summary>
/// Where bash takes the value as a variable's name (<c>printf -v</c>, <c>read</c>, <c>unset</c>, <c>test -v</c>,
/// <c>declare NAME</c>, a nameref's value), whose index it evaluates, or runs it as code (<c>eval</c>, <c>trap</c>,
/// <c>sh -c</c>), also behind a wrapper (<c>command eval</c>, <c>env bash -c</c>, <c>find -exec sh -c</c>), a quoted
/// reference still runs a value's <c>$(…)</c>: the placeholder is left for the caller to refuse.
/// Elsewhere a word <c>x[…]</c> is data, and the value reaches the command as it is.
/// </summary>
public sealed class ShellPlaceholderNameTests
{
    private const string Variable = ShellPlaceholderTests.Variable;

    /// <summary>Each with <c>{v}</c> where bash would take the value as a name or as code, and the site the reading names.</summary>
    public static readonly TheoryData<string, PlaceholderSite> Evaluated = new()
    {
        { "printf -v {v} y", PlaceholderSite.VariableName },
        { "printf -v{v} y", PlaceholderSite.VariableName },
        { "read {v} <<< x", PlaceholderSite.VariableName },
        { "read -r -p '> ' x {v} <<< 'x y'", PlaceholderSite.VariableName },
        { "a=(1); unset {v}", PlaceholderSite.VariableName },
        { "a=(1); unset -v {v}", PlaceholderSite.VariableName },
        { "a=(1); command unset -v -- {v}", PlaceholderSite.VariableName },
        { "test -v {v} || true", PlaceholderSite.VariableName },
        { "[ -v {v} ] || true", PlaceholderSite.VariableName },
        { "[[ -v {v} ]] || true", PlaceholderSite.VariableName },
        { "[[ -n x && -v \"{v}\" ]] || true", PlaceholderSite.VariableName },
        { "declare {v}=1", PlaceholderSite.VariableName },
        { "declare \"{v}=1\"", PlaceholderSite.VariableName },
        { "typeset -g {v}=1", PlaceholderSite.VariableName },
        { "f() { local {v}=1; }; f", PlaceholderSite.VariableName },
        { "declare -n r={v}; echo $r", PlaceholderSite.VariableName },
        { "declare -n r; r={v}; echo $r", PlaceholderSite.VariableName },
        { "f() { r={v}; echo $r; }; declare -n r; f", PlaceholderSite.VariableName },
        { "declare -n r; for r in {v}; do echo $r; done", PlaceholderSite.VariableName },
        { "sleep 0 & wait -p {v} $!", PlaceholderSite.VariableName },
        { "eval echo {v}", PlaceholderSite.Code },
        { "eval \"echo {v}\"", PlaceholderSite.Code },
        { "trap {v} EXIT", PlaceholderSite.Code },
        { "trap -- \"echo {v}\" EXIT", PlaceholderSite.Code },
        { "sh -c {v}", PlaceholderSite.Code },
        { "bash -c \"echo {v}\"", PlaceholderSite.Code },
        { "/bin/bash -o pipefail -ec \"echo {v}\" _", PlaceholderSite.Code },
        { "dash -e -c {v}", PlaceholderSite.Code },
        { "mapfile -C {v} -c 1 x <<< x", PlaceholderSite.Code },
        { "\\eval echo {v}", PlaceholderSite.Code },
        { "a=(1); 'unset' {v}", PlaceholderSite.VariableName },
        { "declare -A m; declare m\"[{v}]\"=1", PlaceholderSite.VariableName },
        { "command -p printf -v {v} y", PlaceholderSite.VariableName },
        { "command -- eval {v}", PlaceholderSite.Code },
        { "builtin eval {v}", PlaceholderSite.Code },
        { "builtin -- printf -v {v} y", PlaceholderSite.VariableName },
        { "time -p eval {v}", PlaceholderSite.Code },
        { "exec bash -c {v}", PlaceholderSite.Code },
        { "exec -a x -c bash -c {v}", PlaceholderSite.Code },
        { "command exec sh -c {v}", PlaceholderSite.Code },
        { "env FOO=1 bash -c {v}", PlaceholderSite.Code },
        { "env -u BAR -i PATH=/usr/bin:/bin /bin/bash -c {v}", PlaceholderSite.Code },
        { "nohup sh -c {v} >/dev/null 2>&1", PlaceholderSite.Code },
        { "timeout 30 sh -c {v}", PlaceholderSite.Code },
        { "timeout -s KILL -k 5 30 sh -c {v}", PlaceholderSite.Code },
        { "nice -n 5 sh -c {v}", PlaceholderSite.Code },
        { "setsid -w sh -c {v}", PlaceholderSite.Code },
        { "stdbuf -oL -e 0 sh -c {v}", PlaceholderSite.Code },
        { "echo x | xargs sh -c {v}", PlaceholderSite.Code },
        { "echo x | xargs -I{} -n 1 sh -c {v}", PlaceholderSite.Code },
        { "find . -maxdepth 0 -exec sh -c {v} \\;", PlaceholderSite.Code },
        { "timeout 5 /usr/bin/env nice bash -c {v}", PlaceholderSite.Code },
        { "flock . -c {v}", PlaceholderSite.Code },
        { "flock -w 5 . sh -c {v}", PlaceholderSite.Code },
        { "script -q -c {v} /dev/null </dev/null", PlaceholderSite.Code },
        { "timeout 3 watch -n 0.1 -g -t ./serve.sh {v} </dev/null >/dev/null 2>&1 || true", PlaceholderSite.Code },
        { "nsenter -S 0 -G 0 sh -c {v}", PlaceholderSite.Code },
        { "unshare -S 0 -w . --setgroups allow sh -c {v}", PlaceholderSite.Code },
        { "chrt -o 0 sh -c {v}", PlaceholderSite.Code },
        { "ionice -c 2 -n 0 sh -c {v}", PlaceholderSite.Code },
        { "taskset -c 0 sh -c {v}", PlaceholderSite.Code },
        { "prlimit --nofile=1024 -o RESOURCE sh -c {v}", PlaceholderSite.Code },
    };

    [Theory]
    [MemberData(nameof(Evaluated))]
    public async Task Read_PlaceholderBashTakesAsANameOrCode_LeftAsWrittenForTheCallerToRefuse(string template, PlaceholderSite site)
    {
        // The proof: the reference the reading used to write there, quoted as data, runs the value's $(…) under bash.
        const string Hostile = "a[$(id>PWNED)]";
        (await ShellPlaceholderTests.RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), Hostile, "bash")).ShouldBeTrue("bash evaluates the value there");

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([site], template);
        read.Script.ShouldBe(template);
        (await ShellPlaceholderTests.RanAsync(read.Script, Hostile, "bash")).ShouldBeFalse(template);
    }

    [Theory]
    [InlineData("env {v}", "-Ssh -c id>PWNED")]
    [InlineData("env -i PATH=/usr/bin:/bin; env -i {v}", "-Ssh -c id>PWNED")]
    [InlineData("env -S {v}", "sh -c id>PWNED")]
    [InlineData("timeout 10 ssh -o BatchMode=yes {v} tollgate.invalid true 2>/dev/null", "-oProxyCommand=id>PWNED")]
    [InlineData("timeout 10 ssh -o {v} tollgate.invalid true 2>/dev/null", "ProxyCommand=id>PWNED")]
    public async Task Read_PlaceholderAProgramReadsAsAnOptionThatRunsCode_LeftAsWrittenForTheCallerToRefuse(string template, string hostile)
    {
        // The proof: env's -S splits its argument into a command and runs it, ssh's -o ProxyCommand= runs a command,
        // and a value beginning a word where they read options can be that option.
        (await ShellPlaceholderTests.RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), hostile, "bash")).ShouldBeTrue("the program runs the value there");

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldBe([PlaceholderSite.Code], template);
        read.Script.ShouldBe(template);
    }

    [Theory]
    [InlineData("declare -a x={v}")]
    [InlineData("x=(); local -A m=\"{v}\" 2>/dev/null; f() { local -a y={v}; }; f")]
    [InlineData("readonly -a x={v}")]
    public async Task Read_ValueDeclareAssignsAnArray_LeftAsWrittenForTheCallerToRefuse(string template)
    {
        // bash reads a value declare -a assigns as an array's list when it looks like one, evaluating the index.
        const string Hostile = "([$(id>PWNED)]=1)";
        (await ShellPlaceholderTests.RanAsync(template.Replace("{v}", "\"${" + Variable + "}\"", StringComparison.Ordinal), Hostile, "bash")).ShouldBeTrue("bash evaluates the value there");

        var read = ShellPlaceholder.Read(template, "{v}", Variable);

        read.Sites.ShouldAllBe(s => s == PlaceholderSite.ArrayValue, template);
        read.Script.ShouldBe(template);
    }

    [Theory]
    [InlineData("read -a {v} <<< x; mapfile -t {v} < /dev/null; readarray {v}", "VariableName VariableName VariableName")]
    [InlineData("read -rp {v} -n {v} x; read -r -a{v} -d {v}; wait -fp {v}", "Word Word VariableName Word VariableName")]
    [InlineData("getopts ab {v} {v}; getopts {v} opt", "VariableName Word Word")]
    [InlineData(". {v} {v}; source -- {v}; eval -- {v}; trap - {v}", "Code Word Code Code Word")]
    [InlineData("bash -o pipefail {v} {v}; sh -s {v}; bash --rcfile {v} -c x {v}; bash -O extglob -xc {v}", "Word Word Word Word Word Code")]
    [InlineData("declare x={v} \"y={v}\" 'z={v}' {v} z{v}=1; export -n {v}", "Word Word Word VariableName VariableName VariableName")]
    [InlineData("export -n x={v}; declare -ai n={v}; local -a l=({v}); declare -i m=({v})", "Word ArrayValue Word IntegerVariable")]
    [InlineData("[ -v {v} ] && test {v} = -v && printf %s {v} -v", "VariableName Word Word")]
    [InlineData("[[ -v a[{v}] || {v} == x[{v}] ]]; echo \"$(unset {v})\"", "Subscript Word Word VariableName")]
    [InlineData("declare -A m; declare \"m[{v}]=1\"; printf -v 'm[{v}]' x", "Subscript Subscript")]
    [InlineData("env eval {v}; exec printf -v {v} y; command -v eval {v}; builtin bash -c {v}; env test -v {v}", "Word Word Word Word Word")]
    [InlineData("env -S {v}; env --split-string={v}; env {v}=1 x; sudo -u svc -g {v} ./serve.sh {v}; sudo -i -u svc bash -ec {v}", "Code Code Code Word Word Code")]
    [InlineData("timeout {v} ./serve.sh {v}; nice -n {v} sh -c x {v}; xargs -d {v} sh -c {v}; xargs -a {v} ./serve.sh {v}", "Word Word Word Word Word Code Word Word")]
    [InlineData("find . -name {v} -exec ./serve.sh {v} {} + -exec sh -c {v} ';' -name {v}", "Word Word Code Word")]
    [InlineData("find . -execdir bash -c x {v} \\; -ok sh -c {v} \\;", "Word Code")]
    [InlineData("su root -c {v}; su - svc -s /bin/bash --command={v}; su svc -- -c {v}; su svc -- ./serve.sh {v}; su svc ./serve.sh {v}", "Code Code Code Word Code")]
    [InlineData("ssh deploy@host ./serve.sh {v}; ssh -p 22 -i key host -l u ./serve.sh '{v}'; ssh -- host -p {v}", "RemoteCommand RemoteCommand RemoteCommand")]
    [InlineData("ssh {v} true; ssh host \"{v}\"; env {v} ./serve.sh; env -i '{v}'; env A=1 B=2 bash -c {v}; env A=1 {v}; timeout {v} x", "Code Code Code Code Code Word Word")]
    [InlineData("ssh -o {v} host true; ssh -J {v} host; ssh -oProxyCommand={v} host", "Code Word Code")]
    [InlineData("kubectl exec pod -- ./serve.sh {v}; kubectl -n {v} exec {v} -c app -- sh -c {v}", "Word Word Option Code")]
    [InlineData("docker exec -e A={v} -u svc web ./serve.sh {v}; podman exec -it web bash -c {v}; docker --context c exec web sh -ec {v}", "Word Word Code Code")]
    [InlineData("watch -n 5 ./serve.sh {v}; watch -x ./serve.sh {v}; watch --exec -n 1 sh -c {v}; watch -n {v} x", "Code Word Code Word")]
    [InlineData("flock /run/lock/m ./serve.sh {v}; flock -w {v} m -c {v}; flock m --command {v}; script -c {v} log; script -q log {v}", "Word Word Code Code Code Code")]
    [InlineData("doas -u svc ./serve.sh {v}; doas -u {v} sh -c {v}; chroot /srv ./serve.sh {v}; chroot {v} bash -c {v}", "Word Word Code Word Word Code")]
    [InlineData("\\eval {v}; 'unset' {v}; l\"et\" n={v}; \"bash\" -c {v}; declare \"x\"={v} x\"={v}\" x\\[{v}]=1", "Code VariableName Arithmetic Code Word Word VariableName")]
    public void Read_NameAndCodeOperands_KnownAsBashTakesThem(string template, string sites)
    {
        string.Join(' ', ShellPlaceholder.Read(template, "{v}", "V").Sites).ShouldBe(sites, template);
    }

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("bash")]
    public async Task Substitute_PlaceholderInARedirectionsFileName_IsData_TheFileIsNamedByTheValue(string shell)
    {
        // Before: >x[{v}] was read as an array index and refused; a redirection's target is a file's name.
        foreach (var value in ShellPlaceholderTests.Hostile)
        {
            var (output, ran) = await ShellPlaceholderTests.RunAsync("printf '%s' {v} >x[{v}] && printf '%s\\n' x*", value, shell);

            ran.ShouldBeFalse(value);
            output.ShouldBe($"x[{value}]", value);
        }
    }
}
