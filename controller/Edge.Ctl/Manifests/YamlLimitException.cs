using YamlDotNet.Core;

namespace Edge.Ctl.Manifests;

/// <summary>A YAML text that is well formed but over one of <see cref="BoundedYaml"/>'s limits.</summary>
internal sealed class YamlLimitException : YamlException
{
    public YamlLimitException(Mark at, string problem)
        : base(at, at, problem) => Problem = problem;

    public YamlLimitException()
        : this(Mark.Empty, "YAML over a limit")
    {
    }

    public YamlLimitException(string message)
        : this(Mark.Empty, message)
    {
    }

    public YamlLimitException(string message, Exception inner)
        : base(message, inner) => Problem = message;

    /// <summary>The limit crossed, in words, without the position prefix of <see cref="Exception.Message"/>.</summary>
    public string Problem { get; }
}
