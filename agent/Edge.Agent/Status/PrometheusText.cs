using System.Globalization;
using System.Text;

namespace Edge.Agent.Status;

/// <summary>Writes the Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).</summary>
internal sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _described = new(StringComparer.Ordinal);

    public PrometheusText Metric(string name, string type, string help, double value, params (string Key, string Value)[] labels)
    {
        if (_described.Add(name))
        {
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        return Sample(name, value, labels);
    }

    /// <summary>A sample under a family already described (histogram _bucket/_sum/_count).</summary>
    public PrometheusText Sample(string name, double value, params (string Key, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                _text.Append(i > 0 ? "," : "").Append(labels[i].Key).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public PrometheusText Describe(string name, string type, string help)
    {
        if (_described.Add(name))
        {
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
