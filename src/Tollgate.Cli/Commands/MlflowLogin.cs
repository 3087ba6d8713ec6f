using Tollgate.Canary.Sources;
using Tollgate.Domain;
using Tollgate.Models.Mlflow;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The credential <c>model import --mlflow URL</c> sends besides the URL's own, from MLflow's variables as its Python
/// client reads them: <c>MLFLOW_TRACKING_USERNAME</c> and <c>MLFLOW_TRACKING_PASSWORD</c> as Basic when both are set,
/// else <c>MLFLOW_TRACKING_TOKEN</c> as Bearer; an empty variable is unset. One of the pair without the other is exit 3
/// (MLflow's clients would send nothing and be refused), and so are credentials in the URL with any of the variables
/// set: which was meant is not Tollgate's to guess. These are MLflow's variables, not Tollgate's
/// (<see cref="Processes.SecretVariables"/>): a hook that runs <c>mlflow</c> still sees them.
/// </summary>
internal static class MlflowLogin
{
    private const string User = MlflowCredential.UsernameVariable;
    private const string Password = MlflowCredential.PasswordVariable;
    private const string Token = MlflowCredential.TokenVariable;

    /// <summary>The credential to send to <paramref name="url"/>, which <paramref name="origin"/> (<c>--mlflow</c>, <c>MLFLOW_TRACKING_URI</c>) names.</summary>
    public static MlflowCredential Of(Uri url, string origin, Func<string, string?> variable)
    {
        var (user, password, token) = (Set(variable, User), Set(variable, Password), Set(variable, Token));
        if (url.UserInfo.Length > 0 && (user ?? password ?? token) is not null)
        {
            string[] set = [.. new[] { (User, user), (Password, password), (Token, token) }.Where(v => v.Item2 is not null).Select(v => v.Item1)];
            throw new InvalidInputException($"{origin} {PrometheusUrl.Redact(url)}: credentials in the URL and in {string.Join(" and ", set)}; give them one way: take user:password@ out of the URL, or unset {(set.Length == 1 ? "the variable" : "the variables")}");
        }

        if ((user is null) != (password is null))
        {
            var (given, missing) = user is null ? (Password, User) : (User, Password);
            throw new InvalidInputException($"{given} is set without {missing}: set both for Basic authentication to MLflow, or neither");
        }

        if (user is not null)
        {
            return user.Contains(':', StringComparison.Ordinal)
                ? throw new InvalidInputException($"{User} holds a ':', which Basic authentication cannot carry in a user name")
                : MlflowCredential.Basic(user, password!, $"{User} and {Password}",
                    token is null ? null : $" ({Token}, set too, is not sent: the user and password come first, as in MLflow's clients)");
        }

        if (token?.Trim() is { } trimmed)
        {
            return MlflowCredential.IsToken(trimmed)
                ? MlflowCredential.Bearer(trimmed, Token)
                : throw new InvalidInputException($"{Token} is not one token: it holds white space or a control character");
        }

        return MlflowCredential.None;
    }

    private static string? Set(Func<string, string?> variable, string name) => variable(name) is { Length: > 0 } value ? value : null;
}
