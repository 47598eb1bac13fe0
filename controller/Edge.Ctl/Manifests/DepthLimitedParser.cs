using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Edge.Ctl.Manifests;

/// <summary>
/// Passes a parser's events on and counts open mappings and lists; the first one deeper than the
/// limit ends the parse with a <see cref="YamlLimitException"/> at its position. The events come
/// from YamlDotNet's iterative parser, so counting them costs no stack.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, int maxDepth) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > maxDepth)
                {
                    var at = inner.Current.Start;
                    throw new YamlLimitException(at, string.Create(CultureInfo.InvariantCulture,
                        $"YAML nests deeper than {maxDepth} levels of mappings and lists (line {at.Line}, column {at.Column}); a manifest needs far fewer"));
                }

                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
