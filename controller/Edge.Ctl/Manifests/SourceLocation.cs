using YamlDotNet.Core;

namespace Edge.Ctl.Manifests;

/// <summary>A 1-based line and column in a manifest file.</summary>
internal readonly record struct SourceLocation(int Line, int Column)
{
    public static SourceLocation From(Mark mark) => new((int)mark.Line, (int)mark.Column);
}
