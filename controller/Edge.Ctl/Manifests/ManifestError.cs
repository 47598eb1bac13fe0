using System.Globalization;
using System.Text;

namespace Edge.Ctl.Manifests;

/// <summary>One problem in a manifest: the file, where in it, which field, and what is wrong.</summary>
/// <param name="File">The manifest path as the user gave it.</param>
/// <param name="Location">Where in the file, when known.</param>
/// <param name="Field">The field's path, e.g. "spec.module"; empty for the file as a whole.</param>
/// <param name="Problem">What is wrong, in words.</param>
internal sealed record ManifestError(string File, SourceLocation? Location, string Field, string Problem)
{
    /// <summary>Compiler style, e.g. <c>hello.yaml:7:11: spec.module: module file "x.wat" not found</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Location is { } location)
        {
            text.Append(CultureInfo.InvariantCulture, $":{location.Line}:{location.Column}");
        }

        text.Append(": ");
        if (Field.Length > 0)
        {
            text.Append(Field).Append(": ");
        }

        return text.Append(Problem).ToString();
    }
}
